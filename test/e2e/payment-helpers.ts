/**
 * Steps of the Record payment flow as a person does them, through the stand-in.
 */
import { expect } from 'vitest';
import { visibleText, type Harness } from './harness.ts';

export const ASHA = 'U01ASHA';
export const CHANNEL = 'C0COLLECT';

/** `/loan <id>` → the summary message in the channel. */
export async function lookUp(h: Harness, loanId: string, channelId = CHANNEL) {
  await h.slack.slashCommand({ text: loanId, userId: ASHA, channelId });
  // The summary, not a confirmation that also starts "Loan …": it carries the summary's buttons.
  return h.slack.waitForMessage(channelId, (m) => m.text.includes(`Loan ${loanId}`) && !m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`"summary:${loanId}"`));
}

/** Click Record payment on a summary and wait for the filled-in form. */
export async function openPaymentFromSummary(h: Harness, summaryTs: string, userId = ASHA) {
  const click = await h.slack.clickButton({ messageTs: summaryTs, actionId: 'summary_record_payment', userId, channelId: CHANNEL });
  expect(click.status).toBe(200);
  return h.slack.waitForView(userId, 'payment_form');
}

export async function openPaymentByCommand(h: Harness, loanId: string, userId = ASHA) {
  const ack = await h.slack.slashCommand({ text: `pay ${loanId}`, userId, channelId: CHANNEL });
  expect(ack.status).toBe(200);
  return h.slack.waitForView(userId, 'payment_form');
}

export const GOOD_PAYMENT = {
  amount: '34,500',
  final_status: 'Partially Recovered',
  payment_method: 'Online',
  date_of_default: '2026-10-05',
  reference: 'UTR412345678901',
};

export function patchesTo(h: Harness, loanId: string) {
  return h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path === `/recovery/recovery/update/${loanId}`);
}

/** Press *More* on a summary and return what it shows (only to the presser). */
export async function moreOf(h: Harness, summaryTs: string, loanId: string, userId = ASHA): Promise<string> {
  const since = h.slack.ephemerals(userId).at(-1)?.ts;
  await h.slack.clickButton({ messageTs: summaryTs, actionId: 'summary_more', userId, channelId: CHANNEL });
  return visibleText(await h.slack.waitForEphemeral(userId, `More about Loan ${loanId}`, since ? { since } : {}));
}
