/**
 * Look a loan up in Credgenics and build its masked summary.
 */
import { buildLoanSummary, type LoanSummary } from '../domain/loan-summary.ts';
import type { Loan } from '../domain/loan.ts';
import { describeLenderError } from '../../views/words/lender-errors.ts';
import { LenderError } from '../lenders/errors.ts';
import type { Services } from '../services.ts';

export type LookupResult =
  | { ok: true; loan: Loan; summary: LoanSummary }
  | { ok: false; message: string; error: unknown };

export async function lookupLoan(services: Pick<Services, 'credgenics' | 'logger'>, loanId: string): Promise<LookupResult> {
  try {
    const loan = await services.credgenics.getLoan(loanId);
    return { ok: true, loan, summary: buildLoanSummary(loan) };
  } catch (error) {
    if (!(error instanceof LenderError)) services.logger.error({ err: error, loanId }, 'lookup failed unexpectedly');
    return { ok: false, message: describeLenderError(error, { loanId, doing: `looking up loan ${loanId} in Credgenics` }), error };
  }
}
