/**
 * A month whose number has one digit. Credgenics takes `allocation_month=2027-3-01` and refuses
 * `2027-03-01`; in December (when most of this suite runs) both spellings are the same, so here loanbot and
 * the sandbox Credgenics run on 15 March 2027 (the injected wall clock; time still passes as usual).
 */
import { describe, expect, it } from 'vitest';
import { visibleText } from './harness.ts';
import { useHarness } from './use-harness.ts';
import { HEADER, reviewOf, waitForBatchEnd } from './bulk-helpers.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

const offset = Date.parse('2027-03-15T10:00:00+05:30') - Date.now();
const h = useHarness({ now: () => new Date(Date.now() + offset) });

describe('in March', () => {
  it('a payment is recorded for Mar 2027, sent as allocation_month=2027-3-01', async () => {
    const form = await openPaymentByCommand(h, '1001');
    expect(visibleText({ blocks: form.blocks })).toContain('Mar 2027');
    const review = await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'MARCH-0001' } });
    expect(visibleText({ blocks: review.viewAfter?.blocks })).toContain('Mar 2027');
    await h.slack.submitView({ userId: ASHA });
    const done = await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 1001 in Credgenics/, { timeoutMs: 10_000 });
    expect(visibleText(done)).toContain('for Mar 2027');
    expect(patchesTo(h, '1001').map((r) => r.query['allocation_month'])).toEqual(['2027-3-01']);
    expect(h.credgenics.payments('1001').map((p) => p.allocationMonth)).toEqual(['2027-3-01']);
  });

  it('a bulk row for 2027-03 is sent as allocation_month=2027-3-01', async () => {
    await reviewOf(h, 'march.csv', [HEADER, '1002,1500,Partially Recovered,Cash,2027-03,2027-02-05,MARCH-BULK-1', '1003,2500,Closed,Cash,Mar 2027,,MARCH-BULK-2'].join('\n'));
    await h.slack.submitView({ userId: ASHA });
    const end = await waitForBatchEnd(h, 'march.csv');
    expect(visibleText(end)).toContain('*2* recorded');
    expect([...patchesTo(h, '1002'), ...patchesTo(h, '1003')].map((r) => r.query['allocation_month'])).toEqual(['2027-3-01', '2027-3-01']);
  });
});
