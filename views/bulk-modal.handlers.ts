/**
 * `/loan bulk`: the file, the review, Confirm; and the batch message's Cancel and Retry failed rows.
 * The file is read and checked before the form is acked (a bad file gets its reason inline on the
 * *Payments file* input, and nothing is stored); the rows are then checked against Credgenics after the
 * ack and the modal is updated to the review. Confirm records the rows in the outbox once per row.
 */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { needs } from '../commands/listener-roles.ts';
import type { SubcommandHandler } from '../commands/loan.ts';
import { requestLogger } from '../commands/request-logger.ts';
import { BULK_COLUMNS, parseBulkFile } from '../src/domain/bulk-file.ts';
import { toCsv } from '../src/domain/csv-write.ts';
import type { Services } from '../src/services.ts';
import { errorsCsv } from '../src/usecases/bulk-results.ts';
import { reviewBulkFile } from '../src/usecases/bulk-review.ts';
import { cancelBatch, retryFailedRows, sendBatch } from '../src/usecases/bulk-send.ts';
import { clip, escapeMrkdwn } from './blocks.ts';
import { batchMessage } from './bulk-message.ts';
import { BULK_ACTIONS, BULK_BLOCKS, BULK_CALLBACKS, TEMPLATE_ROW, bulkFormSchema, bulkFormView, bulkReviewSchema, bulkReviewView, bulkStatusView } from './bulk-modal.ts';
import { createBulkProgress, PROGRESS_GAP_MS } from './bulk-progress.ts';
import { readMetadata } from './metadata.ts';
import { readSlackFile, uploadCsv } from './slack-files.ts';

export const bulkCommand =
  (): SubcommandHandler =>
  async (args) => {
    await args.ack();
    await args.client.views.open({ trigger_id: args.command.trigger_id, view: bulkFormView(args.command.channel_id) });
  };

async function dmChannel(client: WebClient, userId: string): Promise<string | undefined> {
  const opened = await client.conversations.open({ users: userId });
  return opened.channel?.id;
}

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function pickedFile(view: ViewSubmitAction['view']): string | undefined {
  const entry = view.state.values[BULK_BLOCKS.file]?.['file'] as { files?: { id?: unknown }[] } | undefined;
  const id = entry?.files?.[0]?.id;
  return typeof id === 'string' && /^F[A-Z0-9]{1,40}$/.test(id) ? id : undefined;
}

export function registerBulkModal(app: App, services: Services): void {
  const progress = createBulkProgress(app.client, services);
  const fileError = (reason: string) => ({ response_action: 'errors' as const, errors: { [BULK_BLOCKS.file]: clip(reason, 1900) } });

  app.view<ViewSubmitAction>(BULK_CALLBACKS.form, needs(app).view(BULK_CALLBACKS.form, 'agent'), async ({ ack, view, body, client }: ViewArgs) => {
    const log = requestLogger(services.logger, body, {});
    const { channelId } = readMetadata(view.private_metadata, bulkFormSchema);
    const fileId = pickedFile(view);
    if (!fileId) {
      await ack(fileError('Pick the CSV file to read.'));
      return;
    }
    const file = await readSlackFile(client, fileId, services.config.slack.botToken, services.config.slack.apiUrl);
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
      review = await reviewBulkFile(services, { fileId, fileName: file.name, by: body.user.id, channelId, records: parsed.records });
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
  });

  app.view<ViewSubmitAction>(BULK_CALLBACKS.review, needs(app).view(BULK_CALLBACKS.review, 'agent'), async ({ ack, view, body, client }: ViewArgs) => {
    const log = requestLogger(services.logger, body, {});
    const { batchId } = readMetadata(view.private_metadata, bulkReviewSchema);
    const choice = view.state.values[BULK_BLOCKS.duplicates]?.['send'] as { selected_options?: { value?: string }[] } | undefined;
    const includeDuplicates = (choice?.selected_options ?? []).some((o) => o.value === 'send');
    const existing = await services.store.bulk.get(batchId);
    if (!existing || existing.requestedBy !== body.user.id) {
      await ack({ response_action: 'update', view: bulkStatusView(':no_entry: This batch is not yours to confirm. Nothing was sent.') });
      return;
    }
    const batch = await services.store.bulk.confirm(batchId, { includeDuplicates });
    if (!batch) {
      log.info({ batchId }, 'bulk batch already confirmed; not sending again');
      await ack({ response_action: 'update', view: bulkStatusView('This batch is already confirmed and being sent: nothing was sent twice.') });
      return;
    }
    await ack({ response_action: 'update', view: bulkStatusView(`:inbox_tray: Sending the payments of *${escapeMrkdwn(clip(batch.fileName, 80))}*. Follow the progress in <#${batch.channelId}>.`) });
    const counts = await services.store.bulk.counts(batchId);
    const posted = await client.chat.postMessage({ channel: batch.channelId, ...batchMessage({ batch, counts, failed: [], perSecond: services.config.credgenicsWritesPerSecond }) });
    if (posted.ts) {
      await services.store.bulk.setMessage(batchId, posted.ts);
      await services.store.bulk.takeProgressTurn(batchId, services.bulkProgressGapMs ?? PROGRESS_GAP_MS);
    }
    // If this stops half way (the instance dies), the rows not yet recorded show as waiting; nothing is sent twice.
    const recorded = await sendBatch(services, { ...batch, messageTs: posted.ts ?? null }).catch((error: unknown) => {
      log.error({ err: error, batchId }, 'could not record every row of a bulk batch');
      return 0;
    });
    await services.store.audit.append({ actor: body.user.id, action: 'bulk.confirmed', loanId: null, lender: 'credgenics', outcome: `${recorded} payments queued`, detail: batch.fileName, writeId: null });
    log.info({ batchId, recorded }, 'bulk batch confirmed');
    progress.soon(batchId);
  });

  app.action<BlockButtonAction>(BULK_ACTIONS.template, needs(app).action(BULK_ACTIONS.template, 'agent'), async ({ ack, body, client }) => {
    await ack();
    const dm = await dmChannel(client, body.user.id);
    if (!dm) return;
    await uploadCsv(client, {
      channel: dm,
      filename: 'payments-template.csv',
      title: 'Bulk payments template',
      content: toCsv([[...BULK_COLUMNS], TEMPLATE_ROW], { bom: false }),
      comment: 'A template for `/loan bulk`: keep the first row, put one payment on each row after it.',
    });
  });

  app.action<BlockButtonAction>(BULK_ACTIONS.cancel, needs(app).action(BULK_ACTIONS.cancel, 'agent'), async ({ ack, action, body, respond }) => {
    await ack();
    const result = await cancelBatch(services, action.value ?? '', body.user.id);
    if (result.refused === 'not_yours') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only the person who started this batch, or a supervisor, can cancel it. Nothing was cancelled.' });
      return;
    }
    if (!result.ok) await respond({ response_type: 'ephemeral', replace_original: false, text: 'This batch is already finished or cancelled.' });
    progress.soon(action.value ?? '');
  });

  app.action<BlockButtonAction>(BULK_ACTIONS.retry, needs(app).action(BULK_ACTIONS.retry, 'agent'), async ({ ack, action, body, respond }) => {
    await ack();
    const queued = await retryFailedRows(services, action.value ?? '', body.user.id);
    await respond({ response_type: 'ephemeral', replace_original: false, text: queued > 0 ? `Sending ${queued} failed ${queued === 1 ? 'row' : 'rows'} again.` : 'No failed rows to retry.' });
    progress.soon(action.value ?? '');
  });
}

