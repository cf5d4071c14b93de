/**
 * Adding a loan to Credgenics (Add Loan, lending or credit line): recorded in the outbox before anything
 * is sent, then sent once through the outbox state machine. There is no "does it exist" read first: the
 * lender refuses an existing loan id with a 400 ("Loan with loan_id X already exists"), which is the
 * check, and is shown to the person as it is.
 */
import { addLoanBody, addLoanSummary, type AddLoanDraft } from '../domain/add-loan.ts';
import type { OutboxWrite } from '../store/index.ts';
import { recordWrite, type RecordDeps, type WritePlace } from './record-write.ts';


/** Record the new loan in the outbox (once per key). Local and fast: safe before acking Slack. */
export function recordAddLoan(
  deps: RecordDeps,
  input: { draft: AddLoanDraft; place: WritePlace; by: string; key: string },
): Promise<{ created: boolean; write: OutboxWrite }> {
  const { draft } = input;
  return recordWrite(deps, {
    key: input.key,
    request: { operation: 'add_loan', loanId: draft.loanId, body: addLoanBody(draft) },
    summary: addLoanSummary(draft),
    by: input.by,
    place: input.place,
  });
}

