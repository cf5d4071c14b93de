/**
 * Sending a confirmed batch: each row to send becomes an outbox write (once per row: bulk-keys.ts), due
 * at a send time reserved for the whole deployment at CREDGENICS_WRITES_PER_SECOND, behind people's own
 * writes. Cancel dismisses the rows not yet sent; Retry failed rows queues the failed ones again.
 */
import { z } from 'zod';
import { CLOSURE_WITH, FINAL_STATUSES, PAYMENT_METHODS, RECOVERY_METHODS, paymentFingerprint, updatePaymentBody, type PaymentDraft } from '../domain/payment.ts';
import type { Config } from '../config.ts';
import { PACING_NAME, PACING_WINDOW_MS, DEFAULT_BULK_PER_SECOND, PROGRESS_GAP_MS } from '../domain/bulk-pacing.ts';
import type { Role } from '../domain/roles.ts';
import type { WritePolicy } from '../domain/write-policy.ts';
import type { Logger } from '../log.ts';
import type { BulkBatch, BulkCounts, BulkRow, OutboxWrite, Store } from '../store/index.ts';
import { BULK_CANCEL_REASON, BULK_PRIORITY, bulkWriteKey } from './bulk-keys.ts';
import { paymentSummary } from './record-payment.ts';
import { lockKeyOf } from './reconcile-write.ts';
import type { WriteRequest } from './write-requests.ts';

export interface BulkSendDeps {
  store: Pick<Store, 'outbox' | 'bulk' | 'pacing' | 'audit'>;
  worker: { wake(): void };
  writePolicy: Pick<WritePolicy, 'triesPerRun'>;
  config: Pick<Config, 'credgenicsWritesPerSecond'>;
  logger: Logger;
  /** Least time between two updates of a batch's message (default PROGRESS_GAP_MS; tests shorten it). */
  bulkProgressGapMs?: number | undefined;
}
type Deps = BulkSendDeps;

export interface CancelBatchDeps extends BulkSendDeps {
  access: { allowed(userId: string, role: Role): Promise<boolean> };
}
type CancelDeps = CancelBatchDeps;

const opt = z.string().optional();
const draftSchema = z.object({
  loanId: z.string().min(1),
  kind: z.enum(['lending', 'credit_line']),
  amount: z.number().positive(),
  finalStatus: z.enum(FINAL_STATUSES),
  paymentMethod: z.enum(PAYMENT_METHODS),
  dateOfDefault: opt,
  allocationMonth: z.string().min(1),
  recoveryMethod: z.enum(RECOVERY_METHODS).optional(),
  closureWith: z.enum(CLOSURE_WITH).optional(),
  reference: opt,
  paymentMode: opt,
  clientCustomerId: opt,
});

/** A stored row's draft, or undefined when it is not one (then the row is not sent). */
export function rowDraft(row: BulkRow): PaymentDraft | undefined {
  const parsed = draftSchema.safeParse(row.draft);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  return { dateOfDefault: undefined, recoveryMethod: undefined, closureWith: undefined, reference: undefined, paymentMode: undefined, clientCustomerId: undefined, ...d };
}

/**
 * Rows are due this far apart: the pace the worker's turns allow (bulk-turn.ts), in whole milliseconds, so
 * a reservation's end is exactly its last row's due time plus one gap (Cancel gives the tail back by it).
 */
function intervalMs(deps: Pick<Deps, 'config'>): number {
  return Math.ceil(PACING_WINDOW_MS / (deps.config.credgenicsWritesPerSecond || DEFAULT_BULK_PER_SECOND));
}

/** One row's outbox write (found again if it exists), linked to its row. true when it was new. */
async function recordRow(deps: Deps, batch: BulkBatch, row: BulkRow, dueAt: number): Promise<boolean> {
  const draft = rowDraft(row);
  if (!draft) return false;
  const request: WriteRequest = { operation: 'update_payment', loanId: draft.loanId, allocationMonth: draft.allocationMonth, body: updatePaymentBody(draft), baselineRecovered: null };
  const { created, write } = await deps.store.outbox.record({
    idempotencyKey: bulkWriteKey(batch.fileId, row.row, row.draft),
    lender: 'credgenics',
    operation: 'update_payment',
    loanId: draft.loanId,
    request,
    // The batch's own audit entry says who confirmed it; each row's outcome is audited when it is sent.
    summary: `${paymentSummary(draft)} · bulk file ${batch.fileName} row ${row.row}`,
    fingerprint: paymentFingerprint(draft),
    requestedBy: batch.requestedBy,
    channelId: batch.channelId,
    threadTs: batch.messageTs,
    lockKey: lockKeyOf(request),
    priority: BULK_PRIORITY,
    dueAt,
    maxAttempts: deps.writePolicy.triesPerRun,
  });
  await deps.store.bulk.setWrite(batch.id, row.row, write.id);
  return created;
}

/** Rows read from the store at a time while recording a batch (a 10,000-row batch is not held at once). */
const PAGE = 500;

/**
 * Records every row of a confirmed batch still without a write. Idempotent: safe to run again after a restart.
 *
 * Cancel may come while a large batch is still being recorded. Each row is recorded and linked to its
 * batch first, then the batch's state is read: if Cancel came before that read, this row (and any other
 * still pending) is dismissed here and recording stops; if it came after, Cancel's own sweep finds the
 * row linked and dismisses it. Either way no row recorded after a Cancel is sent, and the rows never
 * recorded count as cancelled (bulk-progress.ts).
 */
export async function sendBatch(deps: Deps, batch: BulkBatch): Promise<number> {
  const statuses: BulkRow['status'][] = batch.includeDuplicates ? ['valid', 'duplicate'] : ['valid'];
  const counts = await deps.store.bulk.counts(batch.id);
  const todoCount = counts.unrecorded;
  if (todoCount === 0) return 0;
  const gap = intervalMs(deps);
  const start = await deps.store.pacing.reserve(PACING_NAME, todoCount, gap);
  let recorded = 0;
  let index = -1;
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.store.bulk.rows(batch.id, { statuses, limit: PAGE, offset });
    if (page.length === 0) break;
    for (const row of page) {
      if (row.writeId !== null) continue;
      index += 1;
      if (index % 50 === 0) deps.worker.wake();
      if (await recordRow(deps, batch, row, Math.round(start + index * gap))) recorded += 1;
      const current = await deps.store.bulk.get(batch.id);
      if (current?.state !== 'confirmed') {
        await dismissPendingRows(deps, batch.id, current?.cancelledBy ?? batch.requestedBy);
        // The send times this call reserved, given back unless a later batch reserved after them.
        await deps.store.pacing.releaseAfter(PACING_NAME, start, start + todoCount * gap);
        return recorded;
      }
      // Let requests in between: a 10,000-row batch is recorded without holding up anyone's lookup.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  deps.worker.wake();
  return recorded;
}

/**
 * The batch's rows not yet sent are dismissed (never sent); rows being sent finish. Their send times are
 * given back when nothing was reserved after them: the next file does not wait behind rows never sent.
 * A row handed back for a later turn (bulk-turn.ts) no longer has its reserved time; then the reservation
 * does not match and is kept, as it was (the next batch then waits, but never goes faster than the pace).
 */
async function dismissPendingRows(deps: Pick<Deps, 'store' | 'config'>, batchId: string, by: string): Promise<number> {
  let dismissed = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const write of await writesOf(deps, batchId, 'pending')) {
    if (!(await deps.store.outbox.markDismissed(write.id, by, BULK_CANCEL_REASON, ['pending']))) continue;
    dismissed += 1;
    if (write.dueAt === null || write.attempts > 0) continue;
    first = Math.min(first, write.dueAt);
    last = Math.max(last, write.dueAt);
  }
  if (dismissed > 0 && Number.isFinite(last)) await deps.store.pacing.releaseAfter(PACING_NAME, first, last + intervalMs(deps));
  return dismissed;
}

async function writesOf(deps: { store: Pick<Store, 'outbox' | 'bulk'> }, batchId: string, state: 'pending' | 'failed'): Promise<OutboxWrite[]> {
  const outcomes = await deps.store.bulk.outcomes(batchId, { writeStates: [state], limit: 20_000 });
  const writes = await Promise.all(outcomes.map((o) => (o.writeId ? deps.store.outbox.get(o.writeId) : Promise.resolve(undefined))));
  return writes.filter((w): w is OutboxWrite => w !== undefined);
}

/** Confirm on the review: only the person who uploaded the file may, and only once (review → confirmed). */
export type BatchConfirmation = { kind: 'not_yours' } | { kind: 'already' } | { kind: 'confirmed'; batch: BulkBatch };

export async function confirmBatch(deps: { store: Pick<Store, 'bulk'> }, batchId: string, input: { by: string; includeDuplicates: boolean }): Promise<BatchConfirmation> {
  const existing = await deps.store.bulk.get(batchId);
  if (!existing || existing.requestedBy !== input.by) return { kind: 'not_yours' };
  const batch = await deps.store.bulk.confirm(batchId, { includeDuplicates: input.includeDuplicates });
  return batch ? { kind: 'confirmed', batch } : { kind: 'already' };
}

/** Where a batch stands: its rows' counts (for the batch message). */
export function batchCounts(deps: { store: Pick<Store, 'bulk'> }, batchId: string): Promise<BulkCounts> {
  return deps.store.bulk.counts(batchId);
}

/**
 * After Confirm, with the batch message posted (its ts, if Slack gave one): every row is recorded in the
 * outbox (sendBatch) and the batch audited. A failure half way is handed back, not thrown: the rows not
 * yet recorded show as waiting and are recorded at the next start; nothing is sent twice.
 */
export async function startSendingBatch(deps: Deps, batch: BulkBatch, input: { messageTs: string | undefined; by: string }): Promise<{ recorded: number; error?: unknown }> {
  if (input.messageTs) {
    await deps.store.bulk.setMessage(batch.id, input.messageTs);
    await deps.store.bulk.takeProgressTurn(batch.id, deps.bulkProgressGapMs ?? PROGRESS_GAP_MS);
  }
  let recorded = 0;
  let failure: { error: unknown } | undefined;
  try {
    recorded = await sendBatch(deps, { ...batch, messageTs: input.messageTs ?? null });
  } catch (error) {
    failure = { error };
  }
  await deps.store.audit.append({ actor: input.by, action: 'bulk.confirmed', loanId: null, lender: 'credgenics', outcome: `${recorded} payments queued`, detail: batch.fileName, writeId: null });
  return failure ? { recorded, error: failure.error } : { recorded };
}

/**
 * Cancel: the batch stops; rows not yet sent are dismissed (never sent). Rows being sent finish. Only the
 * person who started the batch, or a supervisor, may stop it: one agent cannot stop a colleague's month end.
 */
export async function cancelBatch(deps: CancelDeps, batchId: string, by: string): Promise<{ ok: boolean; dismissed: number; refused?: 'not_yours' }> {
  const batch = await deps.store.bulk.get(batchId);
  if (batch && batch.requestedBy !== by && !(await deps.access.allowed(by, 'supervisor'))) return { ok: false, dismissed: 0, refused: 'not_yours' };
  const cancelled = await deps.store.bulk.cancel(batchId, by);
  if (!cancelled) return { ok: false, dismissed: 0 };
  const dismissed = await dismissPendingRows(deps, batchId, by);
  await deps.store.audit.append({ actor: by, action: 'bulk.cancelled', loanId: null, lender: 'credgenics', outcome: `${dismissed} rows not sent`, detail: cancelled.fileName, writeId: null });
  return { ok: true, dismissed };
}

/** What Retry failed rows did: queued this many, or nothing and why. */
export type RetryFailedRows = { kind: 'queued'; queued: number } | { kind: 'refused'; why: 'not_yours' | 'cancelled' | 'not_sending' };

/**
 * Retry failed rows: each failed write of the batch is queued again, paced like the rest. Only the person
 * who started the batch, or a supervisor, may (as Cancel); a cancelled batch sends nothing more, whatever
 * button a stale screen or a forged request still presses.
 */
export async function retryFailedRows(deps: CancelDeps, batchId: string, by: string): Promise<RetryFailedRows> {
  const batch = await deps.store.bulk.get(batchId);
  if (!batch) return { kind: 'refused', why: 'not_yours' };
  if (batch.requestedBy !== by && !(await deps.access.allowed(by, 'supervisor'))) return { kind: 'refused', why: 'not_yours' };
  const state = batch.state;
  switch (state) {
    case 'cancelled':
      return { kind: 'refused', why: 'cancelled' };
    case 'review':
      return { kind: 'refused', why: 'not_sending' };
    case 'confirmed':
      break;
    default:
      return state satisfies never;
  }
  const failed = await writesOf(deps, batchId, 'failed');
  if (failed.length === 0) return { kind: 'queued', queued: 0 };
  const gap = intervalMs(deps);
  const start = await deps.store.pacing.reserve(PACING_NAME, failed.length, gap);
  let queued = 0;
  for (const [index, write] of failed.entries()) {
    const again = await deps.store.outbox.requeue(write.id, { by, dueAt: Math.round(start + index * gap), force: false, maxAttempts: deps.writePolicy.triesPerRun });
    if (again) queued += 1;
  }
  // A Cancel that came while these were queued: its sweep may have run before them, so they are swept here.
  const current = await deps.store.bulk.get(batchId);
  if (current?.state !== 'confirmed') {
    await dismissPendingRows(deps, batchId, current?.cancelledBy ?? by);
    return { kind: 'refused', why: 'cancelled' };
  }
  await deps.store.bulk.reopen(batchId);
  deps.worker.wake();
  return { kind: 'queued', queued };
}

/** A batch with rows still to record and none recorded for this long is taken over by any instance. */
export const STALLED_AFTER_MS = 60_000;
/** How often every instance looks for stalled batches. */
export const RESUME_EVERY_MS = 60_000;
/** How long one instance's claim on a stalled batch holds. */
const RESUME_CLAIM_MS = 10 * 60_000;

export interface ResumeDeps extends BulkSendDeps {
  store: BulkSendDeps['store'] & Pick<Store, 'replays'>;
}

/**
 * Batches whose recording was cut short (the instance recording them stopped between Confirm and the last
 * row) are recorded to the end: by an instance at its start (`stalledAfterMs` 0), and by every instance
 * every RESUME_EVERY_MS once no row of the batch was recorded for STALLED_AFTER_MS, so a batch whose
 * instance never came back is finished by another. The first instance to claim a stall (the batch and
 * when its latest row was recorded, in the shared replay memory) takes it; rows are recorded once per key
 * whatever happens, and the claim keeps two instances from reserving the batch's send times twice.
 */
export async function resumeInterruptedBatches(deps: ResumeDeps, options: { stalledAfterMs: number; now?: number }): Promise<number> {
  let resumed = 0;
  for (const batch of await deps.store.bulk.listUnrecorded(100)) {
    const now = options.now ?? Date.now();
    const moved = (await deps.store.bulk.lastRecordedAt(batch.id)) ?? batch.confirmedAt ?? batch.createdAt;
    if (now - moved < options.stalledAfterMs) continue;
    if (!(await deps.store.replays.remember(`bulk-resume:${batch.id}:${moved}`, now + RESUME_CLAIM_MS))) continue;
    const recorded = await sendBatch(deps, batch);
    if (recorded > 0) deps.logger.warn({ batchId: batch.id, recorded }, 'recorded the rest of a bulk batch whose recording had stopped');
    resumed += 1;
  }
  return resumed;
}
