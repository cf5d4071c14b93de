/**
 * The rules of an Apollo Finvest Loan Update (PL/ML/CL/CL_2/EDI), checked before anything is sent.
 * Input is what an agent picked in the modal (dates as YYYY-MM-DD from a datepicker); output is the
 * documented request body (dates as DD/MM/YYYY, every value a string) or errors keyed by field,
 * worded for the modal.
 */
import { addDays, differenceInCalendarDays, format, isValid, parse } from 'date-fns';
import { parseAmount } from './amount.ts';

export const APOLLO_LOAN_TYPES = ['PL', 'ML', 'CL', 'CL_2', 'EDI'] as const;
export type ApolloLoanType = (typeof APOLLO_LOAN_TYPES)[number];

/**
 * The docs: "If its a PL/ML loan type then There should be a minimum of 25-30 days difference between
 * the Disbursement Date and the First EMI Date". We read "a minimum of 25-30 days" as: the minimum is
 * 25 days. Under 25 days is an error; 25–30 days is fine; more than 30 days is allowed too, because
 * the sentence sets a minimum, not a maximum.
 */
export const APOLLO_MIN_FIRST_EMI_GAP_DAYS = 25;

/** A sanity bound on a typed tenure (100 years): anything longer is a typo, not a micro loan. */
const MAX_TENURE_DAYS = 36_500;

export interface ApolloInput {
  loan_type?: string;
  /** YYYY-MM-DD from a datepicker. */
  disbursement_date?: string;
  /** YYYY-MM-DD: the first EMI date, or the first installment date for EDI. */
  first_date?: string;
  loan_tenure_in_days?: string;
  /** The tenure Apollo has now, to detect a change; may be empty (unknown). */
  previous_tenure_in_days?: string;
  partner_computed_emi_amount?: string;
  partner_computed_interest_amount?: string;
}

export type ApolloField =
  | 'loan_type'
  | 'disbursement_date'
  | 'first_date'
  | 'loan_tenure_in_days'
  | 'partner_computed_emi_amount'
  | 'partner_computed_interest_amount';

export type ApolloErrors = Partial<Record<ApolloField, string>>;

/** PL, CL and CL_2: the docs' PL sample. Dates are DD/MM/YYYY. */
export interface ApolloEmiLoanInformation {
  disbursement_date: string;
  first_emi_date: string;
}

/** ML: the docs' two ML samples (the amounts only when the tenure changes). All values are strings. */
export interface ApolloMlLoanInformation extends ApolloEmiLoanInformation {
  loan_tenure_in_days: string;
  partner_computed_emi_amount?: string;
  partner_computed_interest_amount?: string;
}

/** EDI: `first_installment_date` instead of `first_emi_date`. */
export interface ApolloEdiLoanInformation {
  disbursement_date: string;
  first_installment_date: string;
}

/** The documented Loan Update request body. */
export type ApolloUpdateBody =
  | { partner_tag: string; loan_type: 'PL' | 'CL' | 'CL_2'; loan_information: ApolloEmiLoanInformation }
  | { partner_tag: string; loan_type: 'ML'; loan_information: ApolloMlLoanInformation }
  | { partner_tag: string; loan_type: 'EDI'; loan_information: ApolloEdiLoanInformation };

export type ApolloValidation = { ok: true; body: ApolloUpdateBody } | { ok: false; errors: ApolloErrors };

const text = (value: string | undefined): string => (value ?? '').trim();

export function isApolloLoanType(value: string): value is ApolloLoanType {
  return (APOLLO_LOAN_TYPES as readonly string[]).includes(value);
}

/** A real calendar date written exactly YYYY-MM-DD, or undefined. */
function parseYmd(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = parse(value, 'yyyy-MM-dd', new Date(2000, 0, 1));
  return isValid(date) ? date : undefined;
}

/** Apollo's date format, e.g. "12/03/2023". */
export const toApolloDate = (date: Date): string => format(date, 'dd/MM/yyyy');

/** A positive whole number of days as Apollo's string ("090" → "90"), or undefined. */
function parseTenure(value: string): number | undefined {
  if (!/^\d{1,6}$/.test(value)) return undefined;
  const days = Number(value);
  return days > 0 && days <= MAX_TENURE_DAYS ? days : undefined;
}

/** An amount as Apollo's string: "34500" or "34500.50". */
function amountString(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * Check an Apollo update and build its body. `partnerTag` is APOLLO_PARTNER_TAG.
 * Every field is checked, so the modal shows every problem at once.
 */
export function validateApolloUpdate(input: ApolloInput, partnerTag: string): ApolloValidation {
  const errors: ApolloErrors = {};

  const typeText = text(input.loan_type).toUpperCase();
  const loanType = isApolloLoanType(typeText) ? typeText : undefined;
  if (!typeText) errors.loan_type = 'Pick the loan type: PL, ML, CL, CL_2 or EDI (as the loan was created in Apollo)';
  else if (!loanType) {
    errors.loan_type = `“${text(input.loan_type)}” is not an Apollo loan type: pick PL, ML, CL, CL_2 or EDI`;
  }

  const firstLabel = loanType === 'EDI' ? 'first installment date' : 'first EMI date';
  const disbursement = checkDate(input.disbursement_date, 'disbursement date', errors, 'disbursement_date');
  const first = checkDate(input.first_date, firstLabel, errors, 'first_date');

  if (disbursement && first) {
    const gap = differenceInCalendarDays(first, disbursement);
    if (gap <= 0) {
      errors.first_date = `The ${firstLabel} must be after the disbursement date (${toApolloDate(disbursement)})`;
    } else if ((loanType === 'PL' || loanType === 'ML') && gap < APOLLO_MIN_FIRST_EMI_GAP_DAYS) {
      const earliest = toApolloDate(addDays(disbursement, APOLLO_MIN_FIRST_EMI_GAP_DAYS));
      errors.first_date =
        `For ${loanType} loans Apollo needs at least ${APOLLO_MIN_FIRST_EMI_GAP_DAYS} days between the disbursement date ` +
        `and the first EMI date; these are ${gap} day${gap === 1 ? '' : 's'} apart. Pick ${earliest} or later.`;
    }
  }

  const ml = loanType === 'ML' ? checkMl(input, errors) : undefined;

  if (Object.keys(errors).length > 0 || !loanType || !disbursement || !first) return { ok: false, errors };
  const partner_tag = partnerTag;
  const disbursement_date = toApolloDate(disbursement);
  const firstDate = toApolloDate(first);
  if (loanType === 'EDI') {
    const edi = { disbursement_date, first_installment_date: firstDate };
    return { ok: true, body: { partner_tag, loan_type: loanType, loan_information: edi } };
  }
  const information: ApolloEmiLoanInformation = { disbursement_date, first_emi_date: firstDate };
  if (loanType !== 'ML') return { ok: true, body: { partner_tag, loan_type: loanType, loan_information: information } };
  if (!ml) return { ok: false, errors };
  return { ok: true, body: { partner_tag, loan_type: loanType, loan_information: { ...information, ...ml } } };
}

function checkDate(value: string | undefined, label: string, errors: ApolloErrors, field: ApolloField): Date | undefined {
  const raw = text(value);
  if (!raw) {
    errors[field] = `Pick the ${label}`;
    return undefined;
  }
  const date = parseYmd(raw);
  if (!date) errors[field] = `That is not a real date: pick the ${label} from the calendar`;
  return date;
}

type MlFields = Omit<ApolloMlLoanInformation, 'disbursement_date' | 'first_emi_date'>;

/**
 * ML only: the tenure is required; a changed tenure needs the new EMI and interest amounts.
 * Tenure and amounts are sent as strings ("90", "34500.50"): the docs' table types the tenure as
 * a String and their sample writes every value of loan_information as a string.
 */
function checkMl(input: ApolloInput, errors: ApolloErrors): MlFields | undefined {
  const tenureText = text(input.loan_tenure_in_days);
  const tenure = tenureText ? parseTenure(tenureText) : undefined;
  if (!tenureText) errors.loan_tenure_in_days = 'Enter the loan tenure in days (e.g. 90): Apollo needs it for ML loans';
  else if (tenure === undefined) {
    errors.loan_tenure_in_days = 'Enter the tenure as a whole number of days greater than 0, e.g. 90';
  }

  // An unreadable previous tenure counts as unknown, like an empty one.
  const previous = parseTenure(text(input.previous_tenure_in_days));
  const changed = tenure !== undefined && previous !== undefined && tenure !== previous;
  const unchanged = tenure !== undefined && previous !== undefined && tenure === previous;

  let emi: string | undefined;
  let interest: string | undefined;
  // Same tenure as Apollo has: the docs' "no change" body, without amounts (anything typed is not sent).
  if (!unchanged) {
    const typed = [input.partner_computed_emi_amount, input.partner_computed_interest_amount].map(text);
    const required = changed || typed.some(Boolean);
    const why = changed
      ? `The tenure changed from ${previous} to ${tenure} days, so Apollo needs`
      : 'Apollo takes the EMI and interest amounts together: enter';
    const check = (raw: string, field: ApolloField, what: string): string | undefined => {
      if (!raw) {
        if (required) errors[field] = `${why} the new ${what} amount`;
        return undefined;
      }
      const amount = parseAmount(raw);
      if (amount.ok) return amountString(amount.value);
      errors[field] = amount.message;
      return undefined;
    };
    emi = check(typed[0] ?? '', 'partner_computed_emi_amount', 'EMI');
    interest = check(typed[1] ?? '', 'partner_computed_interest_amount', 'interest');
  }
  if (tenure === undefined) return undefined;
  const fields: MlFields = { loan_tenure_in_days: String(tenure) };
  if (emi !== undefined && interest !== undefined) {
    fields.partner_computed_emi_amount = emi;
    fields.partner_computed_interest_amount = interest;
  }
  return fields;
}

const UNCHANGED = ' Nothing was changed.';

/** Apollo's known messages (documented, or from its gateway) in words an agent understands. */
const KNOWN_MESSAGES: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [
    /loan cannot be updated after\s*(.*)$/i,
    (m) =>
      'Apollo no longer accepts changes to this loan: a loan can only be edited within 3 days of being created, while it ' +
      `is in Document Check Pending${m[1]?.trim() ? ` (the window closed ${m[1].trim()})` : ''}.${UNCHANGED}`,
  ],
  [
    /first_emi_date\s*&\s*loan_tenure_in_days do not match/i,
    () =>
      'Apollo says the first EMI date does not match the loan tenure: for ML loans the first EMI date follows from the ' +
      `disbursement date and the tenure in days. Check both and try again.${UNCHANGED}`,
  ],
  [
    /provide disbursement_date, first_emi_date and loan_tenure_in_days/i,
    () =>
      'Apollo needs the disbursement date, the first EMI date and the loan tenure in days together: ' +
      `fill in all three.${UNCHANGED}`,
  ],
  [
    /not in (the )?document check pending/i,
    () =>
      'Apollo only allows changes while a loan is in Document Check Pending, and this loan is past that stage.' +
      UNCHANGED,
  ],
  [/no such loan exists/i, () => `Apollo has no loan with this id: check the loan id.${UNCHANGED}`],
  [
    /partner is not allowed/i,
    () => 'Apollo does not let our partner account update loans: an admin needs to check the partner tag with Apollo.',
  ],
  [
    /incoming token has expired/i,
    () => 'Apollo refused loanbot’s access token. Try again; if it keeps happening, an admin must check the credentials.',
  ],
];

/** Apollo's message in plain words; unknown messages pass through unchanged. */
export function describeApolloMessage(message: string): string {
  for (const [pattern, describe] of KNOWN_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return describe(match);
  }
  return message;
}
