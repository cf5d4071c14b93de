/**
 * Turning database rows back into OutboxWrite and AuditEntry, validated. Plain columns are checked
 * with zod (the schema's NOT NULL/CHECK constraints make a failure here a sign of tampering, so it
 * throws). JSON columns are parsed leniently (src/store/json-columns.ts): unreadable JSON becomes null
 * (request, result) or is skipped (alerts), so one damaged row never breaks a listing.
 */
import { z } from 'zod';
import { anyJson, readJsonColumn, readRow } from './json-columns.ts';
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

/** The valid alert references in a stored alerts column; anything unreadable is left out. */
export function parseAlerts(json: unknown): AlertRef[] {
  const items = readJsonColumn(z.array(z.unknown()), json) ?? [];
  return items.flatMap((item) => {
    const alert = alertRefSchema.safeParse(item);
    return alert.success ? [{ channel: alert.data.channel, ts: alert.data.ts }] : [];
  });
}

/** A JSON column of the caller's shape: null when it is null or unreadable. */
const jsonOrNull = nullableText.transform((text) => (text === null ? null : (readJsonColumn(anyJson, text) ?? null)));

const outboxRowSchema = z.object({
  id: text,
  idempotency_key: text,
  lender: z.enum(LENDER_NAMES),
  operation: z.enum(WRITE_OPERATIONS),
  loan_id: text,
  request: jsonOrNull,
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
  result: jsonOrNull,
  alerts: nullableText.transform(parseAlerts),
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

export function toOutboxWrite(row: unknown): OutboxWrite {
  return readRow(outboxRowSchema, row, 'outbox');
}

export function toAuditEntry(row: unknown): AuditEntry {
  return readRow(auditRowSchema, row, 'audit');
}
