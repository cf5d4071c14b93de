import { afterEach, describe, expect, it } from 'vitest';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL, lookUp } from './payment-helpers.ts';
import { useHarness } from './use-harness.ts';

const h = useHarness();
afterEach(() => {
  h.slack.assertNoViolations();
});

const posts = (loanId: string) => h.credgenics.requests.filter((r) => r.method === 'POST' && r.path === `/recovery/loan/${loanId}`);
const allPosts = () => h.credgenics.requests.filter((r) => r.method === 'POST');
const textOf = (view: { blocks: unknown } | undefined) => visibleText({ blocks: view?.blocks });

/** Page 1 as a person fills it in; expected_emi_interest_amount and other_penalty are left empty. */
const LENDING = {
  loan_id: 'NEW-1001', loan_type: 'Personal Loan', total_loan_amount: '50,000', applicant_name: 'Shri Ram',
  applicant_address_type: 'Home', applicant_address_text: '395/13 veer dua colony baldev nager', applicant_state: 'Rajasthan', applicant_city: 'Jodhpur', applicant_pincode: '342001',
  total_claim_amount: '1,13,000', late_fee: '59443', date_of_default: '2025-04-07', expected_emi: '54000', default_emi_number: '12', settlement_amount: '45000',
  client_amount_recovered: '0', principal_outstanding_amount: '45000', expected_emi_principal_amount: '45000', expected_emi_interest_amount: null, other_penalty: null,
};

const ADDRESS = { applicant_address_type: 'Home', applicant_address_text: '395/13 veer dua colony baldev nager', applicant_state: 'Rajasthan', applicant_city: 'Jodhpur', applicant_pincode: 342001 };
const DEFAULTS = {
  total_claim_amount: 113000, late_fee: 59443, date_of_default: '2025-04-07', expected_emi: 54000, default_emi_number: 12, settlement_amount: 45000,
  client_amount_recovered: 0, principal_outstanding_amount: 45000, expected_emi_interest_amount: null, expected_emi_principal_amount: 45000, other_penalty: null,
};

async function openAddLoan() {
  const before = h.slack.topView(ASHA)?.id;
  const ack = await h.slack.slashCommand({ text: 'add', userId: ASHA, channelId: CHANNEL });
  expect(ack.status).toBe(200);
  const form = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'add_loan_form' && v.id !== before);
  expect(h.slack.triggerUses.at(-1)?.ok).toBe(true);
  return form;
}

async function switchToCreditLine() {
  await h.slack.selectOption({ userId: ASHA, actionId: 'add_loan_kind', value: 'credit_line' });
  return h.slack.waitForView(ASHA, (v) => v.callback_id === 'add_loan_form' && JSON.stringify(v.blocks).includes('"block_id":"client_customer_id"'));
}

const statusSays = (text: string) => h.slack.waitForView(ASHA, (v) => v.callback_id === 'add_loan_status' && textOf(v).includes(text));

describe('Add loan', () => {
  it('adds a lending loan: form → review → confirm → one POST with the documented body → confirmation → /loan shows it', async () => {
    const form = await openAddLoan();
    const formText = textOf(form);
    for (const label of ['Loan', 'Applicant', 'Address', 'Current default', 'Loan id', 'Loan type', 'Total loan amount', 'Applicant name', 'Pincode', 'Total claim amount', 'Other penalty', 'sent as null']) {
      expect(formText).toContain(label);
    }
    expect(formText).not.toContain('Client customer ID');

    const review = await h.slack.submitView({ userId: ASHA, values: LENDING });
    expect(review.outcome).toBe('updated');
    expect(review.viewAfter?.callback_id).toBe('add_loan_review');
    expect(review.viewAfter?.submit?.text).toBe('Confirm');
    const reviewText = textOf(review.viewAfter);
    expect(reviewText).toContain('₹50,000');
    expect(reviewText).toContain('₹1,13,000');
    expect(reviewText).toContain('sent as null');
    expect(reviewText).toContain('Jodhpur, Rajasthan, 342XXX');
    expect(reviewText).toContain('7 Apr 2025'); // dates as people read them, not 2025-04-07
    expect(reviewText).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(reviewText).not.toContain('veer dua colony');
    expect(allPosts()).toHaveLength(0);

    const confirm = await h.slack.submitView({ userId: ASHA });
    expect(confirm.outcome).toBe('updated');
    expect(confirm.ackMs).toBeLessThan(1000);
    const confirmation = await h.slack.waitForMessage(CHANNEL, /Loan NEW-1001 added in Credgenics/);
    expect(visibleText(confirmation)).toContain('<@U01ASHA>');
    expect(visibleText(confirmation)).toContain('Loan added successfully');
    await statusSays('`/loan NEW-1001` to see it');

    expect(posts('NEW-1001')).toHaveLength(1);
    expect(posts('NEW-1001')[0]?.body).toEqual({
      loan_id: 'NEW-1001',
      loan_type: 'Personal Loan',
      applicant_name: 'Shri Ram',
      total_loan_amount: 50000,
      applicant_address: [ADDRESS],
      defaults: [DEFAULTS],
    });

    const summary = await lookUp(h, 'NEW-1001');
    expect(visibleText(summary)).toContain('Shri Ram');
  });

  it('adds a credit-line loan for customer 189004, keeping what was typed across the switch', async () => {
    await openAddLoan();
    // Type part of the form first (a submission that fails keeps what was typed), then switch.
    const partial = await h.slack.submitView({ userId: ASHA, values: { loan_id: 'NEW-2001', loan_type: 'Business Loan', total_loan_amount: '75000', applicant_name: '  ' } });
    expect(partial.outcome).toBe('blocked');
    const form = await switchToCreditLine();
    expect(textOf(form)).toContain('Client customer ID');

    const missing = await h.slack.submitView({ userId: ASHA, values: { ...LENDING, loan_id: 'NEW-2001', loan_type: 'Business Loan', total_loan_amount: '75000', client_customer_id: '   ' } });
    expect(missing.outcome).toBe('errors');
    expect(missing.errors).toEqual({ client_customer_id: 'Required for a credit-line loan' });

    const { loan_id: _id, loan_type: _type, total_loan_amount: _amount, ...rest } = LENDING;
    const review = await h.slack.submitView({ userId: ASHA, values: { ...rest, client_customer_id: '189004' } });
    expect(review.outcome).toBe('updated');
    expect(textOf(review.viewAfter)).toContain('credit-line loan for customer *189004*');
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Loan NEW-2001 added in Credgenics/);
    expect(posts('NEW-2001')).toHaveLength(1);
    expect(posts('NEW-2001')[0]?.body).toMatchObject({ loan_id: 'NEW-2001', client_customer_id: '189004', loan_type: 'Business Loan', total_loan_amount: 75000 });

    const summary = await lookUp(h, 'NEW-2001');
    expect(visibleText(summary)).toContain('189004');
  });

  it('shows every required-field error inline and sends nothing', async () => {
    await openAddLoan();
    const required = ['loan_id', 'loan_type', 'total_loan_amount', 'applicant_name', 'applicant_address_type', 'applicant_address_text', 'applicant_state', 'applicant_city', 'applicant_pincode'];
    // Empty: Slack's client refuses each required input before sending.
    const empty = await h.slack.submitView({ userId: ASHA });
    expect(empty.outcome).toBe('blocked');
    expect(Object.keys(empty.errors ?? {}).sort()).toEqual([...required].sort());

    // Only spaces: the app refuses each one on its own block.
    const blanks = Object.fromEntries(required.filter((f) => f !== 'applicant_address_type').map((f) => [f, '   ']));
    const spaces = await h.slack.submitView({ userId: ASHA, values: { ...blanks, applicant_address_type: 'Office' } });
    expect(spaces.outcome).toBe('errors');
    expect(Object.keys(spaces.errors ?? {}).sort()).toEqual(required.filter((f) => f !== 'applicant_address_type').sort());
    expect(spaces.errors?.['loan_type']).toBe('Enter the loan type');

    const cases: Array<[Record<string, string | null>, string, RegExp]> = [
      [{ loan_id: 'bad id!' }, 'loan_id', /letters, digits/],
      [{ total_loan_amount: '50000.50' }, 'total_loan_amount', /Whole rupees/],
      [{ total_loan_amount: '0' }, 'total_loan_amount', /more than ₹0/],
      [{ applicant_pincode: '34200' }, 'applicant_pincode', /6 digits/],
      [{ late_fee: 'abc' }, 'late_fee', /digits/],
      [{ other_penalty: '-5' }, 'other_penalty', /negative/],
      [{ default_emi_number: '1.5' }, 'default_emi_number', /whole number/],
      [{ date_of_default: '2099-01-01' }, 'date_of_default', /future/],
    ];
    for (const [values, field, message] of cases) {
      const result = await h.slack.submitView({ userId: ASHA, values: { ...LENDING, ...values } });
      expect(result.outcome, JSON.stringify(values)).toBe('errors');
      expect(Object.keys(result.errors ?? {})).toEqual([field]);
      expect(result.errors?.[field]).toMatch(message);
    }
    expect(allPosts()).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });

  it('refuses an id that already exists with the lender’s message, overwriting nothing', async () => {
    await openAddLoan();
    await h.slack.submitView({ userId: ASHA, values: { ...LENDING, loan_id: '1001' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, /Adding loan 1001 failed/);
    expect(visibleText(alert)).toContain('Loan with loan_id 1001 already exists');
    await statusSays('Loan with loan_id 1001 already exists');
    expect(posts('1001')).toHaveLength(1);
    const summary = await lookUp(h, '1001');
    expect(visibleText(summary)).toContain('Keval Gor');
  });

  it('sends one POST for a double Confirm and for Slack retrying the submission', async () => {
    await openAddLoan();
    await h.slack.submitView({ userId: ASHA, values: { ...LENDING, loan_id: 'NEW-1003' } });
    const [a] = await Promise.all([h.slack.submitView({ userId: ASHA }), h.slack.submitView({ userId: ASHA })]);
    if (a.request) await h.slack.resend(a.request, 1);
    await h.slack.waitForMessage(CHANNEL, /Loan NEW-1003 added in Credgenics/);
    await h.waitUntilQuiet();
    expect(posts('NEW-1003')).toHaveLength(1);
  });

  it('More details… (page 2) saves into page 1, keeps what was typed there, and reaches the body', async () => {
    await openAddLoan();
    const { applicant_name: _name, applicant_city: _city, ...firstHalf } = LENDING;
    const partial = await h.slack.submitView({ userId: ASHA, values: { ...firstHalf, loan_id: 'NEW-1004' } });
    expect(partial.outcome).toBe('blocked');

    await h.slack.clickButton({ userId: ASHA, actionId: 'add_loan_more_details' });
    const more = await h.slack.waitForView(ASHA, 'add_loan_more');
    expect(h.slack.openViews(ASHA)).toHaveLength(2);
    expect(textOf(more)).toContain('Applicant contact number');

    const bad = await h.slack.submitView({ userId: ASHA, values: { applicant_contact_number: '12345', applicant_email: 'not-an-email', loan_end_date: '2018-01-01', client_loan_sanction_date: '2018-04-06' } });
    expect(bad.outcome).toBe('errors');
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(['applicant_contact_number', 'applicant_email', 'loan_end_date']);

    const saved = await h.slack.submitView({
      userId: ASHA,
      values: {
        applicant_contact_number: '+91 98052 65926', applicant_email: 'shriram@gmail.com', applicant_gender: 'Male', applicant_dob: '1992-03-23',
        applicant_monthly_income: '40,000', applicant_occupation: 'Job', applicant_language: 'hi', applicant_pan_number: 'ADJIY-3516-D',
        applicant_aadhar_number: '2354 9867 1293', emi_amount: '6000', loan_tenure: '12', client_loan_sanction_date: '2018-04-06', loan_end_date: '2019-04-06',
        interest_on_loan: '18', security_type: 'Secured Immovable', loan_nbfc_name: 'AKARA CAPITAL ADVISORS PVT. LTD.', product_type: 'Term Loan',
      },
    });
    expect(saved.outcome).toBe('closed');
    expect(saved.viewAfter?.callback_id).toBe('add_loan_form');
    expect(h.slack.openViews(ASHA)).toHaveLength(1);
    expect(textOf(saved.viewAfter)).toContain('17 saved');

    // Only the two fields not typed before: the rest of page 1 was kept.
    const review = await h.slack.submitView({ userId: ASHA, values: { applicant_name: 'Shri Ram', applicant_city: 'Jodhpur' } });
    expect(review.outcome).toBe('updated');
    const reviewText = textOf(review.viewAfter);
    for (const masked of ['XXXXXX5926', 's***@gmail.com', 'XXXXX3516X', 'XXXX-XXXX-1293', '1992 (year only)', '₹40,000', '₹6,000', '12 months', '18%', 'Hindi']) {
      expect(reviewText).toContain(masked);
    }
    for (const raw of ['9805265926', 'shriram@gmail.com', 'ADJIY', '235498671293', '1992-03-23']) expect(reviewText).not.toContain(raw);

    // Edit goes back to the form with everything; Review again.
    await h.slack.clickButton({ userId: ASHA, actionId: 'add_loan_review_edit' });
    await h.slack.waitForView(ASHA, 'add_loan_form');
    const again = await h.slack.submitView({ userId: ASHA });
    expect(again.viewAfter?.callback_id).toBe('add_loan_review');

    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Loan NEW-1004 added in Credgenics/);
    expect(posts('NEW-1004')[0]?.body).toEqual({
      loan_id: 'NEW-1004', loan_type: 'Personal Loan', applicant_name: 'Shri Ram', total_loan_amount: 50000,
      applicant_contact_number: '9805265926', applicant_email: 'shriram@gmail.com', applicant_gender: 'Male', applicant_dob: '1992-03-23',
      applicant_monthly_income: 40000, applicant_occupation: 'Job', applicant_language: 'hi', applicant_pan_number: 'ADJIY3516D',
      applicant_aadhar_number: '235498671293', emi_amount: 6000, loan_tenure: 12, client_loan_sanction_date: '2018-04-06', loan_end_date: '2019-04-06',
      interest_on_loan: 18, security_type: 'Secured Immovable', loan_nbfc_name: 'AKARA CAPITAL ADVISORS PVT. LTD.', product_type: 'Term Loan',
      applicant_address: [ADDRESS],
      defaults: [DEFAULTS],
    });
  });
});

describe('Add loan and roles', () => {
  const r = useHarness({ env: { LOANBOT_AGENTS: 'S0COLLECT', LOANBOT_SUPERVISORS: 'U03MEERA' } });

  it('is for supervisors: an agent is refused before any modal opens', async () => {
    await r.slack.slashCommand({ text: 'add', userId: ASHA, channelId: CHANNEL });
    await r.slack.waitForEphemeral(ASHA, /only a supervisor \(LOANBOT_SUPERVISORS\) can do that/);
    expect(r.slack.openViews(ASHA)).toHaveLength(0);
    await r.slack.slashCommand({ text: 'add', userId: 'U03MEERA', channelId: CHANNEL });
    await r.slack.waitForView('U03MEERA', 'add_loan_form');
  });
});

describe('Add loan that timed out after Credgenics applied it', () => {
  it('Retry finds the loan already added and sends no second POST', async () => {
    h.credgenics.setFault({ match: { method: 'POST' }, applyThenDelayMs: 4000, times: 1 });
    await openAddLoan();
    await h.slack.submitView({ userId: ASHA, values: { ...LENDING, loan_id: 'NEW-TMO-1' } });
    await h.slack.submitView({ userId: ASHA });
    const alert = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('loan NEW-TMO-1 failed'), { timeoutMs: 8000 });
    expect(visibleText(alert)).toContain('timed out');
    await h.slack.clickButton({ messageTs: alert.ts, actionId: 'alert_retry', userId: 'U03MEERA', channelId: CHANNEL });
    const done = await h.slack.waitForMessage(CHANNEL, (m) => m.text.includes('NEW-TMO-1') && visibleText(m).includes('nothing was sent twice'));
    expect(done).toBeDefined();
    expect(posts('NEW-TMO-1')).toHaveLength(1);
  });
});
