import { describe, expect, it } from 'vitest';
import {
  APOLLO_LOAN_TYPES,
  describeApolloMessage,
  validateApolloUpdate,
  type ApolloInput,
} from '../../src/domain/apollo-rules.ts';

const TAG = 'ABC';
const pl: ApolloInput = { loan_type: 'PL', disbursement_date: '2023-03-12', first_date: '2023-04-12' };
const ml: ApolloInput = {
  loan_type: 'ML',
  disbursement_date: '2023-03-12',
  first_date: '2023-04-12',
  loan_tenure_in_days: '90',
  previous_tenure_in_days: '90',
};

function errorsOf(input: ApolloInput): Record<string, string> {
  const result = validateApolloUpdate(input, TAG);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.body)}`);
  return result.errors;
}

describe('Apollo body shapes (the docs’ four samples)', () => {
  it.each(['PL', 'CL', 'CL_2'])('%s: disbursement_date and first_emi_date, DD/MM/YYYY', (type) => {
    expect(validateApolloUpdate({ ...pl, loan_type: type }, TAG)).toEqual({
      ok: true,
      body: {
        partner_tag: 'ABC',
        loan_type: type,
        loan_information: { disbursement_date: '12/03/2023', first_emi_date: '12/04/2023' },
      },
    });
  });

  it('PL ignores tenure and amounts (not sent)', () => {
    const result = validateApolloUpdate(
      { ...pl, loan_tenure_in_days: 'abc', partner_computed_emi_amount: '-1', previous_tenure_in_days: '30' },
      TAG,
    );
    expect(result).toMatchObject({ ok: true, body: { loan_information: { disbursement_date: '12/03/2023', first_emi_date: '12/04/2023' } } });
    if (result.ok) expect(Object.keys(result.body.loan_information)).toEqual(['disbursement_date', 'first_emi_date']);
  });

  it('ML without a tenure change: disbursement_date, first_emi_date, loan_tenure_in_days (a string)', () => {
    expect(validateApolloUpdate({ ...ml, partner_computed_emi_amount: '999' }, TAG)).toEqual({
      ok: true,
      body: {
        partner_tag: 'ABC',
        loan_type: 'ML',
        loan_information: { disbursement_date: '12/03/2023', first_emi_date: '12/04/2023', loan_tenure_in_days: '90' },
      },
    });
  });

  it('ML with a tenure change: plus partner_computed_emi_amount and partner_computed_interest_amount, as strings', () => {
    const result = validateApolloUpdate(
      { ...ml, loan_tenure_in_days: '120', partner_computed_emi_amount: '3,450.5', partner_computed_interest_amount: '1200' },
      TAG,
    );
    expect(result).toEqual({
      ok: true,
      body: {
        partner_tag: 'ABC',
        loan_type: 'ML',
        loan_information: {
          disbursement_date: '12/03/2023',
          first_emi_date: '12/04/2023',
          loan_tenure_in_days: '120',
          partner_computed_emi_amount: '3450.50',
          partner_computed_interest_amount: '1200',
        },
      },
    });
  });

  it('EDI: first_installment_date instead of first_emi_date, no 25-day minimum', () => {
    expect(validateApolloUpdate({ loan_type: 'EDI', disbursement_date: '2023-03-12', first_date: '2023-03-13' }, TAG)).toEqual({
      ok: true,
      body: {
        partner_tag: 'ABC',
        loan_type: 'EDI',
        loan_information: { disbursement_date: '12/03/2023', first_installment_date: '13/03/2023' },
      },
    });
  });

  it('knows exactly the five documented loan types', () => {
    expect(APOLLO_LOAN_TYPES).toEqual(['PL', 'ML', 'CL', 'CL_2', 'EDI']);
  });
});

describe('Apollo rules', () => {
  it('loan type is required and one of the five', () => {
    expect(errorsOf({ ...pl, loan_type: '' }).loan_type).toMatch(/Pick the loan type/);
    expect(errorsOf({ ...pl, loan_type: 'HL' }).loan_type).toMatch(/not an Apollo loan type/);
    expect(errorsOf({ ...pl, loan_type: undefined }).loan_type).toBeDefined();
  });

  it('both dates are required and must be real calendar dates', () => {
    const missing = errorsOf({ loan_type: 'PL' });
    expect(missing.disbursement_date).toBe('Pick the disbursement date');
    expect(missing.first_date).toBe('Pick the first EMI date');
    expect(errorsOf({ loan_type: 'EDI' }).first_date).toBe('Pick the first installment date');
    expect(errorsOf({ ...pl, disbursement_date: '2023-02-30' }).disbursement_date).toMatch(/not a real date/);
    expect(errorsOf({ ...pl, first_date: '12/04/2023' }).first_date).toMatch(/not a real date/);
  });

  it.each([
    ['PL', '2023-04-05', 24, false],
    ['PL', '2023-04-06', 25, true],
    ['PL', '2023-04-11', 30, true],
    ['PL', '2023-05-12', 61, true],
    ['ML', '2023-04-05', 24, false],
    ['ML', '2023-04-06', 25, true],
    ['CL', '2023-03-13', 1, true],
    ['CL_2', '2023-03-20', 8, true],
    ['EDI', '2023-03-13', 1, true],
  ])('%s: first date %s (%d days after disbursement) ok=%s', (type, first, _days, ok) => {
    const result = validateApolloUpdate({ ...ml, loan_type: type, first_date: first }, TAG);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.errors.first_date).toMatch(/at least 25 days/);
      expect(result.errors.first_date).toMatch(/Pick 06\/04\/2023 or later/);
    }
  });

  it.each(['PL', 'ML', 'CL', 'CL_2', 'EDI'])('%s: the first date must come after the disbursement date', (type) => {
    for (const first of ['2023-03-12', '2023-03-01']) {
      expect(errorsOf({ ...ml, loan_type: type, first_date: first }).first_date).toMatch(/must be after the disbursement date \(12\/03\/2023\)/);
    }
  });

  it('ML: tenure is required and a positive whole number, sent normalized as a string', () => {
    expect(errorsOf({ ...ml, loan_tenure_in_days: '' }).loan_tenure_in_days).toMatch(/Enter the loan tenure in days/);
    for (const bad of ['0', '-5', '9.5', 'ninety', '1e3']) {
      expect(errorsOf({ ...ml, loan_tenure_in_days: bad }).loan_tenure_in_days).toMatch(/whole number of days/);
    }
    const result = validateApolloUpdate({ ...ml, loan_tenure_in_days: ' 090 ', previous_tenure_in_days: '90' }, TAG);
    expect(result.ok && result.body.loan_type === 'ML' && result.body.loan_information.loan_tenure_in_days).toBe('90');
  });

  it('ML: a changed tenure needs both amounts', () => {
    const errors = errorsOf({ ...ml, loan_tenure_in_days: '120' });
    expect(errors.partner_computed_emi_amount).toMatch(/changed from 90 to 120 days.*EMI amount/);
    expect(errors.partner_computed_interest_amount).toMatch(/interest amount/);
    const one = errorsOf({ ...ml, loan_tenure_in_days: '120', partner_computed_emi_amount: '3000' });
    expect(Object.keys(one)).toEqual(['partner_computed_interest_amount']);
  });

  it('ML: amounts must be positive with at most 2 decimals', () => {
    const base = { ...ml, loan_tenure_in_days: '120', partner_computed_interest_amount: '100' };
    expect(errorsOf({ ...base, partner_computed_emi_amount: '0' }).partner_computed_emi_amount).toMatch(/more than ₹0/);
    expect(errorsOf({ ...base, partner_computed_emi_amount: '10.555' }).partner_computed_emi_amount).toMatch(/2 decimals/);
    expect(errorsOf({ ...base, partner_computed_emi_amount: 'abc' }).partner_computed_emi_amount).toBeDefined();
  });

  it('ML: without a known previous tenure, amounts are optional but go together', () => {
    const unknown = { ...ml, previous_tenure_in_days: '' };
    const plain = validateApolloUpdate(unknown, TAG);
    expect(plain.ok && Object.keys(plain.body.loan_information)).toEqual(['disbursement_date', 'first_emi_date', 'loan_tenure_in_days']);
    const both = validateApolloUpdate({ ...unknown, partner_computed_emi_amount: '500', partner_computed_interest_amount: '50.5' }, TAG);
    expect(both).toMatchObject({ ok: true, body: { loan_information: { partner_computed_emi_amount: '500', partner_computed_interest_amount: '50.50' } } });
    expect(errorsOf({ ...unknown, partner_computed_emi_amount: '500' })).toEqual({
      partner_computed_interest_amount: expect.stringMatching(/together/),
    });
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ loan_type: 'ML', disbursement_date: 'x', first_date: '' });
    expect(Object.keys(errors).sort()).toEqual(['disbursement_date', 'first_date', 'loan_tenure_in_days']);
  });
});

describe('describeApolloMessage', () => {
  it('explains the edit window', () => {
    const text = describeApolloMessage('loan cannot be updated after 23/11/2026 10:00');
    expect(text).toMatch(/3 days/);
    expect(text).toMatch(/Document Check Pending/);
    expect(text).toMatch(/23\/11\/2026 10:00/);
    expect(text).toMatch(/Nothing was changed/);
  });

  it('explains the tenure and missing-field messages', () => {
    expect(describeApolloMessage('first_emi_date & loan_tenure_in_days do not match')).toMatch(/first EMI date does not match the loan tenure/);
    expect(describeApolloMessage('provide disbursement_date, first_emi_date and loan_tenure_in_days')).toMatch(
      /disbursement date, the first EMI date and the loan tenure in days/,
    );
  });

  it('passes unknown messages through', () => {
    expect(describeApolloMessage('something new')).toBe('something new');
  });
});
