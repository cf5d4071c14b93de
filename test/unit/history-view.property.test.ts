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
import type { OutboxWrite, WriteState } from '../../src/usecases/records.ts';

const STATES: WriteState[] = ['pending', 'sending', 'confirmed', 'failed', 'dismissed'];

/** The entry's write as it stands, in each state and after each kind of failure. */
function writeIn(state: WriteState, lastError: string | null, lastStatus: number | null, needsReconcile: boolean): OutboxWrite {
  return {
    id: 'w_abc', idempotencyKey: 'k', lender: 'credgenics', operation: 'update_payment', loanId: '1001', request: { v: 1 }, summary: '₹1', fingerprint: null,
    requestedBy: 'U01ASHA', channelId: 'C1', threadTs: null, sourceMessageTs: null, state, attempts: lastError ? 1 : 0, lastStatus, lastError, lenderMessage: null,
    retryable: lastStatus !== null && lastStatus < 500 ? false : true, result: null, alerts: [], createdAt: 0, updatedAt: 0, sentAt: 0, confirmedAt: null, resolvedBy: null,
    dismissReason: null, dueAt: 1, leaseOwner: null, leaseExpiresAt: null, inFlight: false, needsReconcile, settleAfter: needsReconcile ? 2 : null, force: false,
    runBy: null, lockKey: null, priority: 0, viewId: null, maxAttempts: 3,
  };
}
const write = fc.option(
  fc
    .tuple(fc.constantFrom(...STATES), fc.constantFrom(null, 'HTTP 400', 'HTTP 500', 'timed out after 10 s', 'not verifiable from the loan'), fc.constantFrom(null, 400, 500), fc.boolean())
    .map(([state, lastError, lastStatus, doubt]) => writeIn(state, lastError, lastStatus, doubt)),
  { nil: undefined },
);
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
  write,
}).map((e) => ({ ...e, writeState: e.write?.state }));

describe('the history of a loan (300 runs)', () => {
  it('renders every audit entry kind, within Block Kit limits, one line per entry', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 10 }), fc.nat({ max: 40 }), (entries, more) => {
        const page: HistoryPage = { loanId: '1001', entries, offset: 0, total: entries.length + more };
        const message = historyMessage(page, 'Asia/Kolkata', 0);
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
