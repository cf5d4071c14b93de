/**
 * `/loan history` renders every kind of audit entry the app appends (a refusal has no lender, a bulk
 * confirmation no loan, a dismissal a reason someone typed), within Slack's limits, naming each entry's
 * actor and what happened in words. 300 runs; well under a second.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyMessage } from '../../views/loan/history.ts';
import { AUDIT_ACTIONS, auditActionWords } from '../../views/words/operations.ts';
import { checkMessage } from '../../dev/slack-standin/block-kit-limits.ts';
import type { HistoryEntry, HistoryPage } from '../../src/usecases/loan-history.ts';
import type { WriteState } from '../../src/usecases/records.ts';

const STATES: WriteState[] = ['pending', 'sending', 'confirmed', 'failed', 'dismissed'];
const NASTY = ['constructor.toString', '__proto__', 'update_payment.toString', '<!channel>', '*bold*', '<http://x|y>', '\u0000\u001b[31m', '😀'.repeat(40), 'x'.repeat(4_000), ' ', 'null'];
const text = fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom(...NASTY));

const entry: fc.Arbitrary<HistoryEntry> = fc.record({
  id: fc.nat(),
  at: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
  actor: fc.oneof(fc.constantFrom('U01ASHA', 'U03MEERA', 'unknown'), text),
  // Every kind the app appends, and one this version does not know yet.
  action: fc.oneof(fc.constantFrom(...AUDIT_ACTIONS), text),
  loanId: fc.constantFrom('1001', null),
  lender: fc.constantFrom('credgenics' as const, 'apollo' as const, null),
  outcome: fc.oneof(fc.constantFrom('confirmed', 'dismissed', 'failed: HTTP 400 — nope', 'needs supervisor', 'confirmed by reconciliation', ''), text),
  detail: text,
  writeId: fc.constantFrom('w_abc', null),
  writeState: fc.constantFrom(...STATES, undefined),
});

describe('the history of a loan (300 runs)', () => {
  it('renders every audit entry kind, within Block Kit limits, one line per entry', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 10 }), fc.nat({ max: 40 }), (entries, more) => {
        const page: HistoryPage = { loanId: '1001', entries, offset: 0, total: entries.length + more };
        const message = historyMessage(page, 'Asia/Kolkata');
        expect(checkMessage({ text: message.text, blocks: message.blocks })).toEqual([]);
        const shown = JSON.stringify(message.blocks);
        for (const e of entries.filter((x) => /^U[A-Z0-9]+$/.test(x.actor))) expect(shown).toContain(`<@${e.actor}>`);
        expect(shown).not.toMatch(/\(null\)|\(undefined\)|<@unknown>/);
      }),
      { numRuns: 300 },
    );
  });

  it('names every kind the app appends in words, not as its code', () => {
    for (const action of AUDIT_ACTIONS) {
      const words = auditActionWords(action);
      expect(words, action).not.toMatch(/_|\./);
      expect(words, action).not.toBe(action.replace(/[._]/g, ' '));
    }
  });
});
