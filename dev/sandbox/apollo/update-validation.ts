/**
 * How the sandbox checks a Loan Update body against a loan, with the docs' messages where the docs
 * have one ("provide disbursement_date, first_emi_date and loan_tenure_in_days",
 * "first_emi_date & loan_tenure_in_days do not match") and plain ones elsewhere.
 *
 * The docs say an ML loan's first EMI date "will be revised as per DOD + no. of days of tenure" but
 * not how Apollo compares the two. The sandbox keeps that rule simple and says so: for ML the tenure
 * must be a whole number of days greater than 0, written as a string ("90"); otherwise it answers
 * "first_emi_date & loan_tenure_in_days do not match". It does not compare the dates with the tenure,
 * so every body loanbot's own rules accept is accepted here.
 */
import { daysBetween, parseDmy } from './clock.ts';
import type { ApolloSandboxLoan } from './types.ts';

const LOAN_TYPES = ['PL', 'ML', 'CL', 'CL_2', 'EDI'];
/** The docs: "a minimum of 25-30 days difference" for PL/ML; the sandbox takes 25 as the minimum. */
const MIN_FIRST_EMI_DAYS = 25;

const FIELDS: Record<string, string[]> = {
  PL: ['disbursement_date', 'first_emi_date'],
  CL: ['disbursement_date', 'first_emi_date'],
  CL_2: ['disbursement_date', 'first_emi_date'],
  ML: [
    'disbursement_date',
    'first_emi_date',
    'loan_tenure_in_days',
    'partner_computed_emi_amount',
    'partner_computed_interest_amount',
  ],
  EDI: ['disbursement_date', 'first_installment_date'],
};

const MISSING: Record<string, string> = {
  ML: 'provide disbursement_date, first_emi_date and loan_tenure_in_days',
  EDI: 'provide disbursement_date and first_installment_date',
};

export type BodyCheck = { ok: true; changes: Record<string, string> } | { ok: false; message: string };

const fail = (message: string): BodyCheck => ({ ok: false, message });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkUpdateBody(body: Record<string, unknown>, loan: ApolloSandboxLoan): BodyCheck {
  const loanType = body.loan_type;
  if (typeof loanType !== 'string' || loanType === '') return fail('provide loan_type');
  if (!LOAN_TYPES.includes(loanType)) return fail(`loan_type should be one of ${LOAN_TYPES.join(', ')}`);
  if (loanType !== loan.loanType) return fail(`loan_type does not match the loan (it is ${loan.loanType})`);
  const info = body.loan_information;
  if (!isObject(info)) return fail('provide loan_information');

  const allowed = FIELDS[loanType] ?? [];
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(info)) {
    if (!allowed.includes(key)) return fail(`${key} cannot be updated for ${loanType} loans`);
    if (typeof value !== 'string') return fail(`${key} should be a string`);
    changes[key] = value.trim();
  }

  const firstKey = loanType === 'EDI' ? 'first_installment_date' : 'first_emi_date';
  const required = ['disbursement_date', firstKey, ...(loanType === 'ML' ? ['loan_tenure_in_days'] : [])];
  if (required.some((key) => !changes[key])) return fail(MISSING[loanType] ?? `provide disbursement_date and ${firstKey}`);

  const disbursement = parseDmy(changes.disbursement_date);
  if (!disbursement) return fail('disbursement_date should be a date in DD/MM/YYYY format');
  const first = parseDmy(changes[firstKey]);
  if (!first) return fail(`${firstKey} should be a date in DD/MM/YYYY format`);
  const gap = daysBetween(disbursement, first);
  if (gap <= 0) return fail(`${firstKey} should be after disbursement_date`);
  if ((loanType === 'PL' || loanType === 'ML') && gap < MIN_FIRST_EMI_DAYS) {
    return fail(`first_emi_date should be at least ${MIN_FIRST_EMI_DAYS} days after disbursement_date`);
  }

  if (loanType === 'ML') {
    const tenure = changes.loan_tenure_in_days ?? '';
    if (!/^[1-9]\d*$/.test(tenure)) return fail('first_emi_date & loan_tenure_in_days do not match');
    for (const key of ['partner_computed_emi_amount', 'partner_computed_interest_amount']) {
      const amount = changes[key];
      if (amount !== undefined && !(/^\d+(\.\d{1,2})?$/.test(amount) && Number(amount) > 0)) {
        return fail(`${key} should be an amount greater than 0 with at most 2 decimals, e.g. "1234.50"`);
      }
    }
    const tenureChanged = tenure !== loan.loanInformation.loan_tenure_in_days;
    if (tenureChanged && (!changes.partner_computed_emi_amount || !changes.partner_computed_interest_amount)) {
      const amounts = 'partner_computed_emi_amount and partner_computed_interest_amount';
      return fail(`provide ${amounts} when loan_tenure_in_days changes`);
    }
  }
  return { ok: true, changes };
}
