/** Database rows of bulk batches → their shapes, read with zod, shared by both backends (Postgres BIGINTs arrive as strings). */
import { z } from 'zod';
import { newWriteId } from './ids.ts';
import type { BulkBatch, BulkRow, BulkRowOutcome } from './bulk-types.ts';
import { anyJson, readJsonColumn, readRow } from './json-columns.ts';
import { emptyStates, WRITE_STATES } from './write-kinds.ts';

export const BATCH_ID_PATTERN = /^b_[a-z2-7]{12}$/;

export function newBatchId(): string {
  return `b_${newWriteId().slice(2)}`;
}

/** Postgres BIGINTs arrive as strings; SQLite flags as 0/1. */
const num = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]);
const numOrNull = num.nullable();
const textOrNull = z.string().nullable();
const flag = num.transform((n) => n === 1);
const writeState = z.enum(WRITE_STATES).nullable();

const batchRowSchema = z.object({
  id: z.string(),
  file_id: z.string(),
  file_name: z.string(),
  requested_by: z.string(),
  channel_id: z.string(),
  state: z.enum(['review', 'confirmed', 'cancelled']),
  include_duplicates: flag,
  row_count: num,
  message_ts: textOrNull,
  created_at: num,
  confirmed_at: numOrNull,
  cancelled_by: textOrNull,
  progress_at: num,
  finished_at: numOrNull,
});

const bulkRowSchema = z
  .object({
    batch_id: z.string(),
    row_number: num,
    loan_id: textOrNull,
    status: z.enum(['valid', 'rejected', 'duplicate']),
    reason: textOrNull,
    /** The PaymentDraft as stored JSON (its reader parses it with its own schema); unreadable → null. */
    draft: textOrNull.transform((text) => (text === null ? null : (readJsonColumn(anyJson, text) ?? null))),
    fingerprint: textOrNull,
    write_id: textOrNull,
  })
  .transform(({ row_number, ...rest }) => ({ ...rest, row: row_number }));

const outcomeRowSchema = z.object({
  write_state: writeState.optional().transform((state) => state ?? null),
  last_status: numOrNull.optional().transform((n) => n ?? null),
  last_error: textOrNull.optional().transform((t) => t ?? null),
  lender_message: textOrNull.optional().transform((t) => t ?? null),
  dismiss_reason: textOrNull.optional().transform((t) => t ?? null),
});

export function toBatch(r: unknown): BulkBatch {
  return readRow(batchRowSchema, r, 'bulk batch');
}

export function toRow(r: unknown): BulkRow {
  return readRow(bulkRowSchema, r, 'bulk row');
}

export function toOutcome(r: unknown): BulkRowOutcome {
  return { ...toRow(r), ...readRow(outcomeRowSchema, r, 'bulk outcome') };
}

const tallyRowSchema = z.object({
  n: num,
  status: z.enum(['valid', 'rejected', 'duplicate']),
  write_state: writeState,
  include_duplicates: flag.nullable(),
});

/** The rows-by-status-and-state tally both backends compute with one GROUP BY. */
export function tally(rows: readonly unknown[]) {
  const byState = emptyStates();
  let rowsTotal = 0;
  let rejected = 0;
  let skipped = 0;
  let unrecorded = 0;
  for (const row of rows) {
    const r = readRow(tallyRowSchema, row, 'bulk count');
    rowsTotal += r.n;
    if (r.writeState) byState[r.writeState] += r.n;
    else if (r.status === 'rejected') rejected += r.n;
    else if (r.status === 'duplicate' && r.includeDuplicates !== true) skipped += r.n;
    else unrecorded += r.n;
  }
  return { rows: rowsTotal, rejected, skipped, unrecorded, byState };
}

/** Grants within the last second, oldest first, from the stored JSON. */
export function recentGrants(text: unknown, now: number, windowMs = 1000): number[] {
  const grants = readJsonColumn(z.array(z.unknown()), text) ?? [];
  return grants.filter((t): t is number => typeof t === 'number' && t > now - windowMs && t <= now).sort((a, b) => a - b);
}
