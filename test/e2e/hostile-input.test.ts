/**
 * Hostile input through the real HTTP path (fast-check, 60 command runs and 40 modal runs):
 * no crash, no Slack error, nothing pinged or linked through loanbot, no lender request built from it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

const h = useHarness();

const INJECTIONS = ['<!channel>', '<!here|here>', '<@U03MEERA>', '<http://evil.example|click me>', '*bold* _it_', '&lt;', '1e309', '١٢٣', '\u0000\u0007', '😀'.repeat(30), 'x'.repeat(5000), '../../admin', '1001?x=1', 'pay ../../x', 'history <!channel>'];
const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...INJECTIONS));

function noPingsOrLinks(message: string) {
  expect(message).not.toMatch(/<!(channel|here|everyone)/);
  expect(message).not.toContain('<http://evil.example');
  expect(message).not.toContain('<@U03MEERA>');
}

describe('hostile input through Slack', () => {
  it('any /loan text: 200 at once, usage or a lookup, nothing injected', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const before = h.credgenics.requests.length;
        const ack = await h.slack.slashCommand({ text: t, userId: ASHA });
        expect(ack.status).toBe(200);
        expect(ack.ackMs).toBeLessThan(1000);
        noPingsOrLinks(visibleText(h.slack.ephemerals(ASHA).at(-1)));
        for (const r of h.credgenics.requests.slice(before)) expect(r.path).toMatch(/^\/recovery\/loan\/[A-Za-z0-9_-]+$/);
      }),
      { numRuns: 60 },
    );
    h.slack.assertNoViolations();
  });

  it('any modal value: an inline error or a review that escapes it; never a PATCH before Confirm', async () => {
    await openPaymentByCommand(h, '1002');
    let reviews = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, fc.constantFrom('34500', '1,000.50')), fc.oneof(text, fc.constantFrom('UTR123456')), text, async (amount, reference, mode) => {
        const result = await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, amount, reference, payment_mode: mode } });
        expect(['errors', 'updated', 'blocked']).toContain(result.outcome);
        if (result.outcome === 'updated') {
          reviews += 1;
          noPingsOrLinks(visibleText({ blocks: result.viewAfter?.blocks }));
          await h.slack.clickButton({ viewId: result.viewAfter!.id, actionId: 'payment_review_edit', userId: ASHA });
          await h.slack.waitForView(ASHA, 'payment_form');
        }
      }),
      { numRuns: 40 },
    );
    expect(patchesTo(h, '1002')).toHaveLength(0);
    expect(reviews).toBeGreaterThan(0);
    h.slack.assertNoViolations();
  });
});
