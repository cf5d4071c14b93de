/**
 * One row of a bulk payments file → a PaymentDraft, by the payment modal's own rules (validatePayment),
 * after reading the cells the way spreadsheets write them: `₹34,500`, `25/11/2026`, `Nov 2026`,
 * `partially recovered`. Pure.
 */
import { formatAllocationMonth, parseAllocationMonth } from './allocation-month.ts';
import { isValidLoanId } from './command-text.ts';
import type { LoanKind } from './loan.ts';
import { CLOSURE_WITH, FINAL_STATUSES, PAYMENT_METHODS, RECOVERY_METHODS, paymentFingerprint, validatePayment, type PaymentDraft, type PaymentField, type PaymentInput } from './payment.ts';
import type { BulkColumn, BulkRecord } from './bulk-file.ts';

/** The file's column for each of the modal's fields (their names differ in two places). */
const COLUMN_OF: Record<PaymentField, BulkColumn> = {
  amount: 'amount_recovered',
  final_status: 'final_status',
  payment_method: 'payment_method',
  date_of_default: 'date_of_default',
  allocation_month: 'allocation_month',
  recovery_method: 'recovery_method',
  closure_with: 'closure_with',
  reference: 'payment_reference_number',
  payment_mode: 'payment_mode',
  client_customer_id: 'client_customer_id',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `2026-11`, `2026-11-01`, `2026-11-1`, `Nov 2026`, `November 2026`, `Nov-2026` → `2026-11-01`; else the text as given. */
export function readAllocationMonth(text: string): string {
  const named = /^([A-Za-z]{3,9})[\s-]+(\d{4})$/.exec(text.trim());
  if (named) {
    const word = named[1]!.toLowerCase();
    const month = MONTHS.findIndex((m) => word.startsWith(m) && (word.length === 3 || FULL_MONTHS[MONTHS.indexOf(m)] === word));
    if (month >= 0) return formatAllocationMonth({ year: Number(named[2]), month: month + 1 });
    return text;
  }
  if (!/^\d{4}-\d{1,2}(-0?1)?$/.test(text.trim())) return text;
  const parsed = parseAllocationMonth(text);
  return parsed ? formatAllocationMonth(parsed) : text;
}
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `25/11/2026` or `2026-11-25` → `2026-11-25` when it is a real date; else the text as given (the rules refuse it). */
export function readDate(text: string): string {
  const t = text.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const [y, m, d] = dmy ? [+dmy[3]!, +dmy[2]!, +dmy[1]!] : ymd ? [+ymd[1]!, +ymd[2]!, +ymd[3]!] : [0, 0, 0];
  if (!y) return t;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return t;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A choice written in any case or spacing → the modal's spelling. */
function readChoice(text: string, choices: readonly string[]): string {
  const key = text.replace(/[\s_-]+/g, '').toLowerCase();
  return choices.find((c) => c.replace(/[\s_-]+/g, '').toLowerCase() === key) ?? text;
}

/** What the payment modal would fill in for this loan: its current default's month and date of default. */
export interface LoanDefaults {
  allocationMonth?: string | undefined;
  dateOfDefault?: string | undefined;
}

/** The row's cells as the payment modal's input; a blank month or date of default is the loan's current one, as in the modal. */
export function rowInput(record: BulkRecord, defaults: LoanDefaults = {}): PaymentInput {
  const c = { allocation_month: defaults.allocationMonth, date_of_default: defaults.dateOfDefault, ...record.cells };
  return {
    amount: c.amount_recovered ?? '',
    final_status: c.final_status === undefined ? undefined : readChoice(c.final_status, FINAL_STATUSES),
    payment_method: c.payment_method === undefined ? undefined : readChoice(c.payment_method, PAYMENT_METHODS),
    date_of_default: c.date_of_default === undefined ? undefined : readDate(c.date_of_default),
    allocation_month: c.allocation_month === undefined ? undefined : readAllocationMonth(c.allocation_month),
    recovery_method: c.recovery_method === undefined ? undefined : readChoice(c.recovery_method, RECOVERY_METHODS),
    closure_with: c.closure_with === undefined ? undefined : readChoice(c.closure_with, CLOSURE_WITH),
    reference: c.payment_reference_number,
    payment_mode: c.payment_mode,
    client_customer_id: c.client_customer_id,
  };
}

export type RowCheck = { ok: true; draft: PaymentDraft } | { ok: false; reason: string };

/** The loan id of a row, or why it has none loanbot accepts. */
export function rowLoanId(record: BulkRecord): { ok: true; loanId: string } | { ok: false; reason: string } {
  const loanId = record.cells.loan_id;
  if (!loanId) return { ok: false, reason: '`loan_id` is empty' };
  if (!isValidLoanId(loanId)) return { ok: false, reason: '`loan_id` is not a loan id (letters, digits, - and _, at most 50)' };
  return { ok: true, loanId };
}

/**
 * The payment modal's rules on one row; `kind` is the loan's, as Credgenics says (credit lines need
 * `client_customer_id`, and it must be `clientCustomerId`, the customer Credgenics says the line is theirs).
 */
export function checkRow(record: BulkRecord, kind: LoanKind, today: string, defaults: LoanDefaults = {}, clientCustomerId?: string): RowCheck {
  const id = rowLoanId(record);
  if (!id.ok) return id;
  const checked = validatePayment(rowInput(record, defaults), { loanId: id.loanId, kind, clientCustomerId }, today);
  if (checked.ok) return checked;
  const reasons = (Object.entries(checked.errors) as [PaymentField, string][]).map(([field, message]) => `\`${COLUMN_OF[field]}\`: ${message}`);
  return { ok: false, reason: reasons.join('; ') };
}

/** Rows of the file repeating an earlier row's loan, amount and reference: row → the first row it repeats. */
export function duplicatesWithinFile(drafts: { row: number; draft: PaymentDraft }[]): Map<number, number> {
  const first = new Map<string, number>();
  const repeats = new Map<number, number>();
  for (const { row, draft } of drafts) {
    const key = paymentFingerprint(draft);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, row);
    else repeats.set(row, earlier);
  }
  return repeats;
}
