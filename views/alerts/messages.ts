/**
 * What the channel sees about a lender write: the confirmation on success, and the alert on failure
 * (with Retry / Edit & retry / Dismiss), re-rendered in place as the write changes state.
 * Built only from the outbox entry, so the buttons keep working across restarts.
 */
import type { KnownBlock } from '@slack/types';
import { clockSecondsIn, stampIn } from '../../src/domain/dates.ts';
import { maskFreeText } from '../../src/domain/masking.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import { UNVERIFIED } from '../../src/usecases/write-outcomes.ts';
import { isRejected } from '../../src/usecases/replace-write.ts';
import { doubtOfWrite } from '../../src/usecases/retry-write.ts';
import { actions, button, context, escapeMrkdwn, fieldSections, mention, section } from '../shared/blocks.ts';
import { explainApolloWrite } from '../words/apollo.ts';
import { LENDER_NAMES, capitalize, operationWords, writeIdNote } from '../words/operations.ts';
import { lastAnswer, lenderStatus, nextStepSentence, ownFailure, retryWillSentence } from '../words/write-doubt.ts';

export const ALERT_ACTIONS = {
  retry: 'alert_retry',
  editRetry: 'alert_edit_retry',
  dismiss: 'alert_dismiss',
  sendAnyway: 'alert_send_anyway',
} as const;

const LENDER = LENDER_NAMES;

/** How a write's state reads at a glance, wherever writes are listed (history, App Home). */
export const WRITE_STATE_ICON: Record<OutboxWrite['state'], string> = {
  confirmed: ':white_check_mark:',
  failed: ':x:',
  pending: ':hourglass:',
  sending: ':hourglass_flowing_sand:',
  dismissed: ':heavy_minus_sign:',
};

/** "Record payment": the operation as the button that started it says. */
function operationName(write: OutboxWrite): string {
  return operationWords(write.operation).name;
}

/** "recording a payment on loan 1002" (the loan id escaped). */
function doing(write: OutboxWrite): string {
  return operationWords(write.operation).doing(escapeMrkdwn(write.loanId));
}

/** What the lender said on success, PII masked (it is free text: it may quote the borrower's number). */
function lenderAnswer(result: unknown): string | undefined {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    const text = [r['output'], r['message']].find((v) => typeof v === 'string' && v && v !== 'success');
    return typeof text === 'string' ? maskFreeText(text) : undefined;
  }
  return typeof result === 'string' ? maskFreeText(result) : undefined;
}

/** How a confirmation found by checking the loan says so; when only the amount told, it says that too. */
function reconciledNote(write: OutboxWrite): string {
  const matchedBy = write.result && typeof write.result === 'object' ? (write.result as Record<string, unknown>)['matchedBy'] : undefined;
  if (write.operation === 'update_payment' && matchedBy === 'amount') {
    return `an earlier attempt had already reached the lender: nothing was sent twice (matched by amount, method and status: ${LENDER[write.lender]} keeps no reference for this loan, so check it if the same payment was also recorded there directly)`;
  }
  return 'an earlier attempt had already reached the lender: nothing was sent twice';
}

export function confirmationMessage(write: OutboxWrite, info: { by: string; reconciled: boolean; automatic: boolean; timeZone: string }): { text: string; blocks: KnownBlock[] } {
  const lender = LENDER[write.lender];
  const what = operationWords(write.operation).done(escapeMrkdwn(write.loanId));
  const title = `:white_check_mark: *${what}* in ${lender}`;
  const answer = lenderAnswer(write.result);
  const fields = [
    { label: 'Details', value: write.summary },
    { label: 'Recorded by', mrkdwn: mention(write.requestedBy) },
    ...(answer ? [{ label: `${lender} said`, value: answer }] : []),
  ];
  const blocks: KnownBlock[] = [section(title), ...fieldSections(fields)];
  const notes = [
    `${stampIn(new Date(write.confirmedAt ?? write.updatedAt), info.timeZone)}`,
    info.reconciled ? reconciledNote(write) : undefined,
    info.automatic ? 'loanbot retried it by itself' : info.by !== write.requestedBy ? `retried by <@${info.by}>` : undefined,
    writeIdNote(write.id),
  ].filter(Boolean);
  blocks.push(context(notes.join(' · ')));
  return { text: `${what} in ${lender}: ${escapeMrkdwn(write.summary)}`, blocks };
}


/** "*Recording a payment on loan 1002 failed*: Credgenics answered HTTP 400: “…”." for a modal or a message. */
export function failedWriteSentence(write: OutboxWrite): string {
  const said = write.lenderMessage ? `: “${escapeMrkdwn(write.lenderMessage)}”` : '';
  const own = ownFailure(write);
  if (own !== undefined) return `*${capitalize(doing(write))} failed*: ${own}${write.lastStatus ? ` (${LENDER[write.lender]} had answered HTTP ${write.lastStatus}${said})` : ''}.`;
  return `*${capitalize(doing(write))} failed*: ${LENDER[write.lender]} ${lastAnswer(write, { http: true })}${said}.`;
}

export interface AlertExtras {
  timeZone: string;
  /** e.g. "retrying… (by U…)" while a retry is in flight. */
  retryingBy?: string | undefined;
  /** Epoch ms: whether an earlier attempt may still be on its way is judged as of now. */
  now: number;
}

/** A write waiting in the queue after a failure: an automatic retry, or a person's Retry waiting for the settle window. */
function waitingAfterFailure(write: OutboxWrite): boolean {
  return write.state === 'pending' && write.attempts > 0 && write.lastError !== null;
}

export function alertMessage(write: OutboxWrite, extras: AlertExtras): { text: string; blocks: KnownBlock[] } {
  const lender = LENDER[write.lender];
  const status = lenderStatus(write);
  const own = ownFailure(write);
  const stamp = (ms: number | null) => stampIn(new Date(ms ?? write.updatedAt), extras.timeZone);
  const clock = (ms: number) => clockSecondsIn(new Date(ms), extras.timeZone);
  const waiting = waitingAfterFailure(write) && !extras.retryingBy;
  let headline: string;
  if (waiting) {
    const doubt = doubtOfWrite(write, extras.now);
    headline =
      `:warning: *${capitalize(doing(write))} failed:* ${lender} ${lastAnswer(write)} at ${clock(write.sentAt ?? write.updatedAt)}. ` +
      nextStepSentence(write, doubt, clock(write.dueAt ?? write.updatedAt));
  } else if (write.state === 'confirmed') {
    headline = `:white_check_mark: *Resolved:* ${doing(write)} in ${lender} succeeded at ${stamp(write.confirmedAt)}${write.resolvedBy ? ` (by <@${write.resolvedBy}>)` : ' (loanbot retried it by itself)'}`;
  } else if (write.state === 'dismissed') {
    headline = `:heavy_minus_sign: *Dismissed:* ${doing(write)} in ${lender} failed · dismissed by ${write.resolvedBy ? `<@${write.resolvedBy}>` : 'someone'}: “${escapeMrkdwn(write.dismissReason ?? 'no reason given')}”`;
  } else if (extras.retryingBy || write.state === 'sending') {
    headline = `:hourglass_flowing_sand: *Retrying…* ${doing(write)} in ${lender}${extras.retryingBy ? ` (by <@${extras.retryingBy}>)` : ''}`;
  } else {
    headline = `:rotating_light: *${capitalize(doing(write))} failed*${write.attempts > 1 ? ` after ${write.attempts} tries` : ''} · ${own ?? `${lender} ${lastAnswer(write, { http: true })}`}`;
    const retryWill = write.state === 'failed' && own === undefined ? retryWillSentence(write, doubtOfWrite(write, extras.now), clock) : undefined;
    if (retryWill) headline += `\n${retryWill}`;
  }
  const meaning = explainApolloWrite(write);
  const fields = [
    { label: 'Lender', value: lender },
    { label: 'Operation', value: operationName(write) },
    { label: 'Loan', value: write.loanId },
    { label: 'Status', value: status },
    { label: `${lender} said`, value: write.lenderMessage ?? '(no message)' },
    ...(meaning ? [{ label: 'What it means', value: meaning }] : []),
    { label: 'Tried by', mrkdwn: mention(write.requestedBy) },
    { label: 'When', value: stamp(write.sentAt ?? write.createdAt) },
    { label: 'Attempts', value: String(write.attempts) },
  ];
  const blocks: KnownBlock[] = [section(headline), ...fieldSections(fields), section(`*What was sent*\n${escapeMrkdwn(write.summary)}`)];
  if (waiting) {
    blocks.push(actions(`alert:${write.id}`, [button('Retry now', ALERT_ACTIONS.retry, write.id, 'primary'), button('Dismiss', ALERT_ACTIONS.dismiss, write.id, 'danger')]));
  }
  if (write.state === 'failed' && !extras.retryingBy) {
    // A body the lender refused is refused again if sent as it is: only its form, corrected, can succeed.
    const buttons = isRejected(write)
      ? [button('Edit & retry', ALERT_ACTIONS.editRetry, write.id, 'primary')]
      : [button('Retry', ALERT_ACTIONS.retry, write.id, 'primary')];
    if (write.lastError === UNVERIFIED) {
      // Retry would only ask the lender again; a person who checked the loan can send it anyway.
      blocks.push(section('loanbot cannot tell from the loan whether the earlier attempt went through. *Check the loan in Credgenics*, then *Send anyway* if the payment is not there, or *Dismiss* if it is.'));
      buttons.push(button('Send anyway', ALERT_ACTIONS.sendAnyway, write.id));
    }
    buttons.push(button('Dismiss', ALERT_ACTIONS.dismiss, write.id, 'danger'));
    blocks.push(actions(`alert:${write.id}`, buttons));
  }
  blocks.push(context(`${writeIdNote(write.id)} · personal details masked`));
  const text =
    write.state === 'failed' || waiting
      ? `${capitalize(doing(write))} failed: ${own ?? `${lender} ${lastAnswer(write, { http: true })}`}${waiting ? ' (loanbot tries again)' : ''}`
      : headline.replace(/:[a-z_]+:\s*/g, '').replace(/\*/g, '');
  return { text, blocks };
}
