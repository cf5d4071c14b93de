/** Steps of the Bulk payments flow as a person does them, through the stand-in. */
import { expect } from 'vitest';
import { currentYearMonth, labelYearMonth } from '../../src/domain/allocation-month.ts';
import { visibleText, type Harness } from './harness.ts';

export const ASHA = 'U01ASHA';
export const CHANNEL = 'C0COLLECT';

const month = currentYearMonth(new Date(), 'Asia/Kolkata');
/** This month in three spellings a spreadsheet might hold. */
export const MONTH = {
  iso: `${month.year}-${String(month.month).padStart(2, '0')}`,
  credgenics: `${month.year}-${month.month}-01`,
  words: labelYearMonth(month),
};

export const HEADER = 'loan_id,amount_recovered,final_status,payment_method,allocation_month,date_of_default,payment_reference_number,client_customer_id';

/** `/loan bulk`, pick the file, submit: the outcome of the submission (review, or inline errors). */
export async function submitBulkFile(h: Harness, name: string, content: string | Buffer, userId = ASHA) {
  const before = new Set(h.slack.openViews(userId).map((v) => v.id));
  const ack = await h.slack.slashCommand({ text: 'bulk', userId, channelId: CHANNEL });
  expect(ack.status).toBe(200);
  const form = await h.slack.waitForView(userId, (v) => v.callback_id === 'bulk_form' && !before.has(v.id));
  const fileId = h.slack.uploadFile(name, content, userId);
  const result = await h.slack.submitView({ userId, viewId: form.id, values: { bulk_file: [fileId] } });
  return { result, fileId };
}

/** …and wait for the review modal. */
export async function reviewOf(h: Harness, name: string, content: string, userId = ASHA) {
  const { result, fileId } = await submitBulkFile(h, name, content, userId);
  expect(result.outcome, JSON.stringify({ problems: result.problems, errors: result.errors })).toBe('updated');
  const review = await h.slack.waitForView(userId, 'bulk_review', { timeoutMs: 15_000 });
  return { review, text: visibleText({ blocks: review.blocks }), fileId };
}

/** The batch message for this file in the channel. */
export function batchMessageOf(h: Harness, fileName: string) {
  return h.slack.messages(CHANNEL).find((m) => !m.thread_ts && m.text.startsWith(`Bulk payments from ${fileName}`));
}

export async function waitForBatchEnd(h: Harness, fileName: string, match: RegExp = / done| cancelled by/, timeoutMs = 30_000) {
  return h.slack.waitFor(() => {
    const m = batchMessageOf(h, fileName);
    return m && match.test(visibleText(m)) ? m : undefined;
  }, { timeoutMs, description: `batch message of ${fileName} matching ${match}` });
}

export function patchesTo(h: Harness, loanId: string) {
  return h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path === `/recovery/recovery/update/${loanId}`);
}
