/**
 * Keeps each batch message current: a write of a batch changed → the message is updated in place, no more
 * often than every 3 s for the whole deployment (chat.update is rate-limited; the store hands out the
 * turns), and once every row is settled the results file is uploaded to the message's thread, once.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../src/log.ts';
import type { OutboxWrite, Store } from '../src/store/index.ts';
import type { Config } from '../src/config.ts';
import { resultsCsv } from '../src/usecases/bulk-results.ts';
import { DEFAULT_BULK_PER_SECOND } from '../src/worker/bulk-turn.ts';
import { batchMessage, progressFigures, SHOWN_FAILED } from './bulk-message.ts';
import { uploadCsv } from './slack-files.ts';

export const PROGRESS_GAP_MS = 3_000;

export interface BulkProgress {
  /** A write changed: if it belongs to a batch, its message is refreshed soon. */
  changed(write: OutboxWrite): void;
  /** Refresh a batch's message soon (after Confirm, Cancel, Retry). */
  soon(batchId: string): void;
}

export function createBulkProgress(client: WebClient, deps: { store: Store; logger: Logger; config: Pick<Config, 'credgenicsWritesPerSecond'>; bulkProgressGapMs?: number }): BulkProgress {
  const timers = new Map<string, NodeJS.Timeout>();
  const gapMs = deps.bulkProgressGapMs ?? PROGRESS_GAP_MS;

  function soon(batchId: string, delay = 250): void {
    if (timers.has(batchId)) return;
    const timer = setTimeout(() => {
      timers.delete(batchId);
      refresh(batchId).catch((error: unknown) => deps.logger.warn({ err: error, batchId }, 'could not refresh a batch message'));
    }, delay);
    timer.unref();
    timers.set(batchId, timer);
  }

  async function refresh(batchId: string): Promise<void> {
    const batch = await deps.store.bulk.get(batchId);
    if (!batch?.messageTs || batch.state === 'review') return;
    const counts = await deps.store.bulk.counts(batchId);
    const figures = progressFigures(counts);
    if (figures.finished && batch.finishedAt !== null) return; // already said
    const waitMs = batch.progressAt + gapMs - Date.now();
    if (!(await deps.store.bulk.takeProgressTurn(batchId, gapMs))) {
      soon(batchId, Math.max(Math.min(250, gapMs), Math.min(gapMs, waitMs + 50)));
      return;
    }
    const failed = figures.failed > 0 ? await deps.store.bulk.outcomes(batchId, { writeStates: ['failed'], limit: SHOWN_FAILED }) : [];
    const perSecond = deps.config.credgenicsWritesPerSecond || DEFAULT_BULK_PER_SECOND;
    const message = batchMessage({ batch, counts, failed, perSecond });
    await client.chat.update({ channel: batch.channelId, ts: batch.messageTs, ...message });
    if (!figures.finished) return;
    if (!(await deps.store.bulk.takeFinish(batchId))) return;
    const content = await resultsCsv(deps, batchId, batch.includeDuplicates);
    await uploadCsv(client, {
      channel: batch.channelId,
      threadTs: batch.messageTs,
      filename: `${batch.fileName.replace(/\.csv$/i, '')}-results.csv`,
      title: `Results of ${batch.fileName}`,
      content,
      comment: `Every row of ${batch.fileName} with its outcome: ${figures.recorded} recorded, ${figures.failed} failed${figures.cancelled ? `, ${figures.cancelled} cancelled` : ''}.`,
    }).catch((error: unknown) => deps.logger.error({ err: error, batchId }, 'could not upload the results file'));
  }

  return {
    changed(write) {
      if (!write.idempotencyKey.startsWith('bulk:')) return;
      deps.store.bulk
        .batchOfWrite(write.id)
        .then((batchId) => batchId && soon(batchId))
        .catch((error: unknown) => deps.logger.warn({ err: error, writeId: write.id }, 'could not find the batch of a write'));
    },
    soon: (batchId) => soon(batchId),
  };
}
