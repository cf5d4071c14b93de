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
import { actions, button, context, escapeMrkdwn, fieldSections, mention, section } from '../shared/blocks.ts';
import { explainApolloWrite } from '../words/apollo.ts';
import { LENDER_NAMES, capitalize, operationWords, writeIdNote } from '../words/operations.ts';

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

export function confirmationMessage(write: OutboxWrite, info: { by: string; reconciled: boolean; timeZone: string }): { text: string; blocks: KnownBlock[] } {
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
    info.reconciled ? 'an earlier attempt had already reached the lender: nothing was sent twice' : undefined,
    info.by !== write.requestedBy ? `retried by <@${info.by}>` : undefined,
    writeIdNote(write.id),
  ].filter(Boolean);
  blocks.push(context(notes.join(' · ')));
  return { text: `${what} in ${lender}: ${escapeMrkdwn(write.summary)}`, blocks };
}


/** "*Recording a payment on loan 1002 failed*: Credgenics answered HTTP 400: “…”." for a modal or a message. */
export function failedWriteSentence(write: OutboxWrite): string {
  const status = write.lastError ?? (write.lastStatus ? `HTTP ${write.lastStatus}` : 'with an error');
  const said = write.lenderMessage && write.lenderMessage !== UNVERIFIED ? `: “${escapeMrkdwn(write.lenderMessage)}”` : '';
  return `*${capitalize(doing(write))} failed*: ${LENDER[write.lender]} answered ${escapeMrkdwn(status)}${said}.`;
}

export interface AlertExtras {
  timeZone: string;
  /** e.g. "retrying… (by U…)" while a retry is in flight. */
  retryingBy?: string | undefined;
}

/** A write waiting in the queue after a failure: an automatic retry, or a person's Retry waiting for the settle window. */
function waitingAfterFailure(write: OutboxWrite): boolean {
  return write.state === 'pending' && write.attempts > 0 && write.lastError !== null;
}

export function alertMessage(write: OutboxWrite, extras: AlertExtras): { text: string; blocks: KnownBlock[] } {
  const lender = LENDER[write.lender];
  const status = write.lastError ?? (write.lastStatus ? `HTTP ${write.lastStatus}` : 'failed');
  const stamp = (ms: number | null) => stampIn(new Date(ms ?? write.updatedAt), extras.timeZone);
  const clock = (ms: number) => clockSecondsIn(new Date(ms), extras.timeZone);
  const waiting = waitingAfterFailure(write) && !extras.retryingBy;
  let headline: string;
  if (waiting) {
    const answered = write.lastStatus ? `answered ${write.lastStatus}` : escapeMrkdwn(status);
    const next = clock(write.dueAt ?? write.updatedAt);
    const checkFirst = write.needsReconcile && (write.operation === 'update_payment' || write.operation === 'add_loan');
    headline =
      `:warning: *${capitalize(doing(write))} failed:* ${lender} ${answered} at ${clock(write.sentAt ?? write.updatedAt)}. ` +
      (checkFirst
        ? `loanbot checks the loan at ${next} (${lender} may still apply the earlier attempt) and sends again only if it is not there — attempt ${write.attempts + 1} of ${write.maxAttempts}.`
        : `loanbot tries again at ${next} (attempt ${write.attempts + 1} of ${write.maxAttempts}), or press *Retry now*.`);
  } else if (write.state === 'confirmed') {
    headline = `:white_check_mark: *Resolved:* ${doing(write)} in ${lender} succeeded at ${stamp(write.confirmedAt)}${write.resolvedBy ? ` (by <@${write.resolvedBy}>)` : ''}`;
  } else if (write.state === 'dismissed') {
    headline = `:heavy_minus_sign: *Dismissed:* ${doing(write)} in ${lender} failed · dismissed by ${write.resolvedBy ? `<@${write.resolvedBy}>` : 'someone'}: “${escapeMrkdwn(write.dismissReason ?? 'no reason given')}”`;
  } else if (extras.retryingBy || write.state === 'sending') {
    headline = `:hourglass_flowing_sand: *Retrying…* ${doing(write)} in ${lender}${extras.retryingBy ? ` (by <@${extras.retryingBy}>)` : ''}`;
  } else {
    headline = `:rotating_light: *${capitalize(doing(write))} failed*${write.attempts > 1 ? ` after ${write.attempts} tries` : ''} · ${lender} answered ${escapeMrkdwn(status)}`;
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
    if (write.lenderMessage === UNVERIFIED) {
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
      ? `${capitalize(doing(write))} failed: ${lender} answered ${escapeMrkdwn(status)}${waiting ? ' (loanbot tries again)' : ''}`
      : headline.replace(/:[a-z_]+:\s*/g, '').replace(/\*/g, '');
  return { text, blocks };
}
