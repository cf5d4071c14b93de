/**
 * A lender failure in words an agent understands: never a stack trace, always what to do next. Use cases
 * hand back the LenderError (or whatever was thrown); the view words it here.
 */
import { LenderError } from '../../src/lenders/errors.ts';
import { LENDER_NAMES } from './operations.ts';

export interface DescribeContext {
  loanId?: string | undefined;
  /** What the person was doing, mid-sentence ("looking up loan 1002"): the message then starts "Looking up loan 1002 failed: …". */
  doing?: string | undefined;
}

/** One sentence (or two) naming the lender, what went wrong and, when it helps, what to do. */
export function describeLenderError(error: unknown, context: DescribeContext = {}): string {
  const reason = describeReason(error, context);
  if (!context.doing || (error instanceof LenderError && error.kind === 'not_found')) return reason;
  return `${context.doing.charAt(0).toUpperCase()}${context.doing.slice(1)} failed: ${reason}`;
}

function describeReason(error: unknown, context: DescribeContext): string {
  if (!(error instanceof LenderError)) return 'Something went wrong inside loanbot; the team has the details in the logs. Try again in a minute.';
  const lender = LENDER_NAMES[error.lender];
  const loan = context.loanId ? `loan ${context.loanId}` : 'that loan';
  const said = error.lenderMessage ? ` ${lender} said: “${error.lenderMessage}”` : '';
  switch (error.kind) {
    case 'not_found':
      return `${lender} could not find ${loan}. Check the loan id and try again.`;
    case 'unauthorized':
      return `${lender} refused loanbot's credentials (401). An admin needs to check the ${lender} token.${said}`;
    case 'forbidden':
      return `${lender} does not allow loanbot to do this (403).${said}`;
    case 'bad_request':
      return `${lender} rejected the request (${error.status ?? 400}).${said || ` ${lender} gave no reason.`}`;
    case 'conflict':
      return `${lender} reports a conflict (${error.status ?? 409}).${said}`;
    case 'rate_limited':
      return `${lender} is rate-limiting requests (429); try again in a minute.`;
    case 'timeout':
      return `${lender} is not answering (timed out after ${Math.round((error.timeoutMs ?? 0) / 1000)} s); try again.`;
    case 'network':
      return `${lender} could not be reached; try again in a minute.`;
    case 'gateway':
      return `${lender} is down right now (${error.status ?? 504}); try again in a few seconds.${said}`;
    case 'server':
      return `${lender} had an internal error (${error.status ?? 500}); try again in a minute.${said}`;
    case 'malformed':
      return `${lender} answered with something loanbot cannot read; the team has the details in the logs.`;
    case 'wrong_record': {
      const wrong = error as LenderError & { askedFor?: string; answeredFor?: string };
      return `${lender} answered about loan ${wrong.answeredFor ?? '?'} when asked for loan ${wrong.askedFor ?? context.loanId ?? '?'}; loanbot did not show it. Try again, and tell the team if it happens again.`;
    }
    case 'too_large': {
      const mb = Math.round(((error as LenderError & { limitBytes?: number }).limitBytes ?? 0) / (1024 * 1024));
      return `${lender} answered with more than ${mb} MB, far more than any loan; loanbot did not read it. Tell the team.`;
    }
  }
}

/** A look-up that failed (the loan summary, a form loading the loan, a bulk row's loan). */
export function lookupProblem(loanId: string, error: unknown): string {
  return describeLenderError(error, { loanId, doing: `looking up loan ${loanId} in Credgenics` });
}
