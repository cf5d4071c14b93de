/**
 * Adding a loan to Credgenics (Add Loan, lending or credit line): recorded in the outbox before anything
 * is sent, then sent once through the outbox state machine. There is no "does it exist" read first: the
 * lender refuses an existing loan id with a 400 ("Loan with loan_id X already exists"), which is the
 * check, and is shown to the person as it is.
 */
import { addLoanBody, addLoanSummary, type AddLoanDraft } from '../domain/add-loan.ts';
import { recordWrite, type RecordDeps, type WriteConfirm } from './record-write.ts';
import { recordReplacing, type Confirmation, type RecordReplacingDeps } from './replace-write.ts';

export type AddLoanDeps = RecordDeps & RecordReplacingDeps;

/** Record the new loan in the outbox (once per key), replacing a rejected Add loan on an Edit & retry. Local and fast: safe before acking Slack. */
export function confirmAddLoan(deps: AddLoanDeps, input: WriteConfirm & { draft: AddLoanDraft }): Promise<Confirmation> {
  const { draft, by } = input;
  const request = { operation: 'add_loan' as const, loanId: draft.loanId, body: addLoanBody(draft) };
  return recordReplacing(deps, input.replaces, { operation: 'add_loan', loanId: draft.loanId, by }, () =>
    recordWrite(deps, { key: input.key, request, summary: addLoanSummary(draft), by, place: input.place }),
  );
}
