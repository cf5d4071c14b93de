/**
 * The rules of adding a loan (Credgenics Add Loan, lending and credit line), checked before anything is
 * sent. Input is what a person typed or picked, keyed by the docs' own key names (which double as the
 * modal's block ids); output is a draft in the docs' types, or errors keyed by field.
 * Types follow the docs' Request Body Parameters table: money and counts are integers, dates are
 * YYYY-MM-DD, the pincode is an integer, everything else a string.
 */
import { z } from 'zod';
import { MAX_AMOUNT } from './amount.ts';
import { isValidLoanId } from './command-text.ts';
import type { LoanKind } from './loan.ts';
import { formatInr } from './money.ts';

export const ADDRESS_TYPES = ['Home', 'Business', 'Office'] as const;
/** The docs' choices for security_type. */
export const SECURITY_TYPES = ['Secured', 'Movable', 'Secured Immovable', 'Unsecured'] as const;
/** The docs' applicant_language codes. */
export const LANGUAGES = [
  ['en', 'English'], ['hi', 'Hindi'], ['bn', 'Bengali'], ['gu', 'Gujarati'], ['ml', 'Malayalam'],
  ['mr', 'Marathi'], ['pa', 'Punjabi'], ['te', 'Telugu'], ['ta', 'Tamil'], ['kn', 'Kannada'],
] as const;
const LANGUAGE_CODES = LANGUAGES.map(([code]) => code) as [string, ...string[]];

/** Page 1: what the docs mark required (client_customer_id: required for a credit line). */
export const LOAN_FIELDS = ['loan_id', 'client_customer_id', 'loan_type', 'total_loan_amount', 'applicant_name'] as const;
export const ADDRESS_FIELDS = ['applicant_address_type', 'applicant_address_text', 'applicant_state', 'applicant_city', 'applicant_pincode'] as const;
export const DEFAULT_FIELDS = [
  'total_claim_amount', 'late_fee', 'date_of_default', 'expected_emi', 'default_emi_number', 'settlement_amount',
  'client_amount_recovered', 'principal_outstanding_amount', 'expected_emi_interest_amount', 'expected_emi_principal_amount', 'other_penalty',
] as const;
/** Page 2: the useful optional keys. */
export const MORE_FIELDS = [
  'applicant_contact_number', 'applicant_email', 'applicant_gender', 'applicant_dob', 'applicant_monthly_income', 'applicant_occupation',
  'applicant_language', 'applicant_pan_number', 'applicant_aadhar_number', 'emi_amount', 'loan_tenure', 'client_loan_sanction_date',
  'loan_end_date', 'interest_on_loan', 'security_type', 'loan_nbfc_name', 'product_type',
] as const;

export type DefaultKey = (typeof DEFAULT_FIELDS)[number];
export type MoreField = (typeof MORE_FIELDS)[number];
export type PageOneField = (typeof LOAN_FIELDS)[number] | (typeof ADDRESS_FIELDS)[number] | DefaultKey;
export type AddLoanField = PageOneField | MoreField;
export const PAGE_ONE_FIELDS: readonly PageOneField[] = [...LOAN_FIELDS, ...ADDRESS_FIELDS, ...DEFAULT_FIELDS];
export const ADD_LOAN_FIELDS: readonly AddLoanField[] = [...PAGE_ONE_FIELDS, ...MORE_FIELDS];

export type AddLoanInput = Partial<Record<AddLoanField, string | null | undefined>>;
export type AddLoanErrors = Partial<Record<AddLoanField, string>>;

/** The docs' words for each key, for labels and messages. */
export const ADD_LOAN_LABELS: Record<AddLoanField, string> = {
  loan_id: 'Loan id', client_customer_id: 'Client customer ID', loan_type: 'Loan type', total_loan_amount: 'Total loan amount',
  applicant_name: 'Applicant name', applicant_address_type: 'Address type', applicant_address_text: 'Address', applicant_state: 'State',
  applicant_city: 'City', applicant_pincode: 'Pincode', total_claim_amount: 'Total claim amount', late_fee: 'Late fee',
  date_of_default: 'Date of default', expected_emi: 'Expected EMI', default_emi_number: 'Default EMI number',
  settlement_amount: 'Settlement amount', client_amount_recovered: 'Client amount recovered',
  principal_outstanding_amount: 'Principal outstanding amount', expected_emi_interest_amount: 'Expected EMI interest amount',
  expected_emi_principal_amount: 'Expected EMI principal amount', other_penalty: 'Other penalty',
  applicant_contact_number: 'Applicant contact number', applicant_email: 'Applicant email', applicant_gender: 'Applicant gender',
  applicant_dob: 'Applicant DOB', applicant_monthly_income: 'Applicant monthly income', applicant_occupation: 'Applicant occupation',
  applicant_language: 'Applicant language', applicant_pan_number: 'Applicant PAN number', applicant_aadhar_number: 'Applicant Aadhaar number',
  emi_amount: 'EMI amount', loan_tenure: 'Loan tenure', client_loan_sanction_date: 'Client loan sanction date', loan_end_date: 'Loan end date',
  interest_on_loan: 'Interest on loan', security_type: 'Security type', loan_nbfc_name: 'Loan NBFC name', product_type: 'Product type',
};

export interface AddLoanAddress {
  applicant_address_type: (typeof ADDRESS_TYPES)[number];
  applicant_address_text: string;
  applicant_state: string;
  applicant_city: string;
  applicant_pincode: number;
}

export interface AddLoanDraft {
  kind: LoanKind;
  loanId: string;
  clientCustomerId: string | undefined;
  loanType: string;
  applicantName: string;
  totalLoanAmount: number;
  address: AddLoanAddress;
  /** Every Default Key, null where left empty. */
  defaults: Record<DefaultKey, number | string | null>;
  /** The optional keys given (page 2), already in the docs' types. */
  more: Partial<Record<MoreField, string | number>>;
}

const PRINTABLE = /^[^\u0000-\u001f\u007f<>]*$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Runs of whitespace (newlines in the address too) become one space; blank becomes undefined. */
const blank = (value: unknown) => {
  if (typeof value !== 'string') return value ?? undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};
const required = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

type Ctx = { addIssue: (issue: { code: 'custom'; message: string }) => void };
const bad = (ctx: Ctx, message: string) => (ctx.addIssue({ code: 'custom', message }), z.NEVER);

const text = (label: string, max: number) =>
  z.string({ error: `Enter the ${label}` }).max(max, `Keep the ${label} under ${max} characters`).regex(PRINTABLE, 'Use plain text (no < or >)');

/** Whole rupees, as typed: "50000", "50,000", "₹ 50,000", "Rs. 500". The docs' type is integer: no paise. */
const rupees = (label: string, min: 0 | 1) =>
  z.string({ error: `Enter the ${label} in rupees, e.g. 50000` }).transform((raw, ctx) => {
    const cleaned = raw.replace(/^(₹|rs\.?|inr)\s*/i, '').replace(/\s+/g, '');
    if (/^[-−]/.test(cleaned)) return bad(ctx, 'Cannot be negative');
    const match = /^(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?$/.exec(cleaned);
    if (!match) return bad(ctx, 'Enter digits only, e.g. 50000 or 50,000');
    if (/[1-9]/.test(match[2] ?? '')) return bad(ctx, 'Whole rupees only: Credgenics takes an integer (no paise)');
    const value = Number((match[1] ?? '').replace(/,/g, ''));
    if (value < min) return bad(ctx, 'Must be more than ₹0');
    if (value > MAX_AMOUNT) return bad(ctx, 'That is more than ₹10,00,00,000: check the amount');
    return value;
  });

const count = (what: string, max: number) =>
  z.string().transform((raw, ctx) => {
    if (!/^\d{1,4}$/.test(raw) || Number(raw) > max) return bad(ctx, `Enter ${what} as a whole number from 0 to ${max}`);
    return Number(raw);
  });

const date = () =>
  z.string().refine((value) => {
    const [, y, m, d] = YMD.exec(value) ?? [];
    if (!y) return false;
    const at = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return at.getUTCFullYear() === Number(y) && at.getUTCMonth() === Number(m) - 1 && at.getUTCDate() === Number(d);
  }, 'Pick a date (YYYY-MM-DD)');

const digitsAs = (pattern: RegExp, message: string, strip: (s: string) => string) =>
  z.string().transform((raw, ctx) => (pattern.test(strip(raw)) ? strip(raw) : bad(ctx, message)));

/** Contact number: 10 digits; spaces, dashes, a +91 or a leading 0 are dropped. */
const phone = digitsAs(/^\d{10}$/, 'A contact number is 10 digits, e.g. 9805265926', (s) =>
  s.replace(/[\s().-]/g, '').replace(/^(\+91|91(?=\d{10}$)|0(?=\d{10}$))/, ''),
);
const pan = digitsAs(/^[A-Z]{5}\d{4}[A-Z]$/, 'A PAN is 10 characters like ABCDE1234F', (s) => s.replace(/[\s-]/g, '').toUpperCase());
const aadhaar = digitsAs(/^[2-9]\d{11}$/, 'An Aadhaar number is 12 digits, e.g. 2354 9867 1293', (s) => s.replace(/[\s-]/g, ''));
const pincode = digitsAs(/^[1-9]\d{5}$/, 'A pincode is 6 digits, e.g. 342001', (s) => s.replace(/\s/g, '')).transform(Number);
const interest = z.string().transform((raw, ctx) => {
  const match = /^(\d{1,3}(?:\.\d{1,2})?)\s*%?$/.exec(raw);
  const value = Number(match?.[1]);
  return match && value <= 100 ? value : bad(ctx, 'Enter the interest rate in %, e.g. 18 or 12.5');
});

/** Default Keys: the table says "Required True, Default None", so each may be left empty and is sent as null. */
const defaultSchema = (field: DefaultKey) =>
  field === 'date_of_default' ? optional(date()) : field === 'default_emi_number' ? optional(count('the EMI number', 1000)) : optional(rupees(ADD_LOAN_LABELS[field].toLowerCase(), 0));

const SCHEMAS: Record<AddLoanField, z.ZodType> = {
  loan_id: required(z.string({ error: 'Enter the loan id' }).refine(isValidLoanId, 'A loan id is 1–50 letters, digits, - or _, starting with a letter or digit')),
  client_customer_id: optional(z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, 'A client customer ID is 1–50 letters, digits, - or _')),
  loan_type: required(text('loan type', 50)),
  total_loan_amount: required(rupees('total loan amount', 1)),
  applicant_name: required(text('applicant name', 100)),
  applicant_address_type: required(z.enum(ADDRESS_TYPES, { message: 'Pick Home, Business or Office' })),
  applicant_address_text: required(text('address', 200)),
  applicant_state: required(text('state', 50)),
  applicant_city: required(text('city', 50)),
  applicant_pincode: required(pincode),
  ...(Object.fromEntries(DEFAULT_FIELDS.map((field) => [field, defaultSchema(field)])) as unknown as Record<DefaultKey, z.ZodType>),
  applicant_contact_number: optional(phone),
  applicant_email: optional(z.email('Enter an email address like name@example.com').max(100, 'Keep the email under 100 characters')),
  applicant_gender: optional(text('gender', 20)),
  applicant_dob: optional(date()),
  applicant_monthly_income: optional(rupees('monthly income', 0)),
  applicant_occupation: optional(text('occupation', 50)),
  applicant_language: optional(z.enum(LANGUAGE_CODES, { message: 'Pick a language' })),
  applicant_pan_number: optional(pan),
  applicant_aadhar_number: optional(aadhaar),
  emi_amount: optional(rupees('EMI amount', 1)),
  loan_tenure: optional(count('the tenure in months', 600)),
  client_loan_sanction_date: optional(date()),
  loan_end_date: optional(date()),
  interest_on_loan: optional(interest),
  security_type: optional(z.enum(SECURITY_TYPES, { message: 'Pick Secured, Movable, Secured Immovable or Unsecured' })),
  loan_nbfc_name: optional(text('NBFC name', 100)),
  product_type: optional(text('product type', 50)),
};

type Parsed = Partial<Record<AddLoanField, unknown>>;

/** Check `fields` of `input` (each on its own, so one bad field never hides another), then the rules between them. */
function check(input: AddLoanInput, fields: readonly AddLoanField[], kind: LoanKind, today: string): { values: Parsed; errors: AddLoanErrors } {
  const values: Parsed = {};
  const errors: AddLoanErrors = {};
  for (const field of fields) {
    const parsed = SCHEMAS[field].safeParse(input[field]);
    if (parsed.success) values[field] = parsed.data;
    else errors[field] = parsed.error.issues[0]?.message ?? 'Check this value';
  }
  const day = (field: AddLoanField) => (typeof values[field] === 'string' ? (values[field] as string) : undefined);
  if ((day('date_of_default') ?? '') > today) errors.date_of_default ??= 'The date of default cannot be in the future';
  if ((day('client_loan_sanction_date') ?? '') > today) errors.client_loan_sanction_date ??= 'The sanction date cannot be in the future';
  if ((day('applicant_dob') ?? '') >= today) errors.applicant_dob ??= 'The date of birth must be in the past';
  const sanctioned = day('client_loan_sanction_date');
  const ends = day('loan_end_date');
  if (sanctioned && ends && ends <= sanctioned) errors.loan_end_date ??= 'The loan end date must be after the sanction date';
  const needsCustomer = kind === 'credit_line' && fields.includes('client_customer_id') && values.client_customer_id === undefined;
  if (needsCustomer) errors.client_customer_id ??= 'Required for a credit-line loan';
  return { values, errors };
}

/** Page 2 on its own: errors keyed by its fields (none when every value is fine or empty). */
export function validateMoreDetails(input: AddLoanInput, today: string): AddLoanErrors {
  return check(input, MORE_FIELDS, 'lending', today).errors;
}

/** The whole loan. `today` is the calendar date (YYYY-MM-DD) in the team's time zone. */
export function validateAddLoan(input: AddLoanInput, kind: LoanKind, today: string): { ok: true; draft: AddLoanDraft } | { ok: false; errors: AddLoanErrors } {
  const { values, errors } = check(input, ADD_LOAN_FIELDS, kind, today);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const pick = (fields: readonly AddLoanField[], empty: 'null' | 'omit') => {
    const out: Record<string, unknown> = {};
    for (const field of fields) if (values[field] !== undefined || empty === 'null') out[field] = values[field] ?? null;
    return out;
  };
  return {
    ok: true,
    draft: {
      kind,
      loanId: values.loan_id as string,
      clientCustomerId: kind === 'credit_line' ? (values.client_customer_id as string) : undefined,
      loanType: values.loan_type as string,
      applicantName: values.applicant_name as string,
      totalLoanAmount: values.total_loan_amount as number,
      address: pick(ADDRESS_FIELDS, 'omit') as unknown as AddLoanAddress,
      defaults: pick(DEFAULT_FIELDS, 'null') as AddLoanDraft['defaults'],
      more: pick(MORE_FIELDS, 'omit') as AddLoanDraft['more'],
    },
  };
}

/** The Add Loan body: client_customer_id only for a credit line (that is what makes it one). */
export function addLoanBody(draft: AddLoanDraft): Record<string, unknown> {
  return {
    loan_id: draft.loanId,
    ...(draft.kind === 'credit_line' && draft.clientCustomerId ? { client_customer_id: draft.clientCustomerId } : {}),
    loan_type: draft.loanType,
    applicant_name: draft.applicantName,
    total_loan_amount: draft.totalLoanAmount,
    ...draft.more,
    applicant_address: [{ ...draft.address }],
    defaults: [{ ...draft.defaults }],
  };
}

/** One readable line for alerts and history: no contact details or identity numbers. */
export function addLoanSummary(draft: AddLoanDraft): string {
  const claim = draft.defaults.total_claim_amount;
  const kind = draft.kind === 'credit_line' ? `credit line, customer ${draft.clientCustomerId ?? '?'}` : 'lending';
  const place = `${draft.address.applicant_city}, ${draft.address.applicant_state}`;
  const parts = [draft.loanType, formatInr(draft.totalLoanAmount), draft.applicantName, place, typeof claim === 'number' ? `claim ${formatInr(claim)}` : '', kind];
  return parts.filter(Boolean).join(' · ');
}
