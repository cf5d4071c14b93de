/**
 * Checks on what callers hand the store, before anything reaches SQL: a bad argument is a bug in the
 * caller and is reported as a TypeError/RangeError naming the field (never its value, which may be PII).
 */
import { z } from 'zod';
import { alertRefSchema } from './rows.ts';
import {
  LENDER_NAMES,
  WRITE_OPERATIONS,
  WRITE_STATES,
  type AlertRef,
  type NewAuditEntry,
  type NewWrite,
  type NewWriteAudit,
  type Page,
  type AttemptFailure,
  type WriteState,
} from './types.ts';

const required = z.string().min(1);
const optionalText = z.string().min(1).nullish().transform((value) => value ?? null);
const epochMs = z.number().int().nonnegative();

const newWriteSchema = z.object({
  idempotencyKey: required,
  lender: z.enum(LENDER_NAMES),
  operation: z.enum(WRITE_OPERATIONS),
  loanId: required,
  summary: z.string(),
  fingerprint: optionalText,
  requestedBy: required,
  channelId: required,
  threadTs: optionalText,
  sourceMessageTs: optionalText,
  lockKey: optionalText,
  priority: z.number().int().min(0).max(1_000).default(0),
  viewId: optionalText,
  dueAt: epochMs.optional(),
  maxAttempts: z.number().int().min(1).max(20).default(3),
});

export type ValidNewWrite = z.output<typeof newWriteSchema> & { request: unknown };


const auditSchema = z.object({
  at: epochMs.optional(),
  actor: required,
  action: required,
  loanId: z.string().min(1).nullable(),
  lender: z.enum(LENDER_NAMES).nullable(),
  outcome: z.string(),
  detail: z.string(),
  writeId: z.string().min(1).nullable(),
});

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(value)');
  throw new TypeError(`store: invalid ${what}: ${[...new Set(fields)].join(', ')}`);
}

export function checkNewWrite(write: NewWrite): ValidNewWrite {
  return { ...check(newWriteSchema, write, 'write'), request: write.request };
}

/** Coerces rather than rejects: a failure must always be recordable. */
export function coerceFailure(failure: AttemptFailure): Required<AttemptFailure> {
  const { status, error, lenderMessage, retryable, uncertain, settleAfter } = failure;
  return {
    status: Number.isSafeInteger(status) ? status : null,
    error: typeof error === 'string' ? error : String(error),
    lenderMessage: typeof lenderMessage === 'string' ? lenderMessage : null,
    retryable: retryable === true,
    uncertain: uncertain === true,
    settleAfter: Number.isSafeInteger(settleAfter) ? (settleAfter as number) : null,
  };
}

/** The parameters every backend binds for a failure. */
export function failureParams(failure: AttemptFailure) {
  const f = coerceFailure(failure);
  return {
    status: f.status,
    error: f.error,
    lenderMessage: f.lenderMessage,
    retryable: f.retryable ? 1 : 0,
    uncertain: f.uncertain ? 1 : 0,
    settleAfter: f.settleAfter,
  };
}

export function checkPositive(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`store: ${what} must be a whole, positive number`);
  return value;
}

export function checkAlert(alert: AlertRef): AlertRef {
  return check(alertRefSchema, alert, 'alert');
}

export function checkAuditEntry(entry: NewAuditEntry): z.output<typeof auditSchema> {
  return check(auditSchema, entry, 'audit entry');
}

const writeAuditSchema = auditSchema.omit({ writeId: true });
export type ValidWriteAudit = z.output<typeof writeAuditSchema>;

/** The audit entry `record` appends with a new write (its writeId is the write's), checked before the transaction. */
export function checkWriteAudit(audit: NewWriteAudit | undefined): ValidWriteAudit | undefined {
  return audit === undefined ? undefined : check(writeAuditSchema, audit, 'audit entry');
}

export function checkStates(states: WriteState[]): WriteState[] {
  return check(z.array(z.enum(WRITE_STATES)), states, 'states');
}

export function checkText(value: string, what: string): string {
  return check(required, value, what);
}

export function checkEpochMs(value: number, what: string): number {
  return check(epochMs, value, what);
}

/** The most rows one list call may ask for. */
export const MAX_LIMIT = 1_000;

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new RangeError(`store: limit must be an integer from 0 to ${MAX_LIMIT}`);
  }
  return limit;
}

export function checkPage(page: Page): Page {
  if (!Number.isInteger(page.offset) || page.offset < 0) {
    throw new RangeError('store: offset must be a non-negative integer');
  }
  return { limit: checkLimit(page.limit), offset: page.offset };
}
