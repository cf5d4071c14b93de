/**
 * How the sandbox applies writes: new loans and transactions built from an Add Loan body,
 * Update Loan merges, and Update Payment applied to one allocation month's default.
 */
import { DAY_MS } from '../kit/clock.ts';
import { allocationMonthKey, type SandboxClock } from './clock.ts';
import {
  dpdBracket,
  TRANSACTION_KEYS,
  type CustomerRecord,
  type DefaultEntry,
  type JsonObject,
  type LendingRecord,
  type Remark,
  type Transaction,
} from './model.ts';
import type { AddLoanInput, Checked, PaymentInput, UpdateLoanInput } from './validation.ts';

/** Lending loan_details keys in the order of the docs' Get Loan sample, with their empty values. */
const LENDING_TEMPLATE: JsonObject = {
  loan_id: '', loan_type: '', product_type: '', applicant_name: '', applicant_contact_number: '', applicant_email: '',
  applicant_gender: '', business_name: '', emi_amount: null, loan_tenure: null, applicant_language: '',
  applicant_occupation: '', applicant_pan_number: '', applicant_cibil_score: null, applicant_dob: null, payment_link: '',
  client_loan_sanction_date: null, loan_end_date: null, interest_on_loan: null, merchant_name: '', security_type: '',
  total_loan_amount: null, loan_nbfc_name: '', loan_nbfc_cin: '', tenure_finished: null, backed_by_surety: null,
  credit_bank_name: '', applicant_address: [], defaults: [], document_details: [], references: [], co_applicant: [],
  credit_account_number: '', applicant_aadhar_number: '', applicant_monthly_income: null,
  credit_account_holder_name: '', credit_account_holder_type: '',
};

/** Credit-line applicant_details keys (docs' sample) with their empty values. */
const APPLICANT_TEMPLATE: JsonObject = {
  client_customer_id: '', loan_type: '', references: [], co_applicant: [], payment_link: '', product_type: '',
  applicant_dob: null, business_name: '', engine_number: '', loan_end_date: null, loan_nbfc_cin: '', merchant_name: '',
  security_type: '', applicant_name: '', chassis_number: '', loan_nbfc_name: '', make_and_model: '', applicant_email: '',
  applicant_gender: '', backed_by_surety: null, credit_bank_name: '', document_details: [], applicant_address: [],
  applicant_language: '', applicant_occupation: '', applicant_pan_number: '', applicant_cibil_score: null,
  credit_account_number: '', credit_bank_ifsc_code: '', applicant_aadhar_number: '', applicant_contact_number: '',
  applicant_monthly_income: null, credit_account_holder_name: '', credit_account_holder_type: '',
  loan_regional_manager_name: '', vehicle_registration_number: '', loan_regional_manager_contact_email: '',
  loan_regional_manager_contact_number: '',
};

const isTransactionKey = (key: string): boolean => (TRANSACTION_KEYS as readonly string[]).includes(key);

/** Days from a "YYYY-MM-DD" default date to the first of the allocation month. */
function dpdAt(dateOfDefault: string | null | undefined, allocationMonth: string): number | null {
  if (!dateOfDefault) return null;
  const key = allocationMonthKey(allocationMonth);
  const [y = 0, m = 1, d = 1] = dateOfDefault.split('-').map(Number);
  const monthStart = Date.UTC(Math.floor(key / 100), (key % 100) - 1, 1);
  return Math.max(0, Math.round((monthStart - Date.UTC(y, m - 1, d)) / DAY_MS));
}

type AddDefault = NonNullable<AddLoanInput['defaults']>[number];

/** A new default as Credgenics stores it: allocated this month, Initiated, nothing recovered. */
function newDefault(input: AddDefault, clock: SandboxClock, creditLine: boolean): DefaultEntry {
  const month = input.allocation_month ?? clock.allocationMonth();
  const dpd = dpdAt(input.date_of_default, month);
  const entry: DefaultEntry = {
    created: clock.micros(),
    late_fee: input.late_fee,
    expected_emi: input.expected_emi,
    final_status: 'Initiated',
    other_penalty: input.other_penalty,
    recovery_date: null,
    payment_method: '',
    date_of_default: input.date_of_default,
    recovery_method: '',
    allocation_month: month,
    amount_recovered: 0,
    settlement_amount: input.settlement_amount,
    default_emi_number: input.default_emi_number,
    total_claim_amount: input.total_claim_amount,
    allocation_dpd_value: dpd,
    actual_date_of_default: input.date_of_default,
    allocation_dpd_bracket: dpd === null ? '' : dpdBracket(dpd),
    client_amount_recovered: input.client_amount_recovered,
    expected_emi_interest_amount: input.expected_emi_interest_amount,
    principal_outstanding_amount: input.principal_outstanding_amount,
    expected_emi_principal_amount: input.expected_emi_principal_amount,
  };
  if (creditLine) Object.assign(entry, { upload_date: null, closure_with: '', payment_mode: '', reference_number: '' });
  return entry;
}

export function buildLendingRecord(input: AddLoanInput, clock: SandboxClock): LendingRecord {
  const { client_customer_id: _ignored, defaults = [], ...fields } = input;
  const details: LendingRecord['loan_details'] = {
    ...structuredClone(LENDING_TEMPLATE),
    ...structuredClone(fields),
    loan_id: input.loan_id,
    loan_type: input.loan_type,
    applicant_name: input.applicant_name,
    defaults: defaults.map((entry) => newDefault(entry, clock, false)),
  };
  return { loan_details: details, communication_details: [], case_tracking_details: [], remarks: [] };
}

export function buildTransaction(input: AddLoanInput, clock: SandboxClock): Transaction {
  const data: Transaction['data'] = {
    defaults: (input.defaults ?? []).map((entry) => newDefault(entry, clock, true)),
    emi_amount: input.emi_amount ?? null,
    loan_tenure: input.loan_tenure ?? null,
    loan_end_date: input.loan_end_date ?? null,
    transaction_id: input.loan_id,
    tenure_finished: input.tenure_finished ?? null,
    interest_on_loan: input.interest_on_loan ?? null,
    total_loan_amount: input.total_loan_amount,
    client_loan_sanction_date: input.client_loan_sanction_date ?? null,
  };
  return { transaction_id: input.loan_id, data };
}

export function buildCustomer(input: AddLoanInput, customerId: string, clock: SandboxClock): CustomerRecord {
  const details: JsonObject = structuredClone(APPLICANT_TEMPLATE);
  for (const [key, value] of Object.entries(input)) {
    if (key === 'loan_id' || (isTransactionKey(key) && key !== 'loan_end_date')) continue;
    details[key] = structuredClone(value);
  }
  details.client_customer_id = customerId;
  return {
    client_customer_id: customerId,
    applicant_details: details,
    transactions: [buildTransaction(input, clock)],
    communication_details: [],
    case_tracking_details: [],
    remarks: [],
  };
}

/** The latest default: highest allocation month, later entries winning ties. */
export function latestDefault(defaults: readonly DefaultEntry[]): DefaultEntry | undefined {
  let best: DefaultEntry | undefined;
  for (const entry of defaults) {
    const key = allocationMonthKey(entry.allocation_month);
    if (!best || !(key < allocationMonthKey(best.allocation_month))) best = entry;
  }
  return best;
}

type DefaultPatch = NonNullable<UpdateLoanInput['defaults']>[number];

/** Resolve every default patch to its target first, so a bad entry changes nothing. */
function planDefaults(defaults: DefaultEntry[], patches: DefaultPatch[]): Checked<Array<[DefaultEntry, DefaultPatch]>> {
  const plan: Array<[DefaultEntry, DefaultPatch]> = [];
  for (const patch of patches) {
    const month = patch.allocation_month;
    const target = month ? defaults.find((d) => d.allocation_month === month) : latestDefault(defaults);
    if (!target) {
      return { ok: false, message: month ? `No default found for allocation_month ${month}` : 'No default found to update' };
    }
    plan.push([target, patch]);
  }
  return { ok: true, value: plan };
}

function applyPlan(plan: Array<[DefaultEntry, DefaultPatch]>): void {
  for (const [target, patch] of plan) Object.assign(target, structuredClone(patch));
}

/** Update Loan (lending): merge fields; lists replace; default entries merge into their month (or the latest). */
export function updateLending(loan: LendingRecord, input: UpdateLoanInput): Checked<null> {
  const { loan_id: _same, defaults, ...fields } = input;
  const plan = planDefaults(loan.loan_details.defaults, defaults ?? []);
  if (!plan.ok) return plan;
  Object.assign(loan.loan_details, structuredClone(fields));
  applyPlan(plan.value);
  return { ok: true, value: null };
}

/** Update Loan (credit line): transaction keys merge into the transaction's data, the others into applicant_details. */
export function updateTransaction(customer: CustomerRecord, transaction: Transaction, input: UpdateLoanInput): Checked<null> {
  const { loan_id: _same, defaults, ...fields } = input;
  const plan = planDefaults(transaction.data.defaults, defaults ?? []);
  if (!plan.ok) return plan;
  for (const [key, value] of Object.entries(fields)) {
    const target = isTransactionKey(key) ? transaction.data : customer.applicant_details;
    target[key] = structuredClone(value);
  }
  applyPlan(plan.value);
  return { ok: true, value: null };
}

const rupees = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

/** Update Payment on one default: add the amount, set status and payment fields, note a remark. */
export function applyPaymentTo(
  entry: DefaultEntry,
  remarks: Remark[],
  input: PaymentInput,
  clock: SandboxClock,
): { total: number; recordedAt: string } {
  const previous = typeof entry.amount_recovered === 'number' ? entry.amount_recovered : 0;
  const total = Math.round((previous + input.amount_recovered) * 100) / 100;
  const recordedAt = clock.micros();
  const keep = (key: string, value: string | undefined): void => {
    if (value !== undefined) entry[key] = value;
    else if (!(key in entry) || entry[key] === null) entry[key] = '';
  };
  entry.amount_recovered = total;
  entry.final_status = input.final_status;
  entry.payment_method = input.payment_method;
  keep('recovery_method', input.recovery_method);
  keep('closure_with', input.closure_with);
  keep('reference_number', input.payment_reference_number);
  keep('payment_mode', input.payment_mode);
  if (input.date_of_default !== undefined) entry.date_of_default = input.date_of_default;
  entry.recovery_date = recordedAt;
  remarks.push({
    remarks: `Payment of ₹${rupees.format(input.amount_recovered)} recorded (${input.payment_method})`,
    created: clock.dateTime(),
    author: 'api',
  });
  return { total, recordedAt };
}
