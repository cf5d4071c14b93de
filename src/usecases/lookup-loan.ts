/**
 * Look a loan up in Credgenics and build its masked summary. A failure comes back as what was thrown (a
 * LenderError, or anything else, logged here): the view words it (views/words/lender-errors.ts).
 */
import { buildLoanSummary, type LoanSummary } from '../domain/loan-summary.ts';
import type { Loan } from '../domain/loan.ts';
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';
import { LenderError } from '../lenders/errors.ts';
import type { Logger } from '../log.ts';

export interface LookupDeps {
  credgenics: Pick<CredgenicsClient, 'getLoan'>;
  logger: Logger;
}

export type LookupResult =
  | { ok: true; loan: Loan; summary: LoanSummary }
  | { ok: false; error: unknown };

export async function lookupLoan(deps: LookupDeps, loanId: string): Promise<LookupResult> {
  try {
    const loan = await deps.credgenics.getLoan(loanId);
    return { ok: true, loan, summary: buildLoanSummary(loan) };
  } catch (error) {
    if (!(error instanceof LenderError)) deps.logger.error({ err: error, loanId }, 'lookup failed unexpectedly');
    return { ok: false, error };
  }
}
