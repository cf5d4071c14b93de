/**
 * What a log line may not carry, and how it is taken out: one walk over each logged object.
 * - A value under a sensitive key (a secret, a token header, a borrower's PII field in any Credgenics
 *   shape or Apollo body), at any depth, becomes `[redacted]`.
 * - Other strings (and the message itself) have what looks like PII masked as in Slack (maskFreeText:
 *   phone, Aadhaar, PAN, email, account numbers, however they are written), so a lender's message that
 *   quotes a borrower's number is logged masked. Identifiers (`ts`, `loanId`, `…_id`) are left as they are.
 * - Slack tokens and Bearer/Basic credentials inside any text are scrubbed from the finished line.
 * Errors are serialized first (pino's own err serializer), so their fields are walked too. The logged
 * object is never changed: what has to change is copied.
 */
import { pino } from 'pino';
import { maskFreeText } from './domain/masking.ts';

/** Field names that hold a secret or a borrower's PII, in any Credgenics shape, Apollo body or HTTP header. */
export const SENSITIVE_KEYS = [
  // secrets and headers
  'authorization',
  'authenticationtoken',
  'x-api-key',
  'x-slack-signature',
  'cookie',
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'client_secret',
  'access_token',
  'apiKey',
  'authToken',
  'password',
  // applicant PII (Credgenics, both shapes)
  'applicant_aadhar_number',
  'applicant_pan_number',
  'applicant_contact_number',
  'applicant_email',
  'applicant_dob',
  'applicant_address_text',
  'credit_account_number',
  'credit_account_holder_name',
  'credit_bank_ifsc_code',
  'document_bounce_bank_account_number',
  'co_applicant_contact_number',
  'co_applicant_email',
  'co_applicant_dob',
  'co_applicant_address_text',
  'contact_number',
  'loan_regional_manager_contact_number',
  'loan_regional_manager_contact_email',
  'sms_body',
  'sms_mobile',
  'to',
  'from',
  'email_body',
  // our own normalized names
  'aadhaarNumber',
  'panNumber',
  'contactNumber',
  'email',
  'dob',
  'accountNumber',
] as const;

const CENSOR = '[redacted]';
/** Compared in lower case: HTTP headers come in any case. */
const SENSITIVE = new Set<string>(SENSITIVE_KEYS.map((key) => key.toLowerCase()));
/** Deeper than any lender body or error loanbot logs; the walk stops here. */
const MAX_DEPTH = 8;

/**
 * Identifiers, not a borrower's numbers: Slack message timestamps (`1732861234.123456`) and ids (a loan id
 * may be a long run of digits; operators search the logs by it).
 */
function isIdentifierKey(key: string): boolean {
  return key === 'ts' || key === 'id' || /(?:Ts|_ts|Id|_id)$/.test(key);
}

/** Objects walked (original → what is logged instead); IN_PROGRESS while their fields are being walked. */
type Walked = Map<object, unknown>;
const IN_PROGRESS = Symbol('in progress');
/** A field whose getter threw. */
const UNREADABLE = Symbol('unreadable');

function walk(value: unknown, key: string, depth: number, walked: Walked): unknown {
  if (typeof value === 'string') return isIdentifierKey(key) ? value : maskFreeText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Map || value instanceof Set) return value;
  const before = walked.get(value);
  // A loop back to an object still being walked: its original still holds what is being taken out.
  if (before === IN_PROGRESS) return '[Circular]';
  if (walked.has(value)) return before;
  walked.set(value, IN_PROGRESS);
  const result = walkFields(value, key, depth, walked);
  walked.set(value, result);
  return result;
}

function walkFields(value: object, key: string, depth: number, walked: Walked): unknown {
  if (value instanceof Error) return walk(pino.stdSerializers.err(value), key, depth, walked);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = walk(value[i], key, depth + 1, walked);
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const names = Object.keys(record);
  let copy: Record<string, unknown> | undefined;
  for (const [index, name] of names.entries()) {
    const current = readField(record, name);
    const next = current === UNREADABLE ? '[unreadable]' : SENSITIVE.has(name.toLowerCase()) && current !== undefined && current !== null ? CENSOR : walk(current, name, depth + 1, walked);
    if (next === current) continue;
    // The copy reads each field once more through readField (a spread would run a throwing getter again).
    copy ??= Object.fromEntries(names.slice(0, index).map((earlier) => [earlier, readField(record, earlier)]));
    copy[name] = next;
  }
  if (copy) for (const name of names) if (!(name in copy)) copy[name] = readField(record, name);
  return copy ?? value;
}

/** A field's value; a getter that throws (a library object) reads as UNREADABLE, not as an error in the caller. */
function readField(record: Record<string, unknown>, name: string): unknown {
  try {
    return record[name];
  } catch {
    return UNREADABLE;
  }
}

/**
 * pino's `formatters.log`: the logged object with secrets and PII taken out (a copy where needed). It never
 * throws: logging must not break the request that logs, and an object it cannot walk is not written at all.
 */
export function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  try {
    return walk(object, '', 0, new Map()) as Record<string, unknown>;
  } catch {
    return { logRedaction: 'failed: the logged object was left out' };
  }
}

/** pino's `hooks.logMethod`: the message string (first string argument) with PII masked. */
export function maskLogMessage(this: pino.Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
  const at = typeof args[0] === 'string' ? 0 : typeof args[1] === 'string' ? 1 : -1;
  if (at >= 0) args[at] = maskFreeText(args[at] as string);
  method.apply(this, args);
}

/**
 * Secrets that can turn up inside a string (an error message quoting a token): Slack tokens (`xoxb-`, `xoxp-`,
 * `xapp-`…) and Bearer/Basic credentials. Scrubbed from every serialized line, after the key-based redaction.
 */
const SECRET_IN_TEXT = /\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]+|\b(?:Bearer|Basic) [A-Za-z0-9._~+/=-]{8,}/g;

export function scrubSecrets(line: string): string {
  return line.replace(SECRET_IN_TEXT, '[redacted]');
}
