import { describe, expect, it } from 'vitest';
import {
  ADD_LOAN_FIELDS, DEFAULT_FIELDS, MORE_FIELDS, addLoanBody, addLoanSummary, validateAddLoan, validateMoreDetails, type AddLoanInput,
} from '../../src/domain/add-loan.ts';
import { addLoanFormView, addLoanMoreView, addLoanReviewView, packValues, unpackValues } from '../../views/add-loan/modal.ts';

const today = '2026-11-25';
const good: AddLoanInput = {
  loan_id: 'NEW-1001',
  loan_type: 'Personal Loan',
  total_loan_amount: '₹ 50,000',
  applicant_name: 'Shri Ram',
  applicant_address_type: 'Home',
  applicant_address_text: ' 395/13 veer dua colony\nbaldev nager',
  applicant_state: 'Rajasthan',
  applicant_city: 'Jodhpur',
  applicant_pincode: '342001',
  total_claim_amount: '1,13,000',
  late_fee: '59443',
  date_of_default: '2019-04-07',
  expected_emi: '54000',
  default_emi_number: '12',
  settlement_amount: '45000',
  client_amount_recovered: '0',
  principal_outstanding_amount: '45000',
  expected_emi_principal_amount: '45000',
};

function draftOf(input: AddLoanInput, kind: 'lending' | 'credit_line' = 'lending') {
  const result = validateAddLoan(input, kind, today);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.draft;
}

function errorsOf(input: AddLoanInput, kind: 'lending' | 'credit_line' = 'lending') {
  const result = validateAddLoan(input, kind, today);
  return result.ok ? {} : result.errors;
}

describe('Add loan rules', () => {
  it('requires every key the docs mark required, each with its own message', () => {
    const errors = errorsOf({});
    expect(Object.keys(errors).sort()).toEqual(
      ['loan_id', 'loan_type', 'total_loan_amount', 'applicant_name', 'applicant_address_type', 'applicant_address_text', 'applicant_state', 'applicant_city', 'applicant_pincode'].sort(),
    );
    expect(errors.loan_type).toBe('Enter the loan type');
    expect(errorsOf({ ...good, applicant_name: '   ' })).toEqual({ applicant_name: 'Enter the applicant name' });
  });

  it('takes every Default Key empty and sends it as null (Required True, Default None)', () => {
    const input = { ...good };
    for (const key of DEFAULT_FIELDS) delete input[key];
    const draft = draftOf(input);
    expect(draft.defaults).toEqual(Object.fromEntries(DEFAULT_FIELDS.map((k) => [k, null])));
  });

  it.each([
    ['total_loan_amount', '50000.50', /Whole rupees/],
    ['total_loan_amount', '0', /more than ₹0/],
    ['total_loan_amount', '-500', /negative/],
    ['total_loan_amount', '1e5', /digits/],
    ['total_loan_amount', '100000001', /10,00,00,000/],
    ['late_fee', '12.5', /Whole rupees/],
    ['late_fee', 'abc', /digits/],
    ['default_emi_number', '1.5', /whole number/],
    ['applicant_pincode', '34200', /6 digits/],
    ['applicant_pincode', '042001', /6 digits/],
    ['applicant_address_type', 'Farm', /Home, Business or Office/],
    ['date_of_default', '2019-02-30', /Pick a date/],
    ['date_of_default', '07/04/2019', /Pick a date/],
    ['date_of_default', '2026-11-26', /future/],
    ['loan_id', 'NEW 1001', /letters, digits/],
    ['loan_id', '-1001', /letters, digits/],
    ['loan_id', 'x'.repeat(51), /letters, digits/],
    ['applicant_name', '<!channel>', /plain text/],
    ['loan_type', 'x'.repeat(51), /under 50/],
  ] as const)('%s %j is refused', (field, value, message) => {
    const errors = errorsOf({ ...good, [field]: value });
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(message);
  });

  it.each([
    ['total_loan_amount', '₹50,000', 50000],
    ['total_loan_amount', 'Rs. 50000.00', 50000],
    ['total_loan_amount', '5,00,000', 500000],
    ['applicant_pincode', '342 001', 342001],
  ] as const)('%s %j → %d', (field, value, expected) => {
    const body = addLoanBody(draftOf({ ...good, [field]: value }));
    const where = field === 'applicant_pincode' ? (body['applicant_address'] as Array<Record<string, unknown>>)[0] : body;
    expect(where?.[field]).toBe(expected);
  });

  it('requires a client customer ID for a credit line only, and sends it only then', () => {
    expect(errorsOf(good, 'credit_line')).toEqual({ client_customer_id: 'Required for a credit-line loan' });
    expect(errorsOf({ ...good, client_customer_id: '18 9004' }, 'credit_line').client_customer_id).toMatch(/letters, digits/);
    expect(addLoanBody(draftOf({ ...good, client_customer_id: '189004' }, 'credit_line'))['client_customer_id']).toBe('189004');
    expect(addLoanBody(draftOf({ ...good, client_customer_id: '189004' }, 'lending'))).not.toHaveProperty('client_customer_id');
  });

  it('builds the documented body: integers for money, integer pincode, one address, one default with every key', () => {
    expect(addLoanBody(draftOf(good))).toEqual({
      loan_id: 'NEW-1001',
      loan_type: 'Personal Loan',
      applicant_name: 'Shri Ram',
      total_loan_amount: 50000,
      applicant_address: [
        { applicant_address_type: 'Home', applicant_address_text: '395/13 veer dua colony baldev nager', applicant_state: 'Rajasthan', applicant_city: 'Jodhpur', applicant_pincode: 342001 },
      ],
      defaults: [
        {
          total_claim_amount: 113000, late_fee: 59443, date_of_default: '2019-04-07', expected_emi: 54000, default_emi_number: 12, settlement_amount: 45000,
          client_amount_recovered: 0, principal_outstanding_amount: 45000, expected_emi_interest_amount: null, expected_emi_principal_amount: 45000, other_penalty: null,
        },
      ],
    });
  });

  it('normalises the optional details into the docs’ types', () => {
    const more: AddLoanInput = {
      applicant_contact_number: '+91 98052-65926', applicant_email: 'shriram@gmail.com', applicant_dob: '1992-03-23', applicant_pan_number: 'adjiy-3516-d',
      applicant_aadhar_number: '2354 9867 1293', applicant_monthly_income: '40,000', loan_tenure: '12', interest_on_loan: '12.5%', emi_amount: '6000',
      security_type: 'Secured Immovable', applicant_language: 'hi', client_loan_sanction_date: '2018-04-06', loan_end_date: '2019-04-06',
    };
    expect(validateMoreDetails(more, today)).toEqual({});
    expect(addLoanBody(draftOf({ ...good, ...more }))).toMatchObject({
      applicant_contact_number: '9805265926', applicant_pan_number: 'ADJIY3516D', applicant_aadhar_number: '235498671293', applicant_monthly_income: 40000,
      loan_tenure: 12, interest_on_loan: 12.5, emi_amount: 6000, applicant_language: 'hi', security_type: 'Secured Immovable',
    });
    expect(addLoanBody(draftOf(good))).not.toHaveProperty('applicant_email');
  });

  it.each([
    ['applicant_contact_number', '98052 6592', /10 digits/],
    ['applicant_contact_number', '+1 415 555 0100', /10 digits/],
    ['applicant_email', 'shriram@', /email address/],
    ['applicant_email', 'shri ram@gmail.com', /email address/],
    ['applicant_pan_number', 'ABCDE12345', /PAN/],
    ['applicant_aadhar_number', '1234 5678 9012', /Aadhaar/],
    ['applicant_dob', '2026-11-25', /in the past/],
    ['applicant_monthly_income', '40000.5', /Whole rupees/],
    ['loan_tenure', '12.5', /whole number/],
    ['interest_on_loan', '101', /interest rate/],
    ['security_type', 'Secured immovable', /Pick Secured/],
    ['applicant_language', 'English', /language/],
    ['client_loan_sanction_date', '2027-01-01', /future/],
  ] as const)('optional %s %j is refused', (field, value, message) => {
    const errors = validateMoreDetails({ [field]: value }, today);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(message);
  });

  it('wants the loan end date after the sanction date', () => {
    expect(validateMoreDetails({ client_loan_sanction_date: '2019-04-06', loan_end_date: '2018-04-06' }, today)).toEqual({
      loan_end_date: 'The loan end date must be after the sanction date',
    });
  });

  it('summarises without contact or identity details', () => {
    const draft = draftOf({ ...good, applicant_contact_number: '9805265926', applicant_pan_number: 'ADJIY3516D' }, 'lending');
    const summary = addLoanSummary(draft);
    expect(summary).toBe('Personal Loan · ₹50,000 · Shri Ram · Jodhpur, Rajasthan · claim ₹1,13,000 · lending');
    expect(addLoanSummary(draftOf({ ...good, client_customer_id: '189004' }, 'credit_line'))).toContain('credit line, customer 189004');
  });
});

describe('Add loan modal state', () => {
  it('packs and unpacks what was typed', () => {
    const input = { ...good, product_type: 'Term Loan' };
    expect(unpackValues(packValues(input))).toEqual(input);
  });

  it('stays under Slack’s 3,000-character private_metadata with every field at its longest', () => {
    const longest: AddLoanInput = Object.fromEntries(ADD_LOAN_FIELDS.map((f) => [f, '"'.repeat(f === 'applicant_address_text' ? 200 : 50)]));
    for (const f of [...DEFAULT_FIELDS, ...MORE_FIELDS]) longest[f] = '₹ 10,00,00,000';
    Object.assign(longest, { applicant_name: 'x'.repeat(100), loan_nbfc_name: 'x'.repeat(100), applicant_email: `${'x'.repeat(90)}@gmail.com` });
    const state = { channelId: 'C0COLLECT', kind: 'credit_line' as const, v: packValues(longest), rootViewId: 'V0123456789' };
    expect(addLoanFormView(state).private_metadata?.length).toBeLessThan(3000);
    expect(addLoanMoreView(state).private_metadata?.length).toBeLessThan(3000);
    expect(addLoanReviewView(state, draftOf(good)).private_metadata?.length).toBeLessThan(3000);
  });

  it('shows the client customer ID input only for a credit line', () => {
    const blockIds = (kind: 'lending' | 'credit_line') => addLoanFormView({ channelId: 'C1', kind, v: [] }).blocks.map((b) => ('block_id' in b ? b.block_id : undefined));
    expect(blockIds('lending')).not.toContain('client_customer_id');
    expect(blockIds('credit_line')).toContain('client_customer_id');
  });
});
