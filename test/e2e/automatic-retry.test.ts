import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

// Three tries with (shortened) backoff; the alert is posted at the first failure, saying loanbot tries
// again, and updated in place as the write moves on. A 4xx is never retried by itself.
const h = useHarness({ writePolicy: { triesPerRun: 3, backoffMs: () => 50 } });

async function pay(loanId: string, reference: string) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  await h.slack.submitView({ userId: ASHA });
}

describe('automatic retries of transient failures', () => {
  it('a 503 then a 500 then success: the alert comes at once, says when loanbot tries again, and ends resolved; recorded once', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, times: 1 });
    h.credgenics.addFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
    await pay('1001', 'AUTO-0001');
    const first = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1001 failed'), { timeoutMs: 10_000 });
    expect(visibleText(first)).toMatch(/Credgenics answered 503 at \d\d:\d\d/);
    expect(visibleText(first)).toMatch(/loanbot checks loan 1001 at \d\d:\d\d:\d\d and sends it again only if the payment is not there/);
    expect(visibleText(first)).not.toMatch(/attempt \d of \d/); // no budget counters a person never set
    expect(JSON.stringify(first.blocks)).toContain('Retry now');
    await h.slack.waitForMessage('C0ALERTS', (m) => m.text.includes('loan 1001 failed'), { timeoutMs: 10_000 });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1001 in Credgenics/);
    expect(patchesTo(h, '1001')).toHaveLength(3);
    expect(h.credgenics.payments('1001')).toHaveLength(1);
    const resolved = h.slack.messages(CHANNEL).find((m) => m.ts === first.ts);
    expect(visibleText(resolved)).toContain('Resolved');
  });

  it('gives up after three tries: the same alert, updated in place, says so with the attempts', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 502 });
    await pay('1002', 'AUTO-0002');
    const first = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1002 failed'), { timeoutMs: 10_000 });
    const final = await h.slack.waitForMessage(CHANNEL, (m) => m.ts === first.ts && visibleText(m).includes('after 3 tries'));
    expect(patchesTo(h, '1002')).toHaveLength(3);
    expect(visibleText(final)).toMatch(/Attempts\*?\n3/);
    expect(JSON.stringify(final.blocks)).toContain('alert_retry');
    expect(h.slack.messages(CHANNEL).filter((m) => m.text.includes('loan 1002 failed'))).toHaveLength(1);
  });

  it('never retries a 400 by itself', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'final_status must be one of: Partially Recovered, Closed' } });
    await pay('1003', 'AUTO-0003');
    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1003 failed'));
    expect(patchesTo(h, '1003')).toHaveLength(1);
  });
});
