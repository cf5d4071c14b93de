/**
 * Reconciliation's edges, as Credgenics shows them: a loan with a default in the same month of another
 * year, and another of loanbot's payments to the same loan and month whose settle window has not ended.
 * Each is a payment in doubt (Credgenics timed out, then applied it late, or not), checked by an automatic
 * retry: what Credgenics applied, and what the channel is told.
 */
import { describe, expect, it } from 'vitest';
import { addMonths, currentYearMonth, formatAllocationMonth } from '../../src/domain/allocation-month.ts';
import { call } from '../../dev/kit/http.ts';
import { CG_ROLE, CG_TOKEN, visibleText } from './harness.ts';
import { useHarness } from './use-harness.ts';
import { ASHA, CHANNEL, GOOD_PAYMENT, openPaymentByCommand, patchesTo } from './payment-helpers.ts';

// Credgenics is given up on after 600 ms; the late applies below land within 1.5 s of the send; a payment
// in doubt is checked 2.5 s after it was sent, by an automatic retry.
const TIMEOUT_MS = 600;
const h = useHarness({ env: { CREDGENICS_TIMEOUT_MS: String(TIMEOUT_MS) }, writePolicy: { triesPerRun: 3, settleMs: 2_500 } });
const AUTH = { authenticationtoken: CG_TOKEN, role: CG_ROLE };

async function confirmPayment(loanId: string, values: Record<string, string>) {
  await openPaymentByCommand(h, loanId);
  const review = await h.slack.submitView({ userId: ASHA, values: { ...GOOD_PAYMENT, ...values } });
  expect(review.outcome, JSON.stringify(review.errors)).toBe('updated');
  return h.slack.submitView({ userId: ASHA });
}

describe('reconciling a payment in doubt', { timeout: 30_000 }, () => {
  it('reads the default of the payment’s own year, not the same month of another year', async () => {
    // A loan in default this month and in the same month last year, with ₹5,000 recovered on last year's.
    const thisMonth = currentYearMonth(new Date(), 'Asia/Kolkata');
    const months = [addMonths(thisMonth, -12), thisMonth].map(formatAllocationMonth);
    const defaults = months.map((allocation_month) => ({
      allocation_month, total_claim_amount: 60_000, late_fee: null, date_of_default: null, expected_emi: 5_500, default_emi_number: null,
      settlement_amount: null, client_amount_recovered: null, principal_outstanding_amount: null, expected_emi_interest_amount: null,
      expected_emi_principal_amount: null, other_penalty: null,
    }));
    const added = await call(`${h.credgenics.url}/recovery/loan/7001`, {
      method: 'POST', headers: AUTH,
      body: { loan_id: '7001', loan_type: 'Personal Loan', applicant_name: 'Sunita Devi', total_loan_amount: 60_000, applicant_address: [{ applicant_address_type: 'Home', applicant_address_text: '12, Gandhi Nagar, Jaipur', applicant_state: 'Rajasthan', applicant_city: 'Jaipur', applicant_pincode: 302_015 }], defaults },
    });
    expect(added.status, added.text).toBe(201);
    const branch = await call(`${h.credgenics.url}/recovery/recovery/update/7001?allocation_month=${months[0]}`, {
      method: 'PATCH', headers: AUTH, body: { amount_recovered: 5_000, final_status: 'Partially Recovered', payment_method: 'Cash', date_of_default: '2025-11-05' },
    });
    expect(branch.status, branch.text).toBe(200);

    // loanbot's payment for this month times out and is applied after loanbot stopped waiting.
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 1_500, times: 1 });
    await confirmPayment('7001', { amount: '34,500', reference: 'YEAR-0001' });
    const done = await h.slack.waitForMessage(CHANNEL, /Payment recorded on loan 7001 in Credgenics/, { timeoutMs: 15_000 });
    expect(visibleText(done)).toContain('nothing was sent twice');
    await h.waitUntilQuiet({ quietMs: 500 });
    expect(patchesTo(h, '7001')).toHaveLength(2); // the branch's, and loanbot's once
    expect(h.credgenics.payments('7001').filter((p) => p.allocationMonth === months[1]).map((p) => p.amountRecovered)).toEqual([34_500]);
  });

  it('counts another payment to the loan and month as possibly applied until its own settle window ends', async () => {
    // Two payments of ₹4,444 to loan 1003 for this month, confirmed together. The first times out and is
    // applied late; the second is sent as soon as the first is off the wire (reading its baseline before the
    // late apply), and times out without being applied. When the second is checked, the amount rose by
    // ₹4,444: the first's or the second's — loanbot cannot tell, so it must not say the second was recorded.
    h.credgenics.setFault({ match: { method: 'PATCH' }, applyLateMs: 1_500, times: 1 });
    h.credgenics.addFault({ match: { method: 'PATCH' }, delayMs: 2 * TIMEOUT_MS, times: 1 });
    await confirmPayment('1003', { amount: '4,444', reference: 'SETTLE-A' });
    await confirmPayment('1003', { amount: '4,444', reference: 'SETTLE-B' });
    await h.slack.waitFor(() => (patchesTo(h, '1003').length >= 2 ? true : undefined), { timeoutMs: 5_000, description: 'both payments sent' });
    const [a, b] = patchesTo(h, '1003');
    expect(JSON.stringify(a?.body)).toContain('SETTLE-A');
    expect(JSON.stringify(b?.body)).toContain('SETTLE-B');

    await h.slack.waitFor(() => (h.credgenics.payments('1003').length === 1 ? true : undefined), { timeoutMs: 5_000, description: 'the first applied late' });
    // Each is checked after its settle window: then said recorded, or a person is asked.
    const outcomeOf = (reference: string) => h.slack.messages(CHANNEL).map((m) => visibleText(m)).find((text) => text.includes(`payment reference ${reference}`) && /Payment recorded on loan 1003|cannot tell from the loan/.test(text));
    await h.slack.waitFor(() => (outcomeOf('SETTLE-A') && outcomeOf('SETTLE-B') ? true : undefined), { timeoutMs: 15_000, description: 'both payments checked' });
    await h.waitUntilQuiet({ quietMs: 500 });
    // A payment said recorded is one Credgenics applied: never the one it never got (that payment would be lost).
    const applied = h.credgenics.payments('1003').map((p) => p.paymentReferenceNumber);
    expect(applied).toEqual(['SETTLE-A']);
    for (const reference of ['SETTLE-A', 'SETTLE-B']) {
      if (outcomeOf(reference)?.includes('Payment recorded')) expect(applied).toContain(reference);
    }
  });
});
