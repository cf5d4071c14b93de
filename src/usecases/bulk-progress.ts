/**
 * Where a batch stands, for its message in the channel: the figures, whether this instance may update the
 * message now (the store hands out one turn every PROGRESS_GAP_MS for the whole deployment), and, once
 * every row is settled, the one turn to upload the results file.
 */
import type { Config } from '../config.ts';
import { DEFAULT_BULK_PER_SECOND, PROGRESS_GAP_MS } from '../domain/bulk-pacing.ts';
import type { BulkBatch, BulkCounts, BulkRowOutcome, Store } from '../store/index.ts';
import { resultsCsv, type ResultsOf } from './bulk-results.ts';

/** Failed rows a batch message lists. */
export const SHOWN_FAILED = 10;

export interface BulkProgressDeps {
  store: Pick<Store, 'bulk'>;
  config: Pick<Config, 'credgenicsWritesPerSecond'>;
  /** Least time between two updates of a batch's message (default PROGRESS_GAP_MS; tests shorten it). */
  bulkProgressGapMs?: number | undefined;
}

/**
 * A batch's figures. Once it is cancelled, its rows never recorded (Cancel came while the batch was being
 * recorded) are cancelled too, not waiting: nothing will send them.
 */
export function progressFigures(counts: BulkCounts, state: BulkBatch['state']) {
  const s = counts.byState;
  const notRecorded = state === 'cancelled' ? 0 : counts.unrecorded;
  const cancelled = s.dismissed + (state === 'cancelled' ? counts.unrecorded : 0);
  const toSend = s.pending + s.sending + s.confirmed + s.failed + s.dismissed + counts.unrecorded;
  const waiting = s.pending + notRecorded;
  const done = s.confirmed + s.failed + cancelled;
  return { toSend, waiting, sending: s.sending, recorded: s.confirmed, failed: s.failed, cancelled, done, finished: waiting + s.sending === 0 };
}

export type ProgressFigures = ReturnType<typeof progressFigures>;

export type BatchProgressTurn =
  /** Nothing to show: no message yet, still in review, or the outcome was already said. */
  | { kind: 'nothing' }
  /** Another update was made less than PROGRESS_GAP_MS ago: ask again after this long. */
  | { kind: 'later'; delayMs: number }
  | { kind: 'show'; batch: BulkBatch & { messageTs: string }; counts: BulkCounts; figures: ProgressFigures; failed: BulkRowOutcome[]; perSecond: number };

export async function batchProgressTurn(deps: BulkProgressDeps, batchId: string): Promise<BatchProgressTurn> {
  const batch = await deps.store.bulk.get(batchId);
  if (!batch?.messageTs || batch.state === 'review') return { kind: 'nothing' };
  const counts = await deps.store.bulk.counts(batchId);
  const figures = progressFigures(counts, batch.state);
  if (figures.finished && batch.finishedAt !== null) return { kind: 'nothing' }; // already said
  const gapMs = deps.bulkProgressGapMs ?? PROGRESS_GAP_MS;
  const waitMs = batch.progressAt + gapMs - Date.now();
  if (!(await deps.store.bulk.takeProgressTurn(batchId, gapMs))) {
    return { kind: 'later', delayMs: Math.max(Math.min(250, gapMs), Math.min(gapMs, waitMs + 50)) };
  }
  const failed = figures.failed > 0 ? await deps.store.bulk.outcomes(batchId, { writeStates: ['failed'], limit: SHOWN_FAILED }) : [];
  const perSecond = deps.config.credgenicsWritesPerSecond || DEFAULT_BULK_PER_SECOND;
  return { kind: 'show', batch: { ...batch, messageTs: batch.messageTs }, counts, figures, failed, perSecond };
}

/** A finished batch's results file (CSV), for the one instance that takes the finish; undefined for the others. */
export async function finishBatch(deps: BulkProgressDeps, batch: ResultsOf): Promise<string | undefined> {
  if (!(await deps.store.bulk.takeFinish(batch.id))) return undefined;
  return resultsCsv(deps, batch);
}

/** The batch a write belongs to, if it is a bulk row. */
export function batchOfWrite(deps: { store: Pick<Store, 'bulk'> }, writeId: string): Promise<string | undefined> {
  return deps.store.bulk.batchOfWrite(writeId);
}
