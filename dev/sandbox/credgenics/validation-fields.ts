/**
 * Field schemas for the Add Loan / Update Loan parameter tables of the Credgenics docs.
 * Every message is written to follow the field's path: "total_loan_amount must be an integer".
 */
import { z } from 'zod';
import { ALLOCATION_MONTH_PATTERN, isYmdDate } from './clock.ts';

type IssueInput = { input?: unknown };
const typeError = (what: string) => (issue: IssueInput) => (issue.input === undefined ? 'is required' : `must be ${what}`);

export const str = () => z.string({ error: typeError('a string') });
export const int = () => z.number({ error: typeError('an integer') }).int({ error: 'must be an integer' });
export const num = () => z.number({ error: typeError('a number') });
export const bool = () => z.boolean({ error: typeError('true or false') });
export const date = () =>
  z.string({ error: typeError('a date in YYYY-MM-DD format') }).refine(isYmdDate, {
    error: 'must be a date in YYYY-MM-DD format',
  });
export const list = <T extends z.ZodType>(item: T) => z.array(item, { error: typeError('a list') });

/** A string from a fixed list of choices (exact, or case-insensitive when asked). */
export function choice(values: readonly string[], options: { caseInsensitive?: boolean } = {}) {
  const wanted = `one of: ${values.join(', ')}`;
  const accepts = (value: string): boolean =>
    options.caseInsensitive ? values.some((v) => v.toLowerCase() === value.toLowerCase()) : values.includes(value);
  return z.string({ error: typeError(wanted) }).refine(accepts, { error: `must be ${wanted}` });
}

export const allocationMonth = () =>
  z.string({ error: typeError('an allocation month like 2021-2-01') }).regex(ALLOCATION_MONTH_PATTERN, {
    error: 'must be an allocation month like 2021-2-01 (month without a leading zero, day 01)',
  });

export const ADDRESS_TYPES = ['Home', 'Business', 'Office'] as const;
/** The docs list "Secured, Movable, Secured Immovable, Unsecured"; the sample sends "Secured immovable". */
export const SECURITY_TYPES = ['', 'Secured', 'Movable', 'Secured Movable', 'Secured Immovable', 'Unsecured'] as const;

export const addressSchema = z.strictObject({
  applicant_address_type: choice(ADDRESS_TYPES),
  applicant_address_text: str(),
  applicant_state: str(),
  applicant_city: str(),
  applicant_pincode: int(),
});

/** Default keys: required per the table, but their default value is None, so null is accepted. */
export const addDefaultSchema = z.strictObject({
  total_claim_amount: int().nullable(),
  late_fee: int().nullable(),
  date_of_default: date().nullable(),
  expected_emi: int().nullable(),
  default_emi_number: int().nullable(),
  settlement_amount: int().nullable(),
  client_amount_recovered: int().nullable(),
  principal_outstanding_amount: int().nullable(),
  expected_emi_interest_amount: int().nullable(),
  expected_emi_principal_amount: int().nullable(),
  other_penalty: int().nullable(),
  allocation_month: allocationMonth().optional(),
});
export const updateDefaultSchema = addDefaultSchema.partial();

function optionalStrings<const K extends readonly string[]>(keys: K): { [P in K[number]]: z.ZodOptional<z.ZodString> } {
  return Object.fromEntries(keys.map((key) => [key, str().optional()])) as { [P in K[number]]: z.ZodOptional<z.ZodString> };
}

export const documentSchema = z.strictObject({
  ...optionalStrings([
    'security_mode', 'document_number', 'document_bank_name', 'document_bank_ifsc_code', 'document_signature_name',
    'document_bounce_bank_account_number', 'document_bounce_bank_name', 'document_bounce_bank_ifsc_code',
    'document_bounce_bank_address', 'reason_of_document_bounce', 'document_micr', 'document_presented_in_account',
    'document_presented_zone', 'document_bounce_memo_branch_address',
  ]),
  document_amount: int().nullable().optional(),
  document_bounce_charges: int().nullable().optional(),
  document_date: date().nullable().optional(),
  document_dishonour_date: date().nullable().optional(),
  document_bounce_memo_date: date().nullable().optional(),
});

/** The table spells it "contat_number"; the sample sends "contact_number": both are accepted. */
export const referenceSchema = z.strictObject(
  optionalStrings(['relation_with_applicant', 'name', 'contact_number', 'contat_number']),
);

export const coApplicantSchema = z.strictObject({
  ...optionalStrings([
    'co_applicant_name', 'co_applicant_email', 'co_applicant_contact_number', 'co_applicant_gender',
    'co_applicant_address_text', 'co_applicant_state', 'co_applicant_city',
  ]),
  co_applicant_dob: date().nullable().optional(),
  co_applicant_pincode: int().nullable().optional(),
});

const OPTIONAL_STRING_KEYS = [
  'client_customer_id', 'applicant_email', 'applicant_contact_number', 'applicant_gender', 'applicant_occupation',
  'applicant_aadhar_number', 'applicant_pan_number', 'applicant_language', 'loan_nbfc_name', 'loan_nbfc_cin',
  'product_type', 'credit_account_number', 'credit_account_holder_name', 'credit_account_holder_type',
  'credit_bank_name', 'credit_bank_ifsc_code', 'business_name', 'merchant_name', 'payment_link', 'channel_partner',
  'loan_regional_manager_name', 'loan_regional_manager_contact_number', 'loan_regional_manager_contact_email',
  // Vehicle keys present in the docs' credit-line Get Loan sample.
  'engine_number', 'chassis_number', 'make_and_model', 'vehicle_registration_number',
] as const;

/** The Add Loan parameter table: required keys are loan_id, loan_type, applicant_name, total_loan_amount, applicant_address. */
export const addLoanSchema = z.strictObject({
  loan_id: str(),
  loan_type: str(),
  applicant_name: str(),
  ...optionalStrings(OPTIONAL_STRING_KEYS),
  applicant_dob: date().nullable().optional(),
  applicant_monthly_income: int().nullable().optional(),
  applicant_cibil_score: int().nullable().optional(),
  total_loan_amount: int(),
  loan_tenure: int().nullable().optional(),
  client_loan_sanction_date: date().nullable().optional(),
  loan_end_date: date().nullable().optional(),
  interest_on_loan: num().nullable().optional(),
  tenure_finished: bool().nullable().optional(),
  security_type: choice(SECURITY_TYPES, { caseInsensitive: true }).optional(),
  // The table says backed_by_security; the samples send backed_by_surety.
  backed_by_security: bool().nullable().optional(),
  backed_by_surety: bool().nullable().optional(),
  emi_amount: int().nullable().optional(),
  document_details: list(documentSchema).optional(),
  applicant_address: list(addressSchema).min(1, { error: 'must have at least one address' }),
  defaults: list(addDefaultSchema).optional(),
  references: list(referenceSchema).optional(),
  co_applicant: list(coApplicantSchema).optional(),
});

/** Update Loan: any subset of the Add Loan keys; default entries may be partial and name their allocation_month. */
export const updateLoanSchema = addLoanSchema.partial().extend({
  defaults: list(updateDefaultSchema).optional(),
});
