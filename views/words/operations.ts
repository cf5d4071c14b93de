/**
 * loanbot's words for what people do, in one place: the operations as the buttons name them
 * ("Record payment", never the lender's "Update Payment"), a write's state, and audit actions.
 * The lender's own words appear only on the form labels the contract fixes.
 */
import type { WriteOperation } from '../../src/usecases/records.ts';

export const LENDER_NAMES = { credgenics: 'Credgenics', apollo: 'Apollo' } as const;

interface OperationWords {
  /** As the button that starts it says: "Record payment". */
  name: string;
  /** What is happening to the loan, mid-sentence: "recording a payment on loan 1002" (the lender is said beside it). */
  doing: (loanId: string) => string;
  /** What happened, as a headline: "Payment recorded on loan 1002" (… "in Credgenics"). */
  done: (loanId: string) => string;
}

/** Update loan and Update in Apollo say the same of the loan. */
const updatingLoan = { doing: (id: string) => `updating loan ${id}`, done: (id: string) => `Loan ${id} updated` };

export const OPERATION_WORDS: Record<WriteOperation, OperationWords> = {
  update_payment: { name: 'Record payment', doing: (id) => `recording a payment on loan ${id}`, done: (id) => `Payment recorded on loan ${id}` },
  update_loan: { name: 'Update loan', ...updatingLoan },
  update_transaction: { name: 'Update loan', doing: (id) => `updating credit-line transaction ${id}`, done: (id) => `Credit-line transaction ${id} updated` },
  add_loan: { name: 'Add loan', doing: (id) => `adding loan ${id}`, done: (id) => `Loan ${id} added` },
  apollo_update: { name: 'Update in Apollo', ...updatingLoan },
};

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The operation's words; an operation this version does not know reads as its code, not as a crash. */
export function operationWords(operation: string): OperationWords {
  return (
    OPERATION_WORDS[operation as WriteOperation] ?? {
      name: operation.replace(/_/g, ' '),
      doing: (id: string) => `${operation.replace(/_/g, ' ')} on loan ${id}`,
      done: (id: string) => `${operation.replace(/_/g, ' ')} done on loan ${id}`,
    }
  );
}

/** What an audit entry's action reads as in `/loan history`. */
export function auditActionWords(action: string): string {
  const [subject = '', step = ''] = action.split('.');
  if (subject === 'write' && step === 'retried') return 'Retry pressed';
  if (subject === 'write' && step === 'sent_anyway') return 'Sent anyway';
  if (subject === 'alert' && step === 'dismissed') return 'Alert dismissed';
  if (subject === 'pii' && step === 'revealed') return 'Personal details shown';
  if (subject in OPERATION_WORDS) {
    const name = operationWords(subject).name;
    if (step === 'requested') return `${name}: queued to send`;
    if (step === 'confirmed') return `${name}: done`;
    if (step === 'failed') return `${name}: failed`;
    if (step === 'attempt_failed') return `${name}: attempt failed, loanbot tries again`;
    return `${name}: ${step.replace(/_/g, ' ')}`;
  }
  return action.replace(/[._]/g, ' ');
}

/** Where a write can be found in the logs and the audit trail; never called "ref" (that is the payment's reference). */
export function writeIdNote(writeId: string): string {
  return `loanbot id ${writeId}`;
}
