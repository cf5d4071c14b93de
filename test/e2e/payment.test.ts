import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, lookUp, openPaymentByCommand, openPaymentFromSummary, patchesTo } from './payment-helpers.ts';
import { currentYearMonth, formatAllocationMonth } from '../../src/domain/allocation-month.ts';

const h = useHarness();

const thisMonth = formatAllocationMonth(currentYearMonth(new Date(), 'Asia/Kolkata'));

describe('Record payment', () => {
  it('button → modal → review → confirm → one PATCH → confirmation in the summary’s thread', async () => {
    const summary = await lookUp(h, '1001');
    const form = await openPaymentFromSummary(h, summary.ts);
    expect(visibleText({ blocks: form.blocks })).toContain('Amount recovered');
    // The trigger was used within Slack's 3 s.
    expect(h.slack.triggerUses.at(-1)?.ok).toBe(true);

    const review = await h.slack.submitView({ userId: ASHA, values: GOOD_PAYMENT });
    expect(review.outcome).toBe('updated');
    expect(review.viewAfter?.submit?.text).toBe('Confirm');
    const reviewText = visibleText({ blocks: review.viewAfter?.blocks });
    expect(reviewText).toContain('₹34,500');
    expect(reviewText).toContain('Partially Recovered');
    expect(reviewText).toContain('Online');
    expect(patchesTo(h, '1001')).toHaveLength(0);

    const confirm = await h.slack.submitView({ userId: ASHA });
    expect(confirm.outcome).toBe('updated');
    expect(confirm.ackMs).toBeLessThan(1000);
    const confirmation = await h.slack.waitForMessage(CHANNEL, (m) => m.thread_ts === summary.ts && m.text.includes('Payment recorded'));
    const text = visibleText(confirmation);
    expect(text).toContain('₹34,500');
    expect(text).toContain('Partially Recovered');
    expect(text).toContain('payment reference UTR412345678901');
    expect(text).toContain('<@U01ASHA>');
    expect(text).toContain('Data updated successfully');

    const patches = patchesTo(h, '1001');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.query).toEqual({ allocation_month: thisMonth });
    expect(patches[0]?.headers['authenticationtoken']).toBe('cg-e2e-auth-token-secret');
    expect(patches[0]?.headers['content-type']).toContain('application/json');
    expect(patches[0]?.body).toEqual({
      final_status: 'Partially Recovered',
      amount_recovered: 34500,
      payment_method: 'Online',
      date_of_default: '2026-10-05',
      payment_reference_number: 'UTR412345678901',
    });
    // The summary was refreshed in place with the new amount recovered (8,500 + 34,500).
    await h.slack.waitFor(() => visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === summary.ts)).includes('₹43,000'));
  });

  it('shows every validation error inline and sends nothing', async () => {
    await openPaymentByCommand(h, '1002');
    const cases: Array<[Record<string, string | null>, string, RegExp]> = [
      [{ ...GOOD_PAYMENT, amount: 'abc' }, 'amount', /digits/],
      [{ ...GOOD_PAYMENT, amount: '0' }, 'amount', /more than ₹0/],
      [{ ...GOOD_PAYMENT, amount: '-500' }, 'amount', /more than ₹0/],
      [{ ...GOOD_PAYMENT, date_of_default: null }, 'date_of_default', /Required when the final status is Partially Recovered/],
      [{ ...GOOD_PAYMENT, closure_with: 'NOC' }, 'closure_with', /only for a Closed loan/],
      [{ ...GOOD_PAYMENT, date_of_default: '2099-01-01' }, 'date_of_default', /future/],
      [{ ...GOOD_PAYMENT, reference: 'a b' }, 'reference', /reference/],
    ];
    for (const [values, field, message] of cases) {
      const result = await h.slack.submitView({ userId: ASHA, values });
      expect(result.outcome, JSON.stringify(values)).toBe('errors');
      expect(result.errors?.[field]).toMatch(message);
    }
    expect(patchesTo(h, '1002')).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  it('records a Closed payment without a date of default', async () => {
    await openPaymentByCommand(h, '1002');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, final_status: 'Closed', date_of_default: null, closure_with: 'Settlement', reference: 'CLS-0001' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*1002/);
    const body = patchesTo(h, '1002')[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ final_status: 'Closed', closure_with: 'Settlement' });
    expect(body).not.toHaveProperty('date_of_default');
  });

  it('sends client_customer_id for a credit-line loan', async () => {
    const form = await openPaymentByCommand(h, '2001');
    expect(visibleText({ blocks: form.blocks })).toContain('Client customer ID');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'CL-REF-1' } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*2001/);
    expect(patchesTo(h, '2001')[0]?.body).toMatchObject({ client_customer_id: '189004', amount_recovered: 34500 });
  });

  it('refuses inline a client customer ID that is not the credit line’s own, and sends nothing', async () => {
    await openPaymentByCommand(h, '2002');
    const result = await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'CL-REF-2', client_customer_id: '999999' } });
    expect(result.errors?.['client_customer_id']).toBe('Loan 2002 belongs to customer 189004 in Credgenics, not 999999');
    await h.slack.closeView({ userId: ASHA });
    expect(patchesTo(h, '2002')).toHaveLength(0);
  });

  it('sends one PATCH for a double Confirm and for Slack retrying the submission', async () => {
    await openPaymentByCommand(h, '1003');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'DBL-0001' } });
    const first = h.slack.submitView({ userId: ASHA });
    const second = h.slack.submitView({ userId: ASHA });
    const [a] = await Promise.all([first, second]);
    if (a.request) await h.slack.resend(a.request, 1);
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*1003/);
    await h.waitUntilQuiet();
    expect(patchesTo(h, '1003')).toHaveLength(1);
  });

  it('asks before recording what looks like the same payment twice', async () => {
    const values = { ...GOOD_PAYMENT, amount: '1,111', reference: 'DUP-0001' };
    await openPaymentByCommand(h, '1004');
    await h.slack.submitView({ userId: ASHA, values: { ...values, final_status: 'Closed', date_of_default: null } });
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Payment recorded.*1004/);

    await openPaymentByCommand(h, '1004');
    const review = await h.slack.submitView({ userId: ASHA, values: { ...values, final_status: 'Closed', date_of_default: null } });
    expect(visibleText({ blocks: review.viewAfter?.blocks })).toMatch(/looks like a duplicate\*? of the payment recorded at \d\d:\d\d by <@U01ASHA>/);
    expect(review.viewAfter?.submit?.text).toBe('Record anyway');
    expect(patchesTo(h, '1004')).toHaveLength(1);
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitFor(() => patchesTo(h, '1004').length === 2);
  });

  it('shows Credgenics’ own message when it rejects a payment (400), as an alert with Edit & retry', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'No default found for allocation_month 2026-11-01' } });
    await openPaymentByCommand(h, '1002');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'BAD-0001' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /Recording a payment on loan \S+ failed/);
    const text = visibleText(alert);
    expect(text).toContain('HTTP 400');
    expect(text).toContain('No default found for allocation_month 2026-11-01');
    expect(JSON.stringify(alert.blocks)).toContain('Edit & retry');
    // Copied to the alerts channel.
    await h.slack.waitForMessage('C0ALERTS', /Recording a payment on loan \S+ failed/);
  });

  it('reports a timeout in words and does not send the PATCH a second time', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, delayMs: 4000 });
    await openPaymentByCommand(h, '1003');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'TMO-0001' } });
    const confirm = await h.slack.submitView({ userId: ASHA });
    expect(confirm.ackMs).toBeLessThan(1000);
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('Recording a payment on loan 1003 failed'), { timeoutMs: 8000 });
    expect(visibleText(alert)).toContain('timed out after 2 s');
    expect(patchesTo(h, '1003')).toHaveLength(1);
  });
});

describe('Record payment from a channel loanbot is not a member of', () => {
  it('sends the confirmation to the person directly, saying why', async () => {
    await h.slack.slashCommand({ text: 'pay 1002', userId: ASHA, channelId: 'C0RANDOM' });
    await h.slack.waitForView(ASHA, 'payment_form');
    await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, reference: 'DM-0001' } });
    await h.slack.submitView({ userId: ASHA });
    const dm = await h.slack.waitFor(() => h.slack.allMessages().find((m) => m.channel.startsWith('D') && m.text.includes('Payment recorded on loan 1002 in Credgenics')));
    expect(visibleText(dm)).toContain('loanbot is not a member of <#C0RANDOM>');
  });
});
