/**
 * Turning database rows back into OutboxWrite and AuditEntry, validated. Plain columns are checked
 * with zod (the schema's NOT NULL/CHECK constraints make a failure here a sign of tampering, so it
 * throws). JSON columns are parsed leniently: unreadable JSON becomes null (request, result) or is
 * skipped (alerts), so one damaged row never breaks a listing.
 */
import { z } from 'zod';
import {
  LENDER_NAMES,
  WRITE_OPERATIONS,
  WRITE_STATES,
  type AlertRef,
  type AuditEntry,
  type OutboxWrite,
} from './types.ts';

const text = z.string();
const nullableText = z.string().nullable();
/** Postgres hands BIGINT columns back as strings (the pool is told to parse them, but be tolerant). */
const int = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const nullableInt = int.nullable();
/** SQLite stores flags as 0/1, Postgres as booleans. */
const flag = z.union([z.boolean(), z.literal(0).transform(() => false), z.literal(1).transform(() => true)]);

export const alertRefSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

const outboxRowSchema = z.object({
  id: text,
  idempotency_key: text,
  lender: z.enum(LENDER_NAMES),
  operation: z.enum(WRITE_OPERATIONS),
  loan_id: text,
  request: nullableText,
  summary: text,
  fingerprint: nullableText,
  requested_by: text,
  channel_id: text,
  thread_ts: nullableText,
  source_message_ts: nullableText,
  state: z.enum(WRITE_STATES),
  attempts: int,
  last_status: nullableInt,
  last_error: nullableText,
  lender_message: nullableText,
  retryable: flag.nullable(),
  result: nullableText,
  alerts: nullableText,
  created_at: int,
  updated_at: int,
  sent_at: nullableInt,
  confirmed_at: nullableInt,
  resolved_by: nullableText,
  dismiss_reason: nullableText,
  due_at: nullableInt,
  lease_owner: nullableText,
  lease_expires_at: nullableInt,
  in_flight: flag,
  needs_reconcile: flag,
  settle_after: nullableInt,
  force: flag,
  run_by: nullableText,
  lock_key: nullableText,
  priority: int,
  view_id: nullableText,
  max_attempts: int,
});

/** The columns selected for an OutboxWrite, in the order of outboxRowSchema. */
export const OUTBOX_COLUMNS = Object.keys(outboxRowSchema.shape).join(', ');

const auditRowSchema = z.object({
  id: int,
  at: int,
  actor: text,
  action: text,
  loan_id: nullableText,
  lender: z.enum(LENDER_NAMES).nullable(),
  outcome: text,
  detail: text,
  write_id: nullableText,
});

export const AUDIT_COLUMNS = Object.keys(auditRowSchema.shape).join(', ');

/** JSON.parse that answers null instead of throwing (Postgres jsonb arrives parsed already). */
export function parseJsonOrNull(json: unknown): unknown {
  if (json === null || json === undefined) return null;
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

/** The valid alert references in a stored alerts column; anything unreadable is left out. */
export function parseAlerts(json: unknown): AlertRef[] {
  const parsed = parseJsonOrNull(json);
  if (!Array.isArray(parsed)) return [];
  const alerts: AlertRef[] = [];
  for (const item of parsed) {
    const alert = alertRefSchema.safeParse(item);
    if (alert.success) alerts.push({ channel: alert.data.channel, ts: alert.data.ts });
  }
  return alerts;
}

/** JSON text for a value the caller hands us; refuses what JSON cannot represent. */
export function toJsonText(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`store: ${what} is not JSON-serialisable (${(error as Error).message})`, { cause: error });
  }
  if (json === undefined) throw new TypeError(`store: ${what} is not JSON-serialisable`);
  return json;
}

export function toOutboxWrite(row: unknown): OutboxWrite {
  const parsed = outboxRowSchema.safeParse(row);
  if (!parsed.success) {
    throw new Error(`store: unreadable outbox row: ${z.prettifyError(parsed.error)}`);
  }
  const r = parsed.data;
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    lender: r.lender,
    operation: r.operation,
    loanId: r.loan_id,
    request: parseJsonOrNull(r.request),
    summary: r.summary,
    fingerprint: r.fingerprint,
    requestedBy: r.requested_by,
    channelId: r.channel_id,
    threadTs: r.thread_ts,
    sourceMessageTs: r.source_message_ts,
    state: r.state,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lenderMessage: r.lender_message,
    retryable: r.retryable,
    result: parseJsonOrNull(r.result),
    alerts: parseAlerts(r.alerts),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    confirmedAt: r.confirmed_at,
    resolvedBy: r.resolved_by,
    dismissReason: r.dismiss_reason,
    dueAt: r.due_at,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: r.lease_expires_at,
    inFlight: r.in_flight,
    needsReconcile: r.needs_reconcile,
    settleAfter: r.settle_after,
    force: r.force,
    runBy: r.run_by,
    lockKey: r.lock_key,
    priority: r.priority,
    viewId: r.view_id,
    maxAttempts: r.max_attempts,
  };
}

export function toAuditEntry(row: unknown): AuditEntry {
  const parsed = auditRowSchema.safeParse(row);
  if (!parsed.success) {
    throw new Error(`store: unreadable audit row: ${z.prettifyError(parsed.error)}`);
  }
  const r = parsed.data;
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    loanId: r.loan_id,
    lender: r.lender,
    outcome: r.outcome,
    detail: r.detail,
    writeId: r.write_id,
  };
}
