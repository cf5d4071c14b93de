/**
 * Forms as a person fills them in, shared by the Edit & retry suites: an Add loan's page 1 and an Update
 * in Apollo up to its review.
 */
import { expect } from 'vitest';
import { visibleText, type Harness } from './harness.ts';
import { ASHA, CHANNEL } from './payment-helpers.ts';

/** Add loan, page 1 (expected_emi_interest_amount and other_penalty left empty). */
export const LENDING_LOAN = {
  loan_id: 'EDIT-ADD-1', loan_type: 'Personal Loan', total_loan_amount: '50,000', applicant_name: 'Shri Ram',
  applicant_address_type: 'Home', applicant_address_text: '395/13 veer dua colony baldev nager', applicant_state: 'Rajasthan', applicant_city: 'Jodhpur', applicant_pincode: '342001',
  total_claim_amount: '1,13,000', late_fee: '59443', date_of_default: '2025-04-07', expected_emi: '54000', default_emi_number: '12', settlement_amount: '45000',
  client_amount_recovered: '0', principal_outstanding_amount: '45000', expected_emi_principal_amount: '45000', expected_emi_interest_amount: null, other_penalty: null,
};

/** A PL loan's dates, 30 days apart. */
export const APOLLO_DATES = { disbursement_date: '2026-01-05', first_date: '2026-02-04' };

/** `/loan apollo <id>`, loan type PL, `values`, up to the review. */
export async function apolloReview(h: Harness, loanId: string, values: Record<string, string>): Promise<void> {
  const text = (v: { blocks?: unknown }) => visibleText({ blocks: v.blocks });
  await h.slack.slashCommand({ text: `apollo ${loanId}`, userId: ASHA, channelId: CHANNEL });
  const form = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'apollo_form' && text(v).includes(loanId));
  await h.slack.selectOption({ userId: ASHA, viewId: form.id, actionId: 'apollo_loan_type', value: 'PL' });
  await h.slack.waitForView(ASHA, (v) => v.callback_id === 'apollo_form' && JSON.stringify(v.blocks).includes('"value":"PL"'));
  const review = await h.slack.submitView({ userId: ASHA, values });
  expect(review.viewAfter?.callback_id).toBe('apollo_review');
}
