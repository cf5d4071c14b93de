/**
 * The modal a person confirmed a write in, as the worker moves the write on: "sending…" was shown at
 * Confirm; this is what replaces it once the lender has answered (or when loanbot will try again). Built
 * only from the outbox row and the lender's error, so any instance's worker can render it.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { clockSecondsIn } from '../../src/domain/dates.ts';
import { formatInr } from '../../src/domain/money.ts';
import type { LenderError } from '../../src/lenders/errors.ts';
import type { OutboxWrite, WriteOperation } from '../../src/usecases/records.ts';
import { apolloUpdateSummary } from '../../src/usecases/update-in-apollo.ts';
import { readWriteRequest } from '../../src/usecases/write-requests.ts';
import { isRejected } from '../../src/usecases/replace-write.ts';
import { escapeMrkdwn, section } from '../shared/blocks.ts';
import { modalView } from '../shared/modal-parts.ts';
import { failedWriteSentence } from './messages.ts';
import { doubtOfWrite } from '../../src/usecases/retry-write.ts';
import { lastAnswer, nextStepSentence } from '../words/write-doubt.ts';
import { describeApolloFailure } from '../words/apollo.ts';

const SURFACE: Record<WriteOperation, { callbackId: string; title: string }> = {
  update_payment: { callbackId: 'payment_status', title: 'Record payment' },
  update_loan: { callbackId: 'update_loan_status', title: 'Update loan' },
  update_transaction: { callbackId: 'update_loan_status', title: 'Update loan' },
  apollo_update: { callbackId: 'apollo_status', title: 'Update in Apollo' },
  add_loan: { callbackId: 'add_loan_status', title: 'Add loan' },
};

export function writeStatusView(write: OutboxWrite, mrkdwn: string): ModalView {
  const surface = SURFACE[write.operation];
  const blocks: KnownBlock[] = [section(mrkdwn)];
  return modalView({ callbackId: surface.callbackId, title: surface.title, metadata: { writeId: write.id }, blocks, close: 'Close' });
}

/** What was done, in the person's words, e.g. "Recorded ₹34,500 on loan *1001* in Credgenics". */
function doneText(write: OutboxWrite): string {
  const request = readWriteRequest(write.request);
  const loan = `loan *${escapeMrkdwn(write.loanId)}*`;
  switch (request?.operation) {
    case 'update_payment':
      return `:white_check_mark: Recorded *${formatInr(request.body.amount_recovered)}* on ${loan} in Credgenics.`;
    case 'update_loan':
      return `:white_check_mark: Updated ${loan} in Credgenics: ${escapeMrkdwn(write.summary)}`;
    case 'update_transaction':
      return `:white_check_mark: Updated transaction of ${loan} in Credgenics: ${escapeMrkdwn(write.summary)}`;
    case 'apollo_update':
      return `:white_check_mark: Apollo updated ${loan}: ${escapeMrkdwn(apolloUpdateSummary(request.body))}`;
    case 'add_loan':
      return `:white_check_mark: Added ${loan} in Credgenics. \`/loan ${escapeMrkdwn(write.loanId)}\` to see it.`;
    default:
      return `:white_check_mark: Done for ${loan}.`;
  }
}

/** Why it failed, in the person's words. */
function failedText(write: OutboxWrite, error: LenderError): string {
  const loan = `loan *${escapeMrkdwn(write.loanId)}*`;
  const button = isRejected(write) ? 'an *Edit & retry* button (the form again, filled in with what was sent)' : 'a Retry button';
  const said = error.lenderMessage ?? error.message;
  switch (write.operation) {
    case 'update_payment':
    case 'update_loan':
    case 'update_transaction':
      return `:x: ${failedWriteSentence(write)} The alert in the channel has ${button}; nothing is lost.`;
    case 'apollo_update':
      return `:x: Apollo did not take the update of ${loan}.\n${escapeMrkdwn(describeApolloFailure(error, write.loanId))}\nThe alert in the channel has the details and ${button}.`;
    case 'add_loan':
      if (/already exists/i.test(said) && write.attempts > 1) {
        return `:warning: Credgenics says *${escapeMrkdwn(said)}*, but an earlier attempt got no answer and may have added it: check with \`/loan ${escapeMrkdwn(write.loanId)}\`.`;
      }
      if (/already exists/i.test(said)) {
        return `:x: Credgenics refused: *${escapeMrkdwn(said)}*. Nothing was overwritten: \`/loan ${escapeMrkdwn(write.loanId)}\` shows the loan that is there; to add this one, use another loan id.`;
      }
      return `:x: Credgenics did not add ${loan}: ${escapeMrkdwn(said)}. The alert in the channel has the details and ${button}; nothing is lost.`;
  }
}

/** The modal's text for where the write stands now. */
export function writeStatusText(write: OutboxWrite, info: { error?: LenderError | undefined; timeZone: string; now: number }): string {
  if (write.state === 'confirmed') return doneText(write);
  const lender = write.lender === 'apollo' ? 'Apollo' : 'Credgenics';
  if (write.state === 'pending' && write.lastError !== null) {
    const at = clockSecondsIn(new Date(write.dueAt ?? write.updatedAt), info.timeZone);
    return `:warning: ${lender} ${lastAnswer(write)}. ${nextStepSentence(write, doubtOfWrite(write, info.now), at)} The alert in the channel follows it. Nothing is lost.`;
  }
  if (write.state === 'failed') return info.error ? failedText(write, info.error) : `:x: ${failedWriteSentence(write)} The alert in the channel has the details; nothing is lost.`;
  return `:hourglass_flowing_sand: Sending to ${lender}…`;
}
