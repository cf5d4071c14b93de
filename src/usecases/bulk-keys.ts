/**
 * A bulk row's outbox write: its idempotency key is the Slack file id + the row number + a digest of the
 * row's content, so Confirm twice, a Slack retry, a restart mid-batch or the same file confirmed again
 * finds the one write per row. Bulk rows queue behind people's own writes (lower priority goes first).
 */
import { createHash } from 'node:crypto';
import type { OutboxWrite } from '../store/index.ts';

export const BULK_PRIORITY = 10;
/** The dismiss reason of a row Cancel stopped (stored; the results file reads it back). */
export const BULK_CANCEL_REASON = 'bulk batch cancelled';
/** Every bulk row's idempotency key starts with it. */
export const BULK_KEY_PREFIX = 'bulk:';

export function bulkWriteKey(fileId: string, row: number, content: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 24);
  return `${BULK_KEY_PREFIX}${fileId}:${row}:${digest}`;
}

export function isBulkWrite(write: Pick<OutboxWrite, 'idempotencyKey'>): boolean {
  return write.idempotencyKey.startsWith(BULK_KEY_PREFIX);
}
