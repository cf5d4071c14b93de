/**
 * The Bulk payments modal: the file input (*Payments file*, one CSV), then the review whose submit says
 * *Confirm*, then where to follow the batch. The metadata holds ids only: the rows live in the store.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { BULK_COLUMNS, HEADER_LINE } from '../../src/domain/bulk-file.ts';
import { formatInr } from '../../src/domain/money.ts';
import type { BulkReview } from '../../src/usecases/bulk-review.ts';
import { actions, button, clip, context, escapeMrkdwn, section } from '../shared/blocks.ts';
import { inputBlock, modalView, option } from '../shared/modal-parts.ts';

export const BULK_CALLBACKS = { form: 'bulk_form', review: 'bulk_review' } as const;
export const BULK_ACTIONS = { template: 'bulk_template', cancel: 'bulk_cancel', retry: 'bulk_retry' } as const;
export const BULK_BLOCKS = { file: 'bulk_file', duplicates: 'bulk_duplicates' } as const;
export const SHOWN_REJECTED = 20;


/** One example row for the template: a lending loan in the sandbox. */
export const TEMPLATE_ROW = ['1001', '34500', 'Partially Recovered', 'Online', '2026-11', '2026-11-25', 'Field Collection', '', 'UTR412345678901', 'UPI', ''];

const TITLE = 'Bulk payments';

export function bulkFormView(channelId: string): ModalView {
  return modalView({
    callbackId: BULK_CALLBACKS.form,
    title: TITLE,
    submit: 'Read file',
    metadata: { channelId },
    blocks: [
      section('Record many Credgenics payments at once from a settlement file. You will see every row before anything is sent.'),
      inputBlock(BULK_BLOCKS.file, 'Payments file', { type: 'file_input', action_id: 'file', filetypes: ['csv'], max_files: 1 } as never, {
        hint: clip(`A CSV whose first row names the columns, e.g. ${HEADER_LINE}`, 150),
      }),
      context(
        `*Columns* (Credgenics’ words; case, spaces and _ ignored): ${BULK_COLUMNS.map((c) => `\`${c}\``).join(', ')}. Amounts may have ₹ and commas; dates DD/MM/YYYY or YYYY-MM-DD; allocation month YYYY-MM or like Nov 2026.`,
      ),
      actions('bulk_template', [button('Get a template CSV', BULK_ACTIONS.template, 'template')]),
    ],
  });
}

export function bulkStatusView(mrkdwn: string, metadata: unknown = {}): ModalView {
  return modalView({ callbackId: 'bulk_status', title: TITLE, close: 'Close', metadata, blocks: [section(mrkdwn)] });
}

function rowLines(items: { row: number; reason: string }[], max: number): string {
  return items
    .slice(0, max)
    .map((r) => `• Row ${r.row}: ${escapeMrkdwn(clip(r.reason, 160))}`)
    .join('\n');
}

export function bulkReviewView(review: BulkReview, channelId: string, fileName: string): ModalView {
  const { toSend, total, rejected, duplicates } = review;
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(clip(fileName, 80))}*\n*${toSend.toLocaleString('en-IN')}* ${toSend === 1 ? 'payment' : 'payments'} to send, *${formatInr(total)}* in all.`),
  ];
  if (rejected.length > 0) {
    const more = rejected.length > SHOWN_REJECTED ? `\n…and ${rejected.length - SHOWN_REJECTED} more: all of them are in the errors file sent to you in a direct message.` : '\nThey are also in the errors file sent to you in a direct message.';
    blocks.push(section(clip(`:no_entry: *${rejected.length} ${rejected.length === 1 ? 'row is' : 'rows are'} rejected and will not be sent:*\n${rowLines(rejected, SHOWN_REJECTED)}${more}`, 3000)));
  }
  if (duplicates.length > 0) {
    blocks.push(section(clip(`:warning: *${duplicates.length} ${duplicates.length === 1 ? 'row looks' : 'rows look'} like a payment already recorded* (same loan, amount and reference) and will be left out:\n${rowLines(duplicates, SHOWN_REJECTED)}`, 3000)));
    const sum = duplicates.reduce((s, d) => s + d.amount, 0);
    blocks.push(
      inputBlock(BULK_BLOCKS.duplicates, 'Duplicates', { type: 'checkboxes', action_id: 'send', options: [option(`Send the ${duplicates.length} duplicate ${duplicates.length === 1 ? 'row' : 'rows'} too (${formatInr(sum)})`, 'send')] } as never, { optional: true }),
    );
  }
  if (toSend === 0 && duplicates.length === 0) blocks.push(section('Nothing in this file can be sent. Fix the rows and upload it again.'));
  blocks.push(context('Payments go to Credgenics one by one, after any payment someone records by hand. Progress is posted in the channel.'));
  return modalView({
    callbackId: BULK_CALLBACKS.review,
    title: TITLE,
    ...(toSend + duplicates.length > 0 ? { submit: 'Confirm' } : {}),
    close: 'Cancel',
    metadata: { channelId, batchId: review.batch.id },
    blocks,
  });
}
