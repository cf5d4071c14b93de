import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

// Three tries with (shortened) backoff before a transient failure becomes an alert; never for a 4xx.
const h = useHarness({ writePolicy: { autoRetries: 2, backoffMs: () => 50 } });

async function pay(loanId: string, reference: string) {
  await openPaymentByCommand(h, loanId);
  await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference } });
  await h.slack.submitView({ userId: ASHA });
}

describe('automatic retries of transient failures', () => {
  it('a 503 then a 500 then success: recorded once, no alert', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 503, times: 1 });
    h.credgenics.addFault({ match: { method: 'PATCH' }, status: 500, times: 1 });
    await pay('1001', 'AUTO-0001');
    await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1001 in Credgenics/);
    expect(patchesTo(h, '1001')).toHaveLength(3);
    expect(h.credgenics.payments('1001')).toHaveLength(1);
    expect(h.slack.messages(CHANNEL).some((m) => m.text.includes('loan 1001 failed'))).toBe(false);
  });

  it('gives up after three tries and alerts, attempts shown', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 502 });
    await pay('1002', 'AUTO-0002');
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1002 failed'));
    expect(patchesTo(h, '1002')).toHaveLength(3);
    expect(visibleText(alert)).toMatch(/Attempts\*?\n3/);
  });

  it('never retries a 400 by itself', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'final_status must be one of: Partially Recovered, Closed' } });
    await pay('1003', 'AUTO-0003');
    await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan 1003 failed'));
    expect(patchesTo(h, '1003')).toHaveLength(1);
  });
});
