/**
 * The Bulk payments buttons: *Get a template CSV* on the form, and the batch message's **Cancel** and
 * **Retry failed rows**.
 */
import { BULK_COLUMNS } from '../../src/domain/bulk-file.ts';
import { toCsv } from '../../src/domain/csv-write.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { cancelBatch, retryFailedRows } from '../../src/usecases/bulk-send.ts';
import { dmChannel } from '../shared/post-message.ts';
import { uploadCsv } from '../shared/slack-files.ts';
import { TEMPLATE_ROW } from './modal.ts';
import type { BulkProgress } from './progress.ts';

/** *Get a template CSV*: sent to the person directly. */
export function sendTemplate(): ButtonListener {
  return async ({ ack, body, client }) => {
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
  };
}

/** **Cancel**: rows not yet sent are not sent (only the uploader, or a supervisor). */
export function cancelBatchButton(deps: Services, progress: BulkProgress): ButtonListener {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const result = await cancelBatch(deps, action.value ?? '', body.user.id);
    if (result.refused === 'not_yours') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only the person who started this batch, or a supervisor, can cancel it. Nothing was cancelled.' });
      return;
    }
    if (!result.ok) await respond({ response_type: 'ephemeral', replace_original: false, text: 'This batch is already finished or cancelled.' });
    progress.soon(action.value ?? '');
  };
}

const RETRY_REFUSED = {
  not_yours: 'Only the person who started this batch, or a supervisor, can retry its failed rows. Nothing was sent.',
  cancelled: 'This batch was cancelled: it sends nothing more. Nothing was sent. Upload the rows again with `/loan bulk` to send them.',
  not_sending: 'This batch was not confirmed, so it has no failed rows. Nothing was sent.',
} as const;

/** **Retry failed rows**: queued again, paced like the rest (only the uploader, or a supervisor; never a cancelled batch). */
export function retryFailedRowsButton(deps: Services, progress: BulkProgress): ButtonListener {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const result = await retryFailedRows(deps, action.value ?? '', body.user.id);
    const text = result.kind === 'refused'
      ? RETRY_REFUSED[result.why]
      : result.queued > 0 ? `Sending ${result.queued} failed ${result.queued === 1 ? 'row' : 'rows'} again.` : 'No failed rows to retry.';
    await respond({ response_type: 'ephemeral', replace_original: false, text });
    if (result.kind === 'queued') progress.soon(action.value ?? '');
  };
}
