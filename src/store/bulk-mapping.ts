/** Database rows of bulk batches ↔ their shapes, shared by both backends (Postgres BIGINTs arrive as strings). */
import { newWriteId } from './ids.ts';
import type { BulkBatch, BulkBatchState, BulkRow, BulkRowOutcome, BulkRowStatus } from './bulk-types.ts';
import type { WriteState } from './types.ts';

export const BATCH_ID_PATTERN = /^b_[a-z2-7]{12}$/;

export function newBatchId(): string {
  return `b_${newWriteId().slice(2)}`;
}

type Raw = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toBatch(r: Raw): BulkBatch {
  return {
    id: String(r['id']),
    fileId: String(r['file_id']),
    fileName: String(r['file_name']),
    requestedBy: String(r['requested_by']),
    channelId: String(r['channel_id']),
    state: r['state'] as BulkBatchState,
    includeDuplicates: num(r['include_duplicates']) === 1,
    rowCount: num(r['row_count']),
    messageTs: textOrNull(r['message_ts']),
    createdAt: num(r['created_at']),
    confirmedAt: numOrNull(r['confirmed_at']),
    cancelledBy: textOrNull(r['cancelled_by']),
    progressAt: num(r['progress_at']),
    finishedAt: numOrNull(r['finished_at']),
  };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function toRow(r: Raw): BulkRow {
  return {
    batchId: String(r['batch_id']),
    row: num(r['row_number']),
    loanId: textOrNull(r['loan_id']),
    status: r['status'] as BulkRowStatus,
    reason: textOrNull(r['reason']),
    draft: parseJson(r['draft']),
    fingerprint: textOrNull(r['fingerprint']),
    writeId: textOrNull(r['write_id']),
  };
}

export function toOutcome(r: Raw): BulkRowOutcome {
  return {
    ...toRow(r),
    writeState: (textOrNull(r['write_state']) as WriteState | null) ?? null,
    lastStatus: numOrNull(r['last_status']),
    lastError: textOrNull(r['last_error']),
    lenderMessage: textOrNull(r['lender_message']),
    dismissReason: textOrNull(r['dismiss_reason']),
  };
}

export function emptyStates(): Record<WriteState, number> {
  return { pending: 0, sending: 0, confirmed: 0, failed: 0, dismissed: 0 };
}

/** The rows-by-status-and-state tally both backends compute with one GROUP BY. */
export function tally(rows: Raw[]) {
  const byState = emptyStates();
  let rowsTotal = 0;
  let rejected = 0;
  let skipped = 0;
  let unrecorded = 0;
  for (const r of rows) {
    const n = num(r['n']);
    rowsTotal += n;
    const state = textOrNull(r['write_state']) as WriteState | null;
    if (state) byState[state] += n;
    else if (r['status'] === 'rejected') rejected += n;
    else if (r['status'] === 'duplicate' && num(r['include_duplicates']) !== 1) skipped += n;
    else unrecorded += n;
  }
  return { rows: rowsTotal, rejected, skipped, unrecorded, byState };
}

/** Grants within the last second, oldest first, from the stored JSON. */
export function recentGrants(text: unknown, now: number, windowMs = 1000): number[] {
  const parsed = parseJson(text);
  return Array.isArray(parsed) ? parsed.filter((t): t is number => typeof t === 'number' && t > now - windowMs && t <= now).sort((a, b) => a - b) : [];
}
