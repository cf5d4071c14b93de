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
    (Object.hasOwn(OPERATION_WORDS, operation) ? OPERATION_WORDS[operation as WriteOperation] : undefined) ?? {
      name: operation.replace(/_/g, ' '),
      doing: (id: string) => `${operation.replace(/_/g, ' ')} on loan ${id}`,
      done: (id: string) => `${operation.replace(/_/g, ' ')} done on loan ${id}`,
    }
  );
}

/** The audit entries that are not a write's own step (those are `<operation>.requested|confirmed|failed`). */
const OTHER_AUDIT_ACTIONS = {
  'write.retried': 'Retry pressed',
  'write.sent_anyway': 'Sent anyway',
  'alert.dismissed': 'Alert dismissed',
  'pii.revealed': 'Personal details shown',
  'access.refused': 'Refused',
  'bulk.confirmed': 'Bulk payments confirmed',
  'bulk.cancelled': 'Bulk payments cancelled',
} as const;

const WRITE_STEPS = { requested: 'queued to send', confirmed: 'done', failed: 'failed', attempt_failed: 'attempt failed, loanbot tries again' } as const;

/** Every kind of audit entry loanbot appends (the history renders each; test/unit/history-view.property.test.ts). */
export const AUDIT_ACTIONS: readonly string[] = [
  ...Object.keys(OPERATION_WORDS).flatMap((operation) => Object.keys(WRITE_STEPS).map((step) => `${operation}.${step}`)),
  ...Object.keys(OTHER_AUDIT_ACTIONS),
];

/** What an audit entry's action reads as in `/loan history`; one this version does not know reads as its code. */
export function auditActionWords(action: string): string {
  if (Object.hasOwn(OTHER_AUDIT_ACTIONS, action)) return OTHER_AUDIT_ACTIONS[action as keyof typeof OTHER_AUDIT_ACTIONS];
  const [subject = '', step = ''] = action.split('.');
  if (Object.hasOwn(OPERATION_WORDS, subject)) {
    const said = Object.hasOwn(WRITE_STEPS, step) ? WRITE_STEPS[step as keyof typeof WRITE_STEPS] : step.replace(/_/g, ' ');
    return `${OPERATION_WORDS[subject as WriteOperation].name}: ${said}`;
  }
  return action.replace(/[._]/g, ' ');
}

/** Where a write can be found in the logs and the audit trail; never called "ref" (that is the payment's reference). */
export function writeIdNote(writeId: string): string {
  return `loanbot id ${writeId}`;
}
