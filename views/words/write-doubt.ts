/**
 * What a write waiting after a failed attempt says, by that attempt's fate (src/domain/attempt-fate.ts):
 * the same words in its alert, in the modal it was confirmed in, and (for a Retry) to the person who pressed.
 */
import type { WriteDoubt } from '../../src/domain/attempt-fate.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import { STOPPED_MID_SEND, UNREADABLE_REQUEST, UNVERIFIED } from '../../src/usecases/write-outcomes.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { LENDER_NAMES } from './operations.ts';

/** The thing written, as the check looks for it. */
function thing(write: Pick<OutboxWrite, 'operation'>): string {
  return write.operation === 'update_payment' ? 'the payment' : write.operation === 'add_loan' ? 'the loan' : 'the update';
}

/** loanbot's own failures (src/usecases/write-outcomes.ts), in a person's words: never shown as the lender's. */
const OWN_FAILURES: Record<string, string> = {
  [UNVERIFIED]: 'loanbot cannot tell from the loan whether the earlier attempt was applied',
  [STOPPED_MID_SEND]: 'the loanbot instance sending it stopped before an answer came',
  [UNREADABLE_REQUEST]: 'loanbot cannot read what it stored for this write',
};

/** The sentence for a failure of loanbot's own, or undefined when the lender's answer is the failure. */
export function ownFailure(write: Pick<OutboxWrite, 'lastError'>): string | undefined {
  return write.lastError === null ? undefined : OWN_FAILURES[write.lastError];
}

/** The lender's side of the last attempt, for a Status field: "HTTP 500", "timed out after 10 s", "no answer". */
export function lenderStatus(write: Pick<OutboxWrite, 'lastStatus' | 'lastError'>): string {
  if (write.lastStatus) return `HTTP ${write.lastStatus}`;
  return ownFailure(write) !== undefined ? 'no answer' : (write.lastError ?? 'failed');
}

/**
 * What the lender did with the last attempt, after its name: "answered 500", "timed out after 10 s", "could
 * not be reached, or dropped the connection". `http`: "answered HTTP 500" rather than "answered 500".
 */
export function lastAnswer(write: Pick<OutboxWrite, 'lastStatus' | 'lastError'>, options: { http?: boolean } = {}): string {
  const error = write.lastError;
  if (error === STOPPED_MID_SEND) return 'got no answer: the loanbot instance sending it stopped';
  if (write.lastStatus && (error === null || error.startsWith('HTTP'))) return `answered ${options.http ? 'HTTP ' : ''}${write.lastStatus}`;
  if (error === null) return 'did not answer';
  if (error.startsWith('timed out')) return escapeMrkdwn(error);
  if (error === 'unreachable') return 'could not be reached, or dropped the connection';
  if (error.startsWith('unreadable answer')) return `sent an ${escapeMrkdwn(error)}`;
  return `answered: ${escapeMrkdwn(error)}`;
}

/**
 * For a write failed for a person whose last attempt's fate is open: what its Retry does first (none when
 * nothing needs checking).
 */
export function retryWillSentence(write: Pick<OutboxWrite, 'operation' | 'loanId' | 'lender'>, doubt: WriteDoubt, at: (ms: number) => string): string | undefined {
  const lender = LENDER_NAMES[write.lender];
  const loan = `loan ${escapeMrkdwn(write.loanId)}`;
  switch (doubt.kind) {
    case 'none':
      return undefined;
    case 'finished':
      return `${lender} answered, but loanbot cannot tell from its answer whether ${thing(write)} went through: *Retry* checks ${loan} first and sends it again only if it is not there.`;
    case 'on_its_way':
      return `The request may still be on its way to ${lender}: *Retry* checks ${loan} at once, and nothing is sent again before the final check at ${at(doubt.checkAt)}.`;
  }
}

/**
 * What loanbot does next, for a write waiting after a failure: `at` is its next step's time, as the clock
 * reads it ("22:16:33").
 */
export function nextStepSentence(write: Pick<OutboxWrite, 'operation' | 'loanId' | 'lastError' | 'lender'>, doubt: WriteDoubt, at: string): string {
  const lender = LENDER_NAMES[write.lender];
  const loan = `loan ${escapeMrkdwn(write.loanId)}`;
  switch (doubt.kind) {
    case 'none':
      return `loanbot tries again at ${at}, or press *Retry now*.`;
    case 'finished':
      return `loanbot checks ${loan} at ${at} and sends it again only if ${thing(write)} is not there, or press *Retry now* to do it now.`;
    case 'on_its_way':
      if (write.lastError === STOPPED_MID_SEND) {
        return `Another instance took it over. ${lender} may still apply the request that was out, so loanbot makes its final check of ${loan} at ${at} and sends it again only if ${thing(write)} is not there then.`;
      }
      return `The request may still be on its way to ${lender}, so loanbot makes its final check of ${loan} at ${at} and sends it again only if ${thing(write)} is not there then. *Retry now* checks at once.`;
  }
}

/** To the person who pressed Retry (none when the alert, updated in place, says it all). */
export function retryPressedSentence(write: Pick<OutboxWrite, 'operation' | 'loanId' | 'lender'>, doubt: WriteDoubt, at: (ms: number) => string): string | undefined {
  const lender = LENDER_NAMES[write.lender];
  const loan = `loan ${escapeMrkdwn(write.loanId)}`;
  switch (doubt.kind) {
    case 'none':
      return undefined;
    case 'finished':
      return `loanbot is checking ${loan} in ${lender} now, and sends it again only if ${thing(write)} is not there.`;
    case 'on_its_way':
      return (
        `The earlier attempt may still be on its way to ${lender}. loanbot is checking ${loan} now: if ${thing(write)} is there, it is confirmed at once; ` +
        `if not, loanbot makes its final check at ${at(doubt.checkAt)} and sends it only if it is still missing then.`
      );
  }
}
