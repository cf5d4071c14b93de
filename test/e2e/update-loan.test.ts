import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, visibleText, type Harness } from './harness.ts';
import { ASHA, CHANNEL, lookUp, moreOf } from './payment-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.credgenics.reset();
  h.slack.assertNoViolations();
});
afterEach(() => {
  h.slack.assertNoViolations();
});

const patches = (path: string) => h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path === path);
const allPatches = () => h.credgenics.requests.filter((r) => r.method === 'PATCH');

async function openByCommand(loanId: string) {
  const ack = await h.slack.slashCommand({ text: `update ${loanId}`, userId: ASHA, channelId: CHANNEL });
  expect(ack.status).toBe(200);
  return h.slack.waitForView(ASHA, 'update_loan_form');
}

/** 1002 as seeded (the docs' Add Loan sample): what the form starts with for the fields these tests touch. */
const AS_SEEDED_1002 = {
  applicant_contact_number: '9805265926',
  applicant_email: 'shriram@gmail.com',
  applicant_pincode: '342001',
  applicant_monthly_income: '40000',
  emi_amount: '6000',
  total_loan_amount: '50000',
  loan_end_date: '2019-04-06',
  settlement_amount: '45000',
  late_fee: '59443',
};

describe('Update loan (lending)', () => {
  it('button → pre-filled form → review (masked) → confirm → PATCH with only the changed fields → summary shows them', async () => {
    const summary = await lookUp(h, '1002');
    const click = await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_update_loan', userId: ASHA, channelId: CHANNEL });
    expect(click.status).toBe(200);
    expect(click.ackMs).toBeLessThan(1000);
    const form = await h.slack.waitForView(ASHA, 'update_loan_form');
    expect(h.slack.triggerUses.at(-1)?.ok).toBe(true);
    const formText = visibleText({ blocks: form.blocks });
    for (const label of ['Phone', 'Email', 'Address', 'State', 'City', 'Pincode', 'Monthly income', 'Occupation', 'Language', 'EMI amount', 'Total loan amount', 'Loan end date', 'Settlement amount', 'Late fee']) {
      expect(formText).toContain(label);
    }
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"6000"');

    const review = await h.slack.submitView({ userId: ASHA, values: { applicant_contact_number: '+91 91234 51234', emi_amount: '6,500' } });
    expect(review.outcome).toBe('updated');
    expect(review.viewAfter?.submit?.text).toBe('Confirm');
    const reviewText = visibleText({ blocks: review.viewAfter?.blocks });
    expect(reviewText).toContain('XXXXXX5926 → XXXXXX1234');
    expect(reviewText).toContain('₹6,000 → ₹6,500');
    expect(reviewText).not.toContain('9123451234');
    expect(allPatches()).toHaveLength(0);

    const confirm = await h.slack.submitView({ userId: ASHA });
    expect(confirm.outcome).toBe('updated');
    expect(confirm.ackMs).toBeLessThan(1000);
    const confirmation = await h.slack.waitForMessage(CHANNEL, (m) => m.thread_ts === summary.ts && m.text.includes('updated in Credgenics'));
    const text = visibleText(confirmation);
    expect(text).toContain('Phone → XXXXXX1234 · EMI ₹6,000 → ₹6,500');
    expect(text).not.toContain('9123451234');
    expect(text).toContain('Loan successfully updated');

    const sent = patches('/recovery/loan/1002');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['authenticationtoken']).toBe('cg-e2e-auth-token-secret');
    expect(sent[0]?.body).toEqual({ applicant_contact_number: '9123451234', emi_amount: 6500 });
    // The summary refreshes in place…
    await h.slack.waitFor(() => h.slack.calls.some((c) => c.method === 'chat.update' && c.args['ts'] === summary.ts));
    // …and the next lookup shows the new values, masked (under More).
    const since = h.slack.lastMessage(CHANNEL)?.ts;
    await h.slack.slashCommand({ text: '1002', userId: ASHA, channelId: CHANNEL });
    const again = await moreOf(h, (await h.slack.waitForMessage(CHANNEL, /Loan 1002/, { since })).ts, '1002');
    expect(again).toContain('XXXXXX1234');
    expect(again).toContain('₹6,500');
    expect(again).not.toContain('9123451234');
  });

  it('Edit on the review brings back what was typed', async () => {
    await openByCommand('1002');
    const review = await h.slack.submitView({ userId: ASHA, values: { emi_amount: '6,500', applicant_occupation: 'Business' } });
    expect(review.viewAfter?.callback_id).toBe('update_loan_review');
    await h.slack.clickButton({ userId: ASHA, actionId: 'update_loan_review_edit' });
    const form = await h.slack.waitForView(ASHA, 'update_loan_form');
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"6,500"');
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"Business"');
    const again = await h.slack.submitView({ userId: ASHA });
    expect(visibleText({ blocks: again.viewAfter?.blocks })).toContain('Job → Business');
    expect(allPatches()).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  it('says "nothing changed" inline and sends nothing', async () => {
    await openByCommand('1002');
    const same = await h.slack.submitView({ userId: ASHA, values: { applicant_contact_number: '+91 98052 65926', emi_amount: '6,000' } });
    expect(same.outcome).toBe('errors');
    expect(same.errors).toEqual({ applicant_contact_number: 'Nothing changed: edit at least one field' });
    expect(allPatches()).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  it('shows every validation error inline on its field and sends nothing', async () => {
    await openByCommand('1002');
    const cases: Array<[Record<string, string | null>, string, RegExp]> = [
      [{ applicant_contact_number: '12345' }, 'applicant_contact_number', /10-digit Indian mobile/],
      [{ applicant_contact_number: '5805265926' }, 'applicant_contact_number', /starting with 6–9/],
      [{ applicant_email: 'shri@' }, 'applicant_email', /email address/],
      [{ applicant_pincode: '34200' }, 'applicant_pincode', /6 digits/],
      [{ applicant_monthly_income: '0' }, 'applicant_monthly_income', /more than ₹0/],
      [{ emi_amount: '-500' }, 'emi_amount', /more than ₹0/],
      [{ emi_amount: '6500.50' }, 'emi_amount', /Whole rupees/],
      [{ total_loan_amount: 'fifty' }, 'total_loan_amount', /digits/],
      [{ late_fee: '-1' }, 'late_fee', /Cannot be negative/],
      [{ loan_end_date: '2025-02-30' }, 'loan_end_date', /real date/],
      [{ emi_amount: null }, 'emi_amount', /cannot be emptied/],
    ];
    for (const [values, field, message] of cases) {
      const result = await h.slack.submitView({ userId: ASHA, values: { ...AS_SEEDED_1002, ...values } });
      expect(result.outcome, JSON.stringify(values)).toBe('errors');
      expect(Object.keys(result.errors ?? {})).toEqual([field]);
      expect(result.errors?.[field]).toMatch(message);
    }
    expect(allPatches()).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  it('sends one PATCH for a double Confirm and for Slack retrying the submission', async () => {
    await openByCommand('1003');
    await h.slack.submitView({ userId: ASHA, values: { emi_amount: '4,000' } });
    const [a] = await Promise.all([h.slack.submitView({ userId: ASHA }), h.slack.submitView({ userId: ASHA })]);
    if (a.request) await h.slack.resend(a.request, 1);
    await h.slack.waitForMessage(CHANNEL, /Loan 1003 updated in Credgenics/);
    await h.waitUntilQuiet();
    expect(patches('/recovery/loan/1003')).toHaveLength(1);
    expect(patches('/recovery/loan/1003')[0]?.body).toEqual({ emi_amount: 4000 });
  });

  it('posts an alert with Credgenics’ own message when it rejects the update (400)', async () => {
    h.credgenics.setFault({ match: { method: 'PATCH' }, status: 400, body: { message: 'loan_end_date cannot be before client_loan_sanction_date' } });
    await openByCommand('1004');
    await h.slack.submitView({ userId: ASHA, values: { loan_end_date: '2020-01-01' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /Updating loan \S+ failed/);
    const text = visibleText(alert);
    expect(text).toContain('HTTP 400');
    expect(text).toContain('loan_end_date cannot be before client_loan_sanction_date');
    expect(JSON.stringify(alert.blocks)).toContain('"action_id":"alert_edit_retry"');
    expect(JSON.stringify(alert.blocks)).not.toContain('"action_id":"alert_retry"');
    await h.slack.waitForMessage('C0ALERTS', /Updating loan \S+ failed/);
    await h.slack.waitForView(ASHA, (v) => visibleText({ blocks: v.blocks }).includes('Credgenics answered'));
    expect(patches('/recovery/loan/1004')).toHaveLength(1);
  });
});

describe('Update loan (credit line)', () => {
  it('picks transaction 2002, fills the form from it, and PATCHes the transaction path with the changed field', async () => {
    const summary = await lookUp(h, '2001');
    await h.slack.clickButton({ messageTs: summary.ts, actionId: 'summary_update_loan', userId: ASHA, channelId: CHANNEL });
    const form = await h.slack.waitForView(ASHA, 'update_loan_form');
    expect(visibleText({ blocks: form.blocks })).toContain('Transaction');
    expect(JSON.stringify(form.blocks)).toContain('"block_id":"emi_amount.2001"');

    await h.slack.selectOption({ userId: ASHA, actionId: 'update_loan_transaction', value: '2002' });
    const picked = await h.slack.waitForView(ASHA, (v) => JSON.stringify(v.blocks).includes('"block_id":"emi_amount.2002"'));
    const emi = JSON.stringify(picked.blocks).match(/"block_id":"emi_amount\.2002".*?"initial_value":"(\d+)"/)?.[1];
    expect(emi).toBe('1000');

    const review = await h.slack.submitView({ userId: ASHA, values: { emi_amount: '1,200' } });
    expect(review.outcome).toBe('updated');
    expect(visibleText({ blocks: review.viewAfter?.blocks })).toContain('transaction *2002* of customer *189004*');
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, (m) => m.thread_ts === summary.ts && m.text.includes('transaction 2002 updated'));

    expect(patches('/recovery/transaction/189004/2002')).toHaveLength(1);
    expect(patches('/recovery/transaction/189004/2002')[0]?.body).toEqual({ emi_amount: 1200 });
    expect(allPatches()).toHaveLength(1);
    // The 2001 summary the button was on stays a summary of 2001.
    expect(visibleText(h.slack.messages(CHANNEL).find((m) => m.ts === summary.ts))).toContain('Loan 2001');

    const since = h.slack.lastMessage(CHANNEL)?.ts;
    await h.slack.slashCommand({ text: '2002', userId: ASHA, channelId: CHANNEL });
    expect(await moreOf(h, (await h.slack.waitForMessage(CHANNEL, /Loan 2002/, { since })).ts, '2002')).toContain('₹1,200');
  });
});
