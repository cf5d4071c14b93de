/**
 * The sandbox's stored records, kept in exactly the shapes GET returns (field names,
 * nulls and empty strings as in the Credgenics docs).
 */

export type JsonObject = Record<string, unknown>;

/** One allocation month's default ("EMI") on a loan or a credit-line transaction. */
export interface DefaultEntry extends JsonObject {
  allocation_month: string;
  final_status: string;
  amount_recovered: number;
}

export interface Remark extends JsonObject {
  remarks: string;
  created: string;
  author: string;
}

export interface LoanDetails extends JsonObject {
  loan_id: string;
  loan_type: string;
  applicant_name: string;
  defaults: DefaultEntry[];
}

/** A lending loan: stored as the lending GET body. */
export interface LendingRecord {
  loan_details: LoanDetails;
  communication_details: JsonObject[];
  case_tracking_details: JsonObject[];
  remarks: Remark[];
}

export interface TransactionData extends JsonObject {
  transaction_id: string;
  defaults: DefaultEntry[];
}

export interface Transaction {
  transaction_id: string;
  data: TransactionData;
}

/** A credit-line customer; `applicant_details.defaults` is computed from the transactions on GET. */
export interface CustomerRecord {
  client_customer_id: string;
  applicant_details: JsonObject;
  transactions: Transaction[];
  communication_details: JsonObject[];
  case_tracking_details: JsonObject[];
  remarks: Remark[];
}

/** Keys of an Add Loan body that belong to a credit-line transaction's `data` (as in the docs' GET sample). */
export const TRANSACTION_KEYS = [
  'defaults',
  'emi_amount',
  'loan_tenure',
  'loan_end_date',
  'tenure_finished',
  'interest_on_loan',
  'total_loan_amount',
  'client_loan_sanction_date',
] as const;

export const SUCCESS_HEADERS = { 'Content-Type': 'application/json' } as const;

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** The DPD bracket Credgenics shows for a days-past-due value. */
export function dpdBracket(dpd: number): string {
  if (dpd <= 0) return '0';
  if (dpd <= 30) return '1-30';
  if (dpd <= 60) return '31-60';
  if (dpd <= 90) return '61-90';
  if (dpd <= 120) return '91-120';
  if (dpd <= 180) return '121-180';
  return '180+';
}
