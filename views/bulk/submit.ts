/**
 * `/loan bulk`'s steps (the modal is opened by commands/bulk.ts): the file, then the review, then Confirm.
 * The file is read and checked before the form is acked (a bad file gets its reason inline on the
 * *Payments file* input, and nothing is stored); the rows are then checked against Credgenics after the
 * ack and the modal is updated to the review. Confirm records the rows in the outbox once per row.
 */
import { parseBulkFile } from '../../src/domain/bulk-file.ts';
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

/** *Read file*: the file read and parsed, acked, then its rows checked against Credgenics and the review shown. */
export function readBulkFile(deps: Services): SubmitListener {
  return async ({ ack, view, body, client }) => {
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
    const parsed = parseBulkFile(file.bytes);
    if (!parsed.ok) {
      log.info({ fileId, reason: parsed.reason }, 'bulk file refused');
      await ack(fileError(`${parsed.reason} Nothing was sent.`));
      return;
    }
    const rows = parsed.records.length;
    await ack({ response_action: 'update', view: bulkStatusView(`:hourglass_flowing_sand: Checking ${rows.toLocaleString('en-IN')} ${rows === 1 ? 'row' : 'rows'} of *${escapeMrkdwn(clip(file.name, 80))}* against Credgenics…`) });
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
