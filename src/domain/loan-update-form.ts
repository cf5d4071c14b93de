/**
 * What of a loan's current values an Update loan form may carry. A modal's metadata is stored by Slack and
 * handed to the person's client, and is limited to 3,000 characters: the borrower's phone, email and street
 * address, and any lender value longer than a modal needs, stay out of it. For each, the form carries a
 * masked (or clipped) value to show and a keyed digest to tell whether a typed value is a change.
 */
import { LOAN_UPDATE_FIELDS, LOAN_UPDATE_LABELS, comparable, formText, type HiddenValue, type LoanUpdateField, type LoanUpdateOriginal, type ValueDigest } from './loan-update.ts';
import { maskEmail, maskFreeText, maskPhone } from './masking.ts';

/** Never carried in a form, whatever their length. */
export const PERSONAL_FORM_FIELDS = ['applicant_contact_number', 'applicant_email', 'applicant_address_text'] as const satisfies readonly LoanUpdateField[];
/** Longer lender values are carried as a digest and a clipped preview. */
export const CARRIED_VALUE_MAX = 40;

function shown(field: LoanUpdateField, value: string): string {
  if (field === 'applicant_contact_number') return maskPhone(value) ?? 'XXXXXXXXXX';
  if (field === 'applicant_email') return maskEmail(value) ?? '***';
  if (field === 'applicant_address_text') {
    const words = value.split(/\s+/).filter(Boolean);
    return `${words.length} word${words.length === 1 ? '' : 's'} on file`;
  }
  const masked = maskFreeText(value);
  return masked.length > CARRIED_VALUE_MAX ? `${masked.slice(0, CARRIED_VALUE_MAX - 1)}…` : masked;
}

/** The original as a form carries it: personal and long values replaced by what to show and a digest. */
export function originalForForm(original: LoanUpdateOriginal, digest: ValueDigest): LoanUpdateOriginal {
  const values: LoanUpdateOriginal['values'] = {};
  const hidden: Partial<Record<LoanUpdateField, HiddenValue>> = { ...original.hidden };
  for (const [key, raw] of Object.entries(original.values) as Array<[LoanUpdateField, string | undefined]>) {
    const value = formText(raw);
    const personal = (PERSONAL_FORM_FIELDS as readonly string[]).includes(key);
    if (value !== '' && (personal || value.length > CARRIED_VALUE_MAX)) hidden[key] = { shown: shown(key, value), digest: digest(key, comparable(key, value)) };
    else values[key] = value;
  }
  return { ...original, values, hidden };
}

/**
 * Edit & retry: an Update Loan body (Credgenics keys and types) as the form's values, so a rejected update
 * can be corrected. Personal details (phone, email, street) are not put back into a form: they are named in
 * `leftOut` (by label) for the person to type again.
 */
export function formInputFromBody(body: Record<string, unknown>): { input: Partial<Record<LoanUpdateField, string>>; leftOut: string[] } {
  const input: Partial<Record<LoanUpdateField, string>> = {};
  const leftOut: string[] = [];
  const put = (field: LoanUpdateField, value: unknown) => {
    if (typeof value !== 'string' && typeof value !== 'number') return;
    if ((PERSONAL_FORM_FIELDS as readonly string[]).includes(field)) leftOut.push(LOAN_UPDATE_LABELS[field]);
    else input[field] = String(value);
  };
  const first = (value: unknown): Record<string, unknown> => (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null ? (value[0] as Record<string, unknown>) : {});
  const address = first(body['applicant_address']);
  const current = first(body['defaults']);
  for (const field of LOAN_UPDATE_FIELDS) {
    if (field in body) put(field, body[field]);
    else if (field in address) put(field, address[field]);
    else if (field === 'settlement_amount' || field === 'late_fee') put(field, current[field]);
  }
  return { input, leftOut };
}
