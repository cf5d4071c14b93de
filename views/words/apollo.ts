/**
 * Apollo in an agent's words: not configured here, and its refusals (the documented messages first, then
 * what each status means).
 */
import { describeApolloMessage } from '../../src/domain/apollo-rules.ts';
import type { LenderError } from '../../src/lenders/errors.ts';
import { apolloFailureOf } from '../../src/usecases/update-in-apollo.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import { describeLenderError } from './lender-errors.ts';

export const APOLLO_NOT_CONFIGURED = 'Apollo is not configured here (set the APOLLO_* variables).';

const TIMEOUT_TEXT =
  'Apollo did not answer in time, so loanbot cannot tell whether the update was applied. ' +
  'Setting the same dates again is harmless: Retry is safe.';

/** Apollo's refusal in an agent's words: the documented messages, then what each status means. */
export function describeApolloFailure(error: LenderError, loanId: string): string {
  const said = error.lenderMessage;
  const explained = said ? describeApolloMessage(said) : undefined;
  const known = explained !== undefined && explained !== said ? explained : undefined;
  const quoted = said ? ` Apollo said: “${said}”.` : '';
  switch (error.kind) {
    case 'bad_request':
      return known ?? `Apollo refused the update (${error.status ?? 400}).${quoted || ' Apollo gave no reason.'} Nothing was changed.`;
    case 'forbidden':
      return (
        known ??
        'Apollo refused loanbot (403): the API key (x-api-key) is wrong, or our partner account may not use the Loan Update API. ' +
          'An admin must check APOLLO_API_KEY and the partner tag with Apollo. Nothing was changed.'
      );
    case 'not_found':
      return `Apollo has no loan ${loanId} (404): use the loan id the loan was pushed to Apollo with (e.g. Tesst001). Nothing was changed.`;
    case 'gateway':
      return (
        `Apollo is down (${error.status ?? 504}): loanbot's automatic tries did not get through. ` +
        'Apollo asks partners to tell their tech contact; press Retry in a few minutes.'
      );
    case 'server':
      return `Apollo had an internal error (${error.status ?? 500}); try again in a minute.${quoted}`;
    case 'timeout':
      return TIMEOUT_TEXT;
    case 'unauthorized':
      return known ?? describeLenderError(error, { loanId });
    default:
      return describeLenderError(error, { loanId });
  }
}

/** For the alert of a failed Apollo write: what its status and Apollo's message mean (undefined otherwise). */
export function explainApolloWrite(write: OutboxWrite): string | undefined {
  const failure = apolloFailureOf(write);
  if (!failure) return undefined;
  return failure.kind === 'timeout' ? TIMEOUT_TEXT : describeApolloFailure(failure.error, write.loanId);
}
