import { describe, expect, it } from 'vitest';
import {
  normalizeMobile,
  splitCreditLineChanges,
  validateLoanUpdate,
  type LoanUpdateInput,
  type LoanUpdateOriginal,
} from '../../src/domain/loan-update.ts';
import type { Loan, LoanDefault } from '../../src/domain/loan.ts';
import { loanUpdateRequest, originalFromLoan } from '../../src/usecases/update-loan.ts';

const original: LoanUpdateOriginal = {
  kind: 'lending',
  values: {
    applicant_contact_number: '9805265926', applicant_email: 'shriram@gmail.com',
    applicant_address_text: '395/13 veer dua colony baldev nager', applicant_state: 'Rajasthan', applicant_city: 'Jodhpur',
    applicant_pincode: '342001', applicant_monthly_income: '40000', applicant_occupation: 'Job', applicant_language: 'hi',
    emi_amount: '6000', total_loan_amount: '50000', loan_end_date: '2019-04-06', settlement_amount: '45000', late_fee: '59443',
  },
  addressType: 'Home',
  addressCount: 1,
  allocationMonth: '2026-11-01',
};
/** The form as pre-filled from `base`, with what the person typed on top. */
const form = (changes: LoanUpdateInput, base = original): LoanUpdateInput => ({ ...base.values, ...changes });

function changesOf(changes: LoanUpdateInput, base = original) {
  const result = validateLoanUpdate(form(changes, base), base);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}
function errorsOf(changes: LoanUpdateInput, base = original) {
  const result = validateLoanUpdate(form(changes, base), base);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.changes)}`);
  return result.errors;
}

describe('contact number', () => {
  it.each([
    ['9123451234', '9123451234'],
    ['+91 91234 51234', '9123451234'],
    ['+919123451234', '9123451234'],
    ['091234-51234', '9123451234'],
    ['6000000000', '6000000000'],
  ])('%j → %s', (typed, sent) => {
    expect(normalizeMobile(typed)).toBe(sent);
    expect(changesOf({ applicant_contact_number: typed }).changes).toEqual({ applicant_contact_number: sent });
  });

  it.each(['12345', '5805265926', '98052659261', 'abcdefghij', '+1 9123451234', '91234 5123'])('refuses %j', (typed) => {
    expect(errorsOf({ applicant_contact_number: typed }).applicant_contact_number).toMatch(/10-digit Indian mobile/);
  });

  it('the same number written differently is no change', () => {
    expect(errorsOf({ applicant_contact_number: '+91 98052 65926' })).toEqual({ applicant_contact_number: 'Nothing changed: edit at least one field' });
  });
});

describe('each rule, inline on its own field', () => {
  it.each<[LoanUpdateInput, string, RegExp]>([
    [{ applicant_email: 'shri@' }, 'applicant_email', /email address/],
    [{ applicant_email: 'not an email' }, 'applicant_email', /email address/],
    [{ applicant_pincode: '34200' }, 'applicant_pincode', /6 digits/],
    [{ applicant_pincode: '3420011' }, 'applicant_pincode', /6 digits/],
    [{ applicant_pincode: '042001' }, 'applicant_pincode', /6 digits/],
    [{ applicant_pincode: 'abcdef' }, 'applicant_pincode', /6 digits/],
    [{ applicant_city: '12345' }, 'applicant_city', /Letters only/],
    [{ applicant_language: 'xx' }, 'applicant_language', /Pick one of/],
    [{ applicant_monthly_income: '0' }, 'applicant_monthly_income', /more than ₹0/],
    [{ emi_amount: '0' }, 'emi_amount', /more than ₹0/],
    [{ emi_amount: '-500' }, 'emi_amount', /more than ₹0/],
    [{ emi_amount: '6000.50' }, 'emi_amount', /Whole rupees/],
    [{ emi_amount: 'abc' }, 'emi_amount', /digits/],
    [{ total_loan_amount: '50,000.5' }, 'total_loan_amount', /Whole rupees/],
    [{ settlement_amount: '-1' }, 'settlement_amount', /Cannot be negative/],
    [{ late_fee: '10.25' }, 'late_fee', /Whole rupees/],
    [{ loan_end_date: '2025-02-30' }, 'loan_end_date', /real date/],
    [{ loan_end_date: '30/12/2025' }, 'loan_end_date', /real date/],
    [{ applicant_email: '' }, 'applicant_email', /cannot be emptied/],
    [{ emi_amount: '' }, 'emi_amount', /cannot be emptied/],
  ])('%j', (changes, field, message) => {
    const errors = errorsOf(changes);
    expect(errors[field as keyof typeof errors]).toMatch(message);
    expect(Object.keys(errors)).toEqual([field]);
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(errorsOf({ applicant_email: 'x', emi_amount: '-1', loan_end_date: '2025-13-01' })).sort()).toEqual(['applicant_email', 'emi_amount', 'loan_end_date']);
  });
});

describe('only what changed', () => {
  it('nothing changed is an error on the first field', () => {
    expect(errorsOf({})).toEqual({ applicant_contact_number: 'Nothing changed: edit at least one field' });
    // Same values typed differently are still no change.
    expect(errorsOf({ emi_amount: '6,000', total_loan_amount: '₹ 50,000', applicant_state: ' Rajasthan ' })).toHaveProperty('applicant_contact_number');
  });

  it('sends only the changed fields, typed as the Add Loan table says', () => {
    expect(changesOf({ emi_amount: '6,500' }).changes).toEqual({ emi_amount: 6500 });
    expect(changesOf({ applicant_monthly_income: '45,000', applicant_occupation: 'Business', applicant_language: 'ta', loan_end_date: '2020-04-06' }).changes).toEqual({
      applicant_monthly_income: 45000,
      applicant_occupation: 'Business',
      applicant_language: 'ta',
      loan_end_date: '2020-04-06',
    });
  });

  it('sends the address whole, as one entry keeping its type, when any part changed', () => {
    expect(changesOf({ applicant_city: 'Jaipur', applicant_pincode: '302001' }).changes).toEqual({
      applicant_address: [
        { applicant_address_type: 'Home', applicant_address_text: '395/13 veer dua colony baldev nager', applicant_state: 'Rajasthan', applicant_city: 'Jaipur', applicant_pincode: 302001 },
      ],
    });
    const office = changesOf({ applicant_address_text: 'St. Teresa School' }, { ...original, addressType: 'office' }).changes;
    expect(office['applicant_address']).toMatchObject([{ applicant_address_type: 'Office' }]);
    const odd = changesOf({ applicant_city: 'Jaipur' }, { ...original, addressType: 'home-2' }).changes;
    expect(odd['applicant_address']).toMatchObject([{ applicant_address_type: 'Home' }]);
  });

  it('asks for the missing parts of an address', () => {
    const blank = { ...original, values: { ...original.values, applicant_address_text: '', applicant_state: '', applicant_city: '', applicant_pincode: '' } };
    const errors = errorsOf({ applicant_address_text: '', applicant_state: '', applicant_pincode: '', applicant_city: 'Jaipur' }, blank);
    expect(Object.keys(errors).sort()).toEqual(['applicant_address_text', 'applicant_pincode', 'applicant_state']);
    expect(errors.applicant_pincode).toMatch(/Needed with the rest of the address/);
  });

  it('names the current default by its allocation month', () => {
    expect(changesOf({ settlement_amount: '40,000', late_fee: '0' }).changes).toEqual({
      defaults: [{ allocation_month: '2026-11-01', settlement_amount: 40000, late_fee: 0 }],
    });
    expect(errorsOf({ late_fee: '100' }, { ...original, allocationMonth: undefined }).late_fee).toMatch(/no default/);
  });

  it('never re-checks a field nobody touched, even when the lender holds something odd', () => {
    const odd = { ...original, values: { ...original.values, applicant_email: 'not-an-email', applicant_pincode: '34200' } };
    expect(changesOf({ emi_amount: '6500' }, odd).changes).toEqual({ emi_amount: 6500 });
  });
});

describe('summary', () => {
  it('is masked: personal values show only their masked new value', () => {
    const { summary } = changesOf({ applicant_contact_number: '9123451234', emi_amount: '6,500' });
    expect(summary).toBe('Phone → XXXXXX1234 · EMI ₹6,000 → ₹6,500');
  });

  it('never shows an email, street, full pincode or income', () => {
    const { summary, lines } = changesOf({ applicant_email: 'ram.new@yahoo.in', applicant_pincode: '342009', applicant_monthly_income: '55,000', settlement_amount: '40000' });
    for (const pii of ['ram.new@yahoo.in', 'veer dua', '342009', '55,000', '55000']) expect(summary + JSON.stringify(lines)).not.toContain(pii);
    expect(summary).toContain('Email → r***@yahoo.in');
    expect(summary).toContain('Address → Jodhpur, Rajasthan, 342XXX');
    expect(summary).toContain('Settlement amount ₹45,000 → ₹40,000');
  });
});

describe('credit line', () => {
  const def = (month: string, settlement: number): LoanDefault =>
    ({ allocationMonth: month, settlementAmount: settlement, lateFee: 500 }) as LoanDefault;
  const loan = {
    loanId: '2001', kind: 'credit_line', clientCustomerId: '189004',
    applicant: { contactNumber: '9999999999', email: 'shriram@gmail.com', language: 'HI', occupation: 'Job', monthlyIncome: 40000 },
    addresses: [{ type: 'Home', text: 'x', city: 'Jodhpur', state: 'Rajasthan', pincode: '342001' }],
    emiAmount: 6000, totalLoanAmount: 50000, loanEndDate: '2025-04-06', defaults: [def('2026-11-01', 45000)],
    transactions: [
      { transactionId: '2001', emiAmount: 6000, totalLoanAmount: 50000, loanEndDate: '2025-04-06', defaults: [def('2026-11-01', 45000)] },
      { transactionId: '2002', emiAmount: 1000, totalLoanAmount: 11000, loanEndDate: '2025-12-29', defaults: [def('2026-9-01', 9000), def('2026-10-01', 8000)] },
    ],
  } as unknown as Loan;

  it('fills transaction fields from the picked transaction and customer fields from the customer', () => {
    const picked = originalFromLoan(loan, '2002');
    expect(picked.values).toMatchObject({ emi_amount: '1000', total_loan_amount: '11000', loan_end_date: '2025-12-29', settlement_amount: '8000', applicant_contact_number: '9999999999', applicant_language: 'hi' });
    expect(picked.allocationMonth).toBe('2026-10-01');
    expect(originalFromLoan(loan).values.emi_amount).toBe('6000');
  });

  it('routes transaction fields to the transaction and the rest to the customer, in one transaction PATCH', () => {
    const { changes } = changesOf({ emi_amount: '1,200', applicant_email: 'new@x.in', settlement_amount: '7000' }, originalFromLoan(loan, '2002'));
    expect(splitCreditLineChanges(changes)).toEqual({
      transaction: { emi_amount: 1200, defaults: [{ allocation_month: '2026-10-01', settlement_amount: 7000 }] },
      customer: { applicant_email: 'new@x.in' },
    });
    expect(loanUpdateRequest({ loanId: '2001', kind: 'credit_line', transactionId: '2002', clientCustomerId: '189004' }, changes)).toEqual({
      operation: 'update_transaction', clientCustomerId: '189004', loanId: '2002', body: changes,
    });
    expect(loanUpdateRequest({ loanId: '1002', kind: 'lending', transactionId: '1002' }, { emi_amount: 6500 })).toEqual({
      operation: 'update_loan', loanId: '1002', body: { emi_amount: 6500 },
    });
  });
});
