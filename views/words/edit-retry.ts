/**
 * Edit & retry in a person's words: the note on a form that replaces a rejected write, and why a form may
 * not replace the write it names.
 */
import type { ReplaceRefusal } from '../../src/usecases/replace-write.ts';
import type { WriteOperation } from '../../src/usecases/records.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';

/** "a payment", "an Update loan", … as the refusal names what was expected. */
const WHAT: Record<WriteOperation, string> = {
  update_payment: 'a payment',
  update_loan: 'an Update loan',
  update_transaction: 'an Update loan of a credit-line transaction',
  add_loan: 'an Add loan',
  apollo_update: 'an Update in Apollo',
};

export function replaceRefusalReason(refusal: ReplaceRefusal): string {
  switch (refusal.why) {
    case 'unknown':
      return 'loanbot has no record of the write it replaces';
    case 'other_operation':
      return `what it replaces is not ${WHAT[refusal.expected]}`;
    case 'other_loan':
      return `the write it replaces is for loan ${refusal.replacedLoanId}, not loan ${refusal.loanId}`;
    case 'not_failed':
      return `the write it replaces is ${refusal.state}, not failed`;
    case 'role':
      return `only ${refusal.role === 'agent' ? 'an agent' : 'a supervisor'} may replace it`;
  }
}

/** The modal's words at Confirm when the form names a write it may not replace ("This payment cannot be sent…"). */
export function replaceRefusalText(noun: string, refusal: ReplaceRefusal): string {
  return `:no_entry: ${noun} cannot be sent as an Edit & retry: ${escapeMrkdwn(replaceRefusalReason(refusal))}. Nothing was sent.`;
}

/** The Add loan form says it on the loan id, before Confirm. */
export function addLoanReplaceRefusal(refusal: ReplaceRefusal): string {
  return `Not as an Edit & retry: ${replaceRefusalReason(refusal)}. To add another loan id, close this and use /loan add`;
}

/** The line a form opened by Edit & retry shows, so the person knows what Confirm does. */
export function editRetryNote(replaces: string): string {
  return `Edit & retry of the rejected write ${replaces}: correct what the lender refused; Confirm sends this instead and the old alert says so.`;
}

export const CANNOT_FILL_FORM = 'loanbot cannot fill a form in from that write: start it again from the loan.';
