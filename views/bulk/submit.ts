/**
 * `/loan bulk`'s steps (the modal is opened by commands/bulk.ts): the file, then the review, then Confirm.
 * The file is downloaded and read before the form is acked when that fits in Slack's 3 s (a bad file gets
 * its reason inline on the *Payments file* input, and nothing is stored); a file still being read by then
 * is acked with "Reading…" and its outcome replaces the modal. The rows are then checked against
 * Credgenics after the ack and the modal is updated to the review. Confirm records the rows in the outbox
 * once per row.
 */
import { performance } from 'node:perf_hooks';
import { parseBulkFile, type BulkFileResult } from '../../src/domain/bulk-file.ts';
import type { Services } from '../../src/services.ts';
import type { SubmitListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { errorsCsv } from '../../src/usecases/bulk-results.ts';
import { reviewBulkFile } from '../../src/usecases/bulk-review.ts';
import { batchCounts, confirmBatch, startSendingBatch } from '../../src/usecases/bulk-send.ts';
import { clip, escapeMrkdwn } from '../shared/blocks.ts';
import { dmChannel } from '../shared/post-message.ts';
import { readSlackFile, uploadCsv } from '../shared/slack-files.ts';
import { lookupProblem } from '../words/lender-errors.ts';
import { batchMessage } from './message.ts';
import { bulkFormSchema, bulkReviewSchema } from './metadata.ts';
import { BULK_BLOCKS, bulkReviewView, bulkStatusView } from './modal.ts';
import type { BulkProgress } from './progress.ts';

type SubmittedView = Parameters<SubmitListener>[0]['view'];

function pickedFile(view: SubmittedView): string | undefined {
  const entry = view.state.values[BULK_BLOCKS.file]?.['file'] as { files?: { id?: unknown }[] } | undefined;
  const id = entry?.files?.[0]?.id;
  return typeof id === 'string' && /^F[A-Z0-9]{1,40}$/.test(id) ? id : undefined;
}

const fileError = (reason: string) => ({ response_action: 'errors' as const, errors: { [BULK_BLOCKS.file]: clip(reason, 1900) } });

/** The form is acked this long after it arrived at the latest (Slack counts 3 s from its send). */
export const BULK_ACK_WITHIN_MS = 2_000;

/** The file's reading, if it is done within `ms`; else undefined (the reading goes on). */
async function readWithin(reading: Promise<BulkFileResult>, ms: number): Promise<BulkFileResult | undefined> {
  if (ms <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([reading, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** *Read file*: the file read and parsed, acked, then its rows checked against Credgenics and the review shown. */
export function readBulkFile(deps: Services): SubmitListener {
  return async ({ ack, view, body, client }) => {
    const arrived = performance.now();
    const log = requestLogger(deps.logger, body, {});
    const { channelId } = readMetadata(view.private_metadata, bulkFormSchema);
    const fileId = pickedFile(view);
    if (!fileId) {
      await ack(fileError('Pick the CSV file to read.'));
      return;
    }
    const file = await readSlackFile(client, fileId, deps.config.slack.botToken, deps.config.slack.apiUrl);
    if (!file.ok) {
      log.info({ fileId, reason: file.reason }, 'bulk file refused');
      await ack(fileError(`${file.reason} Nothing was sent.`));
      return;
    }
    const name = `*${escapeMrkdwn(clip(file.name, 80))}*`;
    const reading = parseBulkFile(file.bytes, deps.bulkRead?.budgetMs !== undefined ? { budgetMs: deps.bulkRead.budgetMs } : {});
    const ackWithin = deps.bulkRead?.ackWithinMs ?? BULK_ACK_WITHIN_MS;
    let parsed = await readWithin(reading, ackWithin - (performance.now() - arrived));
    // Read in time: the ack carries the outcome (a refusal inline). Else it is acked now and the modal updated.
    const inTime = parsed !== undefined;
    if (!parsed) {
      await ack({ response_action: 'update', view: bulkStatusView(`:hourglass_flowing_sand: Reading ${name}…`) });
      parsed = await reading;
    }
    if (!parsed.ok) {
      log.info({ fileId, reason: parsed.reason }, 'bulk file refused');
      if (inTime) await ack(fileError(`${parsed.reason} Nothing was sent.`));
      else await client.views.update({ view_id: view.id, view: bulkStatusView(`:no_entry: ${escapeMrkdwn(clip(parsed.reason, 1900))} Nothing was sent.\nRun \`/loan bulk\` again with another file.`) });
      return;
    }
    const rows = parsed.records.length;
    const checking = bulkStatusView(`:hourglass_flowing_sand: Checking ${rows.toLocaleString('en-IN')} ${rows === 1 ? 'row' : 'rows'} of ${name} against Credgenics…`);
    if (inTime) await ack({ response_action: 'update', view: checking });
    else await client.views.update({ view_id: view.id, view: checking });
    let review: Awaited<ReturnType<typeof reviewBulkFile>>;
    try {
      review = await reviewBulkFile(deps, { fileId, fileName: file.name, by: body.user.id, channelId, records: parsed.records, lookupReason: lookupProblem });
    } catch (error) {
      log.error({ err: error, fileId }, 'could not check a bulk file');
      await client.views.update({ view_id: view.id, view: bulkStatusView(':warning: loanbot could not check this file just now. Nothing was sent; try again in a minute.') });
      return;
    }
    log.info({ batchId: review.batch.id, rows, toSend: review.toSend, rejected: review.rejected.length, duplicates: review.duplicates.length }, 'bulk file reviewed');
    await client.views.update({ view_id: view.id, view: bulkReviewView(review, channelId, file.name) });
    if (review.rejected.length > 0) {
      const dm = await dmChannel(client, body.user.id);
      if (dm) {
        await uploadCsv(client, {
          channel: dm,
          filename: `${file.name.replace(/\.csv$/i, '')}-rejected-rows.csv`,
          title: `Rejected rows of ${file.name}`,
          content: errorsCsv(review.rejected),
          comment: `${review.rejected.length} rows of ${file.name} cannot be sent; here is each one and why.`,
        }).catch((error: unknown) => log.warn({ err: error }, 'could not upload the errors file'));
      }
    }
  };
}

/** Confirm on the review: the batch (only its uploader's, only once) is posted in the channel and its rows recorded. */
export function confirmBulkBatch(deps: Services, progress: BulkProgress): SubmitListener {
  return async ({ ack, view, body, client }) => {
    const log = requestLogger(deps.logger, body, {});
    const { batchId } = readMetadata(view.private_metadata, bulkReviewSchema);
    const choice = view.state.values[BULK_BLOCKS.duplicates]?.['send'] as { selected_options?: { value?: string }[] } | undefined;
    const includeDuplicates = (choice?.selected_options ?? []).some((o) => o.value === 'send');
    const confirmed = await confirmBatch(deps, batchId, { by: body.user.id, includeDuplicates });
    if (confirmed.kind === 'not_yours') {
      await ack({ response_action: 'update', view: bulkStatusView(':no_entry: This batch is not yours to confirm. Nothing was sent.') });
      return;
    }
    if (confirmed.kind === 'already') {
      log.info({ batchId }, 'bulk batch already confirmed; not sending again');
      await ack({ response_action: 'update', view: bulkStatusView('This batch is already confirmed and being sent: nothing was sent twice.') });
      return;
    }
    const { batch } = confirmed;
    await ack({ response_action: 'update', view: bulkStatusView(`:inbox_tray: Sending the payments of *${escapeMrkdwn(clip(batch.fileName, 80))}*. Follow the progress in <#${batch.channelId}>.`) });
    const counts = await batchCounts(deps, batchId);
    const posted = await client.chat.postMessage({ channel: batch.channelId, ...batchMessage({ batch, counts, failed: [], perSecond: deps.config.credgenicsWritesPerSecond }) });
    // If this stops half way (the instance dies), the rows not yet recorded show as waiting; nothing is sent twice.
    const sent = await startSendingBatch(deps, batch, { messageTs: posted.ts, by: body.user.id });
    if ('error' in sent) log.error({ err: sent.error, batchId }, 'could not record every row of a bulk batch');
    log.info({ batchId, recorded: sent.recorded }, 'bulk batch confirmed');
    progress.soon(batchId);
  };
}
