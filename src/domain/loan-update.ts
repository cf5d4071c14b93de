/**
 * Update Loan (Credgenics): the fields an agent corrects, checked as the Add Loan parameter table types
 * them, and only what changed. Input is what a person typed; the original is what the loan (or the
 * credit-line transaction) held, as the form showed it. Field names are the Credgenics keys and double
 * as the modal's action ids.
 */
import { z } from 'zod';
import { parseAmount } from './amount.ts';
import { displayDate } from './dates.ts';
import type { LoanKind } from './loan.ts';
import { maskEmail, maskFreeText, maskPhone } from './masking.ts';
import { formatInr } from './money.ts';

/** The docs' language codes (Add Loan table, applicant_language). */
export const LANGUAGES = [['en', 'English'], ['hi', 'Hindi'], ['bn', 'Bengali'], ['gu', 'Gujarati'], ['ml', 'Malayalam'], ['mr', 'Marathi'], ['pa', 'Punjabi'], ['te', 'Telugu'], ['ta', 'Tamil'], ['kn', 'Kannada']] as const;
export const LANGUAGE_CODES = LANGUAGES.map(([code]) => code) as [string, ...string[]];
const languageName = (code: string) => LANGUAGES.find(([c]) => c === code)?.[1] ?? code;

/** In the modal's order. */
export const LOAN_UPDATE_FIELDS = [
  'applicant_contact_number', 'applicant_email', 'applicant_address_text', 'applicant_state', 'applicant_city',
  'applicant_pincode', 'applicant_monthly_income', 'applicant_occupation', 'applicant_language',
  'emi_amount', 'total_loan_amount', 'loan_end_date', 'settlement_amount', 'late_fee',
] as const;
export type LoanUpdateField = (typeof LOAN_UPDATE_FIELDS)[number];

/** The modal's labels: the lender's words, except "Phone", which is what the summary and every other surface call it. */
export const LOAN_UPDATE_LABELS: Record<LoanUpdateField, string> = {
  applicant_contact_number: 'Phone', applicant_email: 'Email', applicant_address_text: 'Address',
  applicant_state: 'State', applicant_city: 'City', applicant_pincode: 'Pincode', applicant_monthly_income: 'Monthly income',
  applicant_occupation: 'Occupation', applicant_language: 'Language', emi_amount: 'EMI amount',
  total_loan_amount: 'Total loan amount', loan_end_date: 'Loan end date', settlement_amount: 'Settlement amount', late_fee: 'Late fee',
};

const ADDRESS_FIELDS = ['applicant_address_text', 'applicant_state', 'applicant_city', 'applicant_pincode'] as const;
const DEFAULT_FIELDS = ['settlement_amount', 'late_fee'] as const;
/** Modal fields that belong to a credit-line transaction (its `data`); the others belong to the customer. */
export const TRANSACTION_FIELDS: readonly LoanUpdateField[] = ['emi_amount', 'total_loan_amount', 'loan_end_date', ...DEFAULT_FIELDS];
/** Body keys the transaction PATCH stores on the transaction; every other key lands on the customer. */
export const TRANSACTION_BODY_KEYS = ['emi_amount', 'total_loan_amount', 'loan_end_date', 'defaults'] as const;
const ADDRESS_TYPES = ['Home', 'Business', 'Office'] as const;

export type LoanUpdateInput = Partial<Record<LoanUpdateField, string | null | undefined>>;
export type LoanUpdateErrors = Partial<Record<LoanUpdateField, string>>;

export interface LoanUpdateOriginal {
  kind: LoanKind;
  /** What the form starts with: the loan's values as a person would type them ('' or absent when none). */
  values: Partial<Record<LoanUpdateField, string>>;
  /** applicant_address_type of the first address (kept when the address is sent again). */
  addressType?: string | undefined;
  addressCount: number;
  /** allocation_month of the current default; without one, settlement amount and late fee cannot be edited. */
  allocationMonth?: string | undefined;
  /**
   * Fields whose current value the form does not carry (personal, or too long for a modal's metadata):
   * what to show instead, and a keyed digest of the value to tell whether a typed one differs. The form
   * starts them empty; empty keeps the current value.
   */
  hidden?: Partial<Record<LoanUpdateField, HiddenValue>> | undefined;
}

export interface HiddenValue {
  /** Masked or clipped, safe to show. */
  shown: string;
  digest: string;
}

/** A keyed digest of a field's value as the rules read it (see `comparable`). */
export type ValueDigest = (field: LoanUpdateField, value: string) => string;

export interface LoanUpdateLine {
  field: LoanUpdateField | 'applicant_address';
  label: string;
  /** Old value, masked where personal; undefined when there was none. */
  from: string | undefined;
  to: string;
  personal: boolean;
}

export type LoanUpdateResult =
  | { ok: true; changes: Record<string, unknown>; summary: string; lines: LoanUpdateLine[] }
  | { ok: false; errors: LoanUpdateErrors };

const text = (value: string | number | null | undefined) => (value == null ? '' : String(value).trim());
/** A lender value as the form shows it: trimmed text, '' for none. */
export const formText = text;

/** "+91 98052 65926", "098052-65926" → "9805265926". */
export function normalizeMobile(value: string): string | undefined {
  let digits = value.replace(/[\s().-]/g, '');
  if (/^\+91\d{10}$/.test(digits) || /^91\d{10}$/.test(digits)) digits = digits.slice(-10);
  else if (/^0\d{10}$/.test(digits)) digits = digits.slice(1);
  return /^[6-9]\d{9}$/.test(digits) ? digits : undefined;
}

function isCalendarDate(value: string): boolean {
  const [y = 0, m = 0, d = 0] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const refuse = (ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void }, message: string) => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

/** Whole rupees, as "45000", "45,000" or "₹ 45,000"; `allowZero` for amounts that may be nil (late fee). */
const rupees = (allowZero: boolean) =>
  z.string().transform((raw, ctx) => {
    if (allowZero && /^(₹|rs\.?|inr)?\s*0+(\.0+)?$/i.test(raw)) return 0;
    const amount = parseAmount(raw);
    if (amount.ok) return Number.isInteger(amount.value) ? amount.value : refuse(ctx, 'Whole rupees only (Credgenics keeps an integer), e.g. 45000');
    const negative = /^[-−]/.test(raw.replace(/^(₹|rs\.?|inr)\s*/i, ''));
    return refuse(ctx, negative && allowZero ? 'Cannot be negative' : amount.message.replace('The amount must', 'Must'));
  });

const PLAIN = /^[^\u0000-\u001f\u007f<>]*$/;
const plain = (max: number, what: string) =>
  z.string().max(max, `Keep the ${what} under ${max} characters`).regex(PLAIN, 'Use plain text (no < or >)');
const place = (example: string) => plain(60, 'name').regex(/^[\p{L}][\p{L} .'&()-]*$/u, `Letters only, e.g. ${example}`);

const RULES: Record<LoanUpdateField, z.ZodType<string | number, string>> = {
  applicant_contact_number: z
    .string()
    .transform((raw, ctx) => normalizeMobile(raw) ?? refuse(ctx, 'Enter a 10-digit Indian mobile number starting with 6–9, e.g. 9805265926 (+91 is fine)')),
  applicant_email: z.email({ message: 'Enter an email address like name@example.com' }),
  applicant_address_text: plain(300, 'address'),
  applicant_state: place('Rajasthan'),
  applicant_city: place('Jodhpur'),
  applicant_pincode: z.string().regex(/^[1-9]\d{5}$/, 'A pincode is 6 digits, e.g. 342001').transform(Number),
  applicant_monthly_income: rupees(false),
  applicant_occupation: plain(100, 'occupation'),
  applicant_language: z.enum(LANGUAGE_CODES, { message: `Pick one of: ${LANGUAGE_CODES.join(', ')}` }),
  emi_amount: rupees(false),
  total_loan_amount: rupees(false),
  loan_end_date: z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v), 'Pick a real date (YYYY-MM-DD)'),
  settlement_amount: rupees(true),
  late_fee: rupees(true),
};

const parse = (field: LoanUpdateField, raw: string) => RULES[field].safeParse(raw);

/** A value as the rules read it ("+91 98052 65926" → "9805265926"), for digests: equal values, equal text. */
export function comparable(field: LoanUpdateField, raw: string): string {
  const parsed = parse(field, text(raw));
  return parsed.success ? String(parsed.data) : text(raw);
}

function show(field: LoanUpdateField, value: string | number | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  switch (field) {
    case 'applicant_contact_number': return maskPhone(String(value));
    case 'applicant_email': return maskEmail(String(value));
    case 'applicant_occupation': return maskFreeText(String(value));
    case 'applicant_language': return languageName(String(value));
    case 'loan_end_date': return displayDate(String(value)) ?? String(value);
    default: return typeof value === 'number' ? formatInr(value) : String(value);
  }
}

const SHORT: Partial<Record<LoanUpdateField, string>> = { applicant_contact_number: 'Phone', emi_amount: 'EMI' };
const PERSONAL: readonly string[] = ['applicant_contact_number', 'applicant_email', 'applicant_monthly_income', 'applicant_address'];

/** "Phone → XXXXXX1234 · EMI ₹6,000 → ₹6,500": personal values show only their masked new value. */
export function summarizeLines(lines: LoanUpdateLine[]): string {
  return lines
    .map((l) => {
      const label = SHORT[l.field as LoanUpdateField] ?? l.label;
      return l.personal || l.from === undefined ? `${label} → ${l.to}` : `${label} ${l.from} → ${l.to}`;
    })
    .join(' · ');
}

const isAddress = (f: LoanUpdateField) => (ADDRESS_FIELDS as readonly string[]).includes(f);
const isDefault = (f: LoanUpdateField) => (DEFAULT_FIELDS as readonly string[]).includes(f);
/** The street is personal; city, state and a masked pincode tell enough (as the summary shows it). */
const placeLine = (city: unknown, state: unknown, pin: unknown) =>
  [text(city as string), text(state as string), text(pin as string).replace(/\d{3}$/, 'XXX')].filter(Boolean).join(', ');

/** An address is sent whole (every key of the table's address entry is required), keeping its type. */
function addressChange(
  original: LoanUpdateOriginal,
  changed: Map<LoanUpdateField, string | number>,
  effective: Map<LoanUpdateField, string | number>,
  errors: LoanUpdateErrors,
  changes: Record<string, unknown>,
  lines: LoanUpdateLine[],
): void {
  if (!ADDRESS_FIELDS.some((f) => changed.has(f))) return;
  const parts: Partial<Record<(typeof ADDRESS_FIELDS)[number], string | number>> = {};
  for (const f of ADDRESS_FIELDS) {
    const before = text(original.values[f]);
    const old = parse(f, before);
    if (errors[f]) continue;
    if (effective.has(f)) parts[f] = effective.get(f);
    else if (original.hidden?.[f]) errors[f] = `Needed with the rest of the address: enter the ${LOAN_UPDATE_LABELS[f].toLowerCase()} as it should be (Show current details shows it)`;
    else if (!before) errors[f] = `Needed with the rest of the address: enter the ${LOAN_UPDATE_LABELS[f].toLowerCase()}`;
    else if (!old.success) errors[f] = old.error.issues[0]?.message ?? 'Check this value';
    else parts[f] = old.data;
  }
  const type = ADDRESS_TYPES.find((t) => t.toLowerCase() === text(original.addressType).toLowerCase()) ?? 'Home';
  changes['applicant_address'] = [{ applicant_address_type: type, ...parts }];
  const v = original.values;
  const from = placeLine(v.applicant_city ?? original.hidden?.applicant_city?.shown, v.applicant_state ?? original.hidden?.applicant_state?.shown, v.applicant_pincode) || undefined;
  lines.push({ field: 'applicant_address', label: 'Address', from, to: placeLine(parts.applicant_city, parts.applicant_state, parts.applicant_pincode), personal: true });
}

/** Check the form against the original; only changed fields make it into `changes` (Credgenics keys and types). */
export function validateLoanUpdate(input: LoanUpdateInput, original: LoanUpdateOriginal, digest?: ValueDigest): LoanUpdateResult {
  const errors: LoanUpdateErrors = {};
  const changed = new Map<LoanUpdateField, string | number>();
  const effective = new Map<LoanUpdateField, string | number>();

  for (const field of LOAN_UPDATE_FIELDS) {
    const raw = text(input[field]);
    const hidden = original.hidden?.[field];
    if (hidden) {
      if (raw === '') continue; // empty keeps the current value, which the form never held
      const parsed = parse(field, raw);
      if (!parsed.success) {
        errors[field] = parsed.error.issues[0]?.message ?? 'Check this value';
        continue;
      }
      effective.set(field, parsed.data);
      if (!digest || digest(field, String(parsed.data)) !== hidden.digest) changed.set(field, parsed.data);
      continue;
    }
    const before = text(original.values[field]);
    if (raw === before) continue; // untouched: never re-validated, even if the lender holds something odd
    if (raw === '') {
      errors[field] = `The ${LOAN_UPDATE_LABELS[field].toLowerCase()} cannot be emptied here: enter the correct value`;
      continue;
    }
    const parsed = parse(field, raw);
    if (!parsed.success) {
      errors[field] = parsed.error.issues[0]?.message ?? 'Check this value';
      continue;
    }
    effective.set(field, parsed.data);
    const old = parse(field, before);
    if (!(old.success && old.data === parsed.data)) changed.set(field, parsed.data);
  }

  const changes: Record<string, unknown> = {};
  const lines: LoanUpdateLine[] = [];
  const line = (field: LoanUpdateField, value: string | number) => {
    const old = parse(field, text(original.values[field]));
    const hidden = original.hidden?.[field]?.shown;
    const from = hidden ?? show(field, old.success ? old.data : text(original.values[field]));
    // Income is personal and has no mask: say that it changed, not what it is.
    if (field === 'applicant_monthly_income') lines.push({ field, label: LOAN_UPDATE_LABELS[field], from: undefined, to: 'updated (amount not shown)', personal: true });
    else lines.push({ field, label: LOAN_UPDATE_LABELS[field], from, to: show(field, value) ?? String(value), personal: PERSONAL.includes(field) });
  };

  for (const field of LOAN_UPDATE_FIELDS) {
    if (field === 'applicant_address_text') addressChange(original, changed, effective, errors, changes, lines);
    const value = changed.get(field);
    if (value === undefined || isAddress(field) || isDefault(field)) continue;
    changes[field] = value;
    line(field, value);
  }

  // The current default's settlement amount and late fee, named by its allocation month.
  if (DEFAULT_FIELDS.some((f) => changed.has(f))) {
    if (!original.allocationMonth) {
      for (const f of DEFAULT_FIELDS) if (changed.has(f)) errors[f] = 'This loan has no default to update';
    } else {
      const entry: Record<string, unknown> = { allocation_month: original.allocationMonth };
      for (const f of DEFAULT_FIELDS) {
        const value = changed.get(f);
        if (value === undefined) continue;
        entry[f] = value;
        line(f, value);
      }
      changes['defaults'] = [entry];
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (Object.keys(changes).length === 0) return { ok: false, errors: { [LOAN_UPDATE_FIELDS[0]]: 'Nothing changed: edit at least one field' } };
  return { ok: true, changes, summary: summarizeLines(lines), lines };
}

/** For a credit line: which keys of `changes` the transaction keeps, and which land on the customer (all transactions). */
export function splitCreditLineChanges(changes: Record<string, unknown>): { transaction: Record<string, unknown>; customer: Record<string, unknown> } {
  const entries = Object.entries(changes);
  const onTransaction = ([key]: [string, unknown]) => (TRANSACTION_BODY_KEYS as readonly string[]).includes(key);
  return { transaction: Object.fromEntries(entries.filter(onTransaction)), customer: Object.fromEntries(entries.filter((e) => !onTransaction(e))) };
}
