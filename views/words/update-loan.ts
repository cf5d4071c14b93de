/**
 * Why the Update loan form cannot be shown, in a person's words.
 */
import type { LoanUpdateProblem } from '../../src/usecases/update-loan.ts';
import { lookupProblem } from './lender-errors.ts';

export function loanUpdateProblem(problem: LoanUpdateProblem): string {
  switch (problem.why) {
    case 'lookup':
      return lookupProblem(problem.loanId, problem.error);
    case 'no_customer':
      return `Credgenics did not say which customer credit-line loan ${problem.loanId} belongs to, so it cannot be updated from here.`;
    case 'not_a_transaction':
      return `Transaction ${problem.transactionId} is not one of customer ${problem.clientCustomerId}'s transactions in Credgenics.`;
  }
}
