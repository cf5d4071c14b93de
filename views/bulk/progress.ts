/**
 * Keeps each batch message current: a write of a batch changed → the message is updated in place, no more
 * often than every 3 s for the whole deployment (chat.update is rate-limited; the store hands out the
 * turns, src/usecases/bulk-progress.ts), and once every row is settled the results file is uploaded to the
 * message's thread, once.
 */
import type { WebClient } from '@slack/web-api';
import type { Services } from '../../src/services.ts';
import { batchOfWrite, batchProgressTurn, finishBatch } from '../../src/usecases/bulk-progress.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import { uploadCsv } from '../shared/slack-files.ts';
import { batchMessage } from './message.ts';

export interface BulkProgress {
  /** A write changed: if it belongs to a batch, its message is refreshed soon. */
  changed(write: OutboxWrite): void;
  /** Refresh a batch's message soon (after Confirm, Cancel, Retry). */
  soon(batchId: string): void;
}

export function createBulkProgress(client: WebClient, deps: Pick<Services, 'store' | 'logger' | 'config' | 'bulkProgressGapMs'>): BulkProgress {
  const timers = new Map<string, NodeJS.Timeout>();

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
    const turn = await batchProgressTurn(deps, batchId);
    if (turn.kind === 'nothing') return;
    if (turn.kind === 'later') {
      soon(batchId, turn.delayMs);
      return;
    }
    const { batch, figures } = turn;
    await client.chat.update({ channel: batch.channelId, ts: batch.messageTs, ...batchMessage(turn) });
    if (!figures.finished) return;
    const content = await finishBatch(deps, batch);
    if (content === undefined) return;
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
      batchOfWrite(deps, write.id)
        .then((batchId) => batchId && soon(batchId))
        .catch((error: unknown) => deps.logger.warn({ err: error, writeId: write.id }, 'could not find the batch of a write'));
    },
    soon: (batchId) => soon(batchId),
  };
}
