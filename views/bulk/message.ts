/**
 * The batch message in the channel: who started it and the file, a progress bar, sent / recorded / failed /
 * waiting counts and an ETA, the failed rows with Credgenics' reason, **Cancel** (after a confirmation)
 * while rows are waiting, **Retry failed rows** when some failed; at the end, the outcome.
 */
import type { Button, KnownBlock } from '@slack/types';
import { maskFreeText } from '../../src/domain/masking.ts';
import { progressFigures, SHOWN_FAILED } from '../../src/usecases/bulk-progress.ts';
import type { BulkBatch, BulkCounts, BulkRowOutcome } from '../../src/usecases/records.ts';
import { actions, button, clip, context, escapeMrkdwn, section } from '../shared/blocks.ts';
import { BULK_ACTIONS } from './modal.ts';

const BAR = 20;

export interface BatchProgress {
  batch: BulkBatch;
  counts: BulkCounts;
  failed: BulkRowOutcome[];
  perSecond: number;
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? BAR : Math.round((done / total) * BAR);
  return `\`${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}\` ${total === 0 ? 100 : Math.floor((done / total) * 100)}%`;
}

function eta(waiting: number, perSecond: number): string {
  const seconds = Math.ceil(waiting / Math.max(1, perSecond));
  if (seconds < 60) return `about ${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `about ${minutes} min` : `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function cancelButton(batchId: string): Button {
  return {
    ...button('Cancel', BULK_ACTIONS.cancel, batchId, 'danger'),
    confirm: {
      title: { type: 'plain_text', text: 'Cancel this batch?' },
      text: { type: 'mrkdwn', text: 'Rows not yet sent will not be sent. Rows already recorded in Credgenics stay recorded.' },
      confirm: { type: 'plain_text', text: 'Cancel the batch' },
      deny: { type: 'plain_text', text: 'Keep sending' },
      style: 'danger',
    },
  };
}

export function batchMessage(p: BatchProgress): { text: string; blocks: KnownBlock[] } {
  const { batch, counts } = p;
  const f = progressFigures(counts, batch.state);
  const file = escapeMrkdwn(clip(batch.fileName, 80));
  const cancelled = batch.state === 'cancelled';
  const headline = cancelled
    ? f.finished
      ? `:octagonal_sign: Bulk payments from *${file}* cancelled by <@${batch.cancelledBy ?? batch.requestedBy}>`
      : `:octagonal_sign: Cancelling bulk payments from *${file}*…`
    : f.finished
      ? `${f.failed > 0 ? ':warning:' : ':white_check_mark:'} Bulk payments from *${file}* done`
      : `:inbox_tray: Sending bulk payments from *${file}*`;
  const lines = [
    `${headline} · started by <@${batch.requestedBy}>`,
    bar(f.done, f.toSend),
    `*${f.recorded}* recorded · *${f.sending}* sending · *${f.failed}* failed · *${f.waiting}* waiting${f.cancelled ? ` · *${f.cancelled}* cancelled (not sent)` : ''} — of ${f.toSend} to send`,
  ];
  if (!f.finished && !cancelled) lines.push(`Time left: ${eta(f.waiting + f.sending, p.perSecond)} (${p.perSecond} a second)`);
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  const left = [counts.rejected ? `${counts.rejected} rejected ${counts.rejected === 1 ? 'row' : 'rows'} not sent` : '', counts.skipped ? `${counts.skipped} duplicate ${counts.skipped === 1 ? 'row' : 'rows'} left out` : ''].filter(Boolean);
  if (left.length) blocks.push(context(`${left.join(' · ')}${f.finished ? ' · every row’s outcome is in the results file in the thread' : ''}`));
  if (p.failed.length > 0) {
    const shown = p.failed.slice(0, SHOWN_FAILED).map((o) => `• Row ${o.row} · loan ${escapeMrkdwn(o.loanId ?? '?')}: ${escapeMrkdwn(clip(maskFreeText(o.lenderMessage ?? o.lastError ?? 'failed'), 150))}${o.lastStatus ? ` (HTTP ${o.lastStatus})` : ''}`);
    const more = f.failed > shown.length ? `\n…and ${f.failed - shown.length} more` : '';
    blocks.push(section(clip(`*Failed rows* (Credgenics’ reason):\n${shown.join('\n')}${more}`, 3000)));
  }
  const buttons: Button[] = [];
  if (!cancelled && f.waiting > 0) buttons.push(cancelButton(batch.id));
  if (!cancelled && f.failed > 0) buttons.push(button('Retry failed rows', BULK_ACTIONS.retry, batch.id, 'primary'));
  if (buttons.length) blocks.push(actions(`bulk:${batch.id}`, buttons));
  const text = `Bulk payments from ${batch.fileName}: ${f.recorded} recorded, ${f.failed} failed, ${f.waiting} waiting`;
  return { text, blocks };
}
