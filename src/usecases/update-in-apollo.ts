/**
 * Updating a loan in Apollo Finvest (Loan Update API): the rules checked before anything is sent,
 * the request recorded in the outbox before it is sent, sent once through the outbox state machine,
 * and Apollo's refusals in words an agent understands.
 *
 * Apollo has no Get: loanbot cannot read what Apollo holds. The only thing it knows is what it sent
 * itself, so the form starts from the last update loanbot got Apollo to accept for that loan (if any).
 */
import { differenceInCalendarDays, parse } from 'date-fns';
import { describeApolloMessage, validateApolloUpdate, type ApolloInput, type ApolloUpdateBody, type ApolloValidation } from '../domain/apollo-rules.ts';
import { parseApolloUpdateBody } from '../lenders/apollo/schemas.ts';
import { displayDate } from '../domain/dates.ts';
import { describeLenderError } from '../../views/words/lender-errors.ts';
import { lenderErrorFromStatus, type LenderError } from '../lenders/errors.ts';
import type { OutboxWrite } from '../store/index.ts';
import type { Services } from '../services.ts';
import { recordWrite, type RecordDeps, type WritePlace } from './record-write.ts';
import { isWriteRequest } from './write-requests.ts';

type ApolloDeps = Pick<Services, 'apollo' | 'apolloConfigured' | 'apolloPartnerTag'>;

export const APOLLO_NOT_CONFIGURED = 'Apollo is not configured here (set the APOLLO_* variables).';

/** The partner tag when Apollo can be used here, else undefined. */
export function apolloPartnerTag(deps: ApolloDeps): string | undefined {
  return deps.apolloConfigured && deps.apollo && deps.apolloPartnerTag ? deps.apolloPartnerTag : undefined;
}

/** The domain's rules with this installation's partner tag. */
export function checkApolloUpdate(deps: ApolloDeps, input: ApolloInput): ApolloValidation {
  const tag = apolloPartnerTag(deps);
  if (!tag) return { ok: false, errors: { loan_type: APOLLO_NOT_CONFIGURED } };
  return validateApolloUpdate(input, tag);
}

/** "ML · disbursement 05/01/2026 · first EMI 04/02/2026 · tenure 120 days · EMI 2400 · interest 1150.50" (no PII). */
export function apolloUpdateSummary(body: ApolloUpdateBody): string {
  const day = (value: string) => displayDate(value) ?? value;
  const parts: string[] = [body.loan_type, `disbursement ${day(body.loan_information.disbursement_date)}`];
  if (body.loan_type === 'EDI') {
    parts.push(`first installment ${day(body.loan_information.first_installment_date)}`);
    return parts.join(' · ');
  }
  parts.push(`first EMI ${day(body.loan_information.first_emi_date)}`);
  if (body.loan_type === 'ML') {
    const info = body.loan_information;
    parts.push(`tenure ${info.loan_tenure_in_days} days`);
    if (info.partner_computed_emi_amount) parts.push(`EMI ${info.partner_computed_emi_amount}`);
    if (info.partner_computed_interest_amount) parts.push(`interest ${info.partner_computed_interest_amount}`);
  }
  return parts.join(' · ');
}

/** Days from the disbursement date to the first EMI (or installment) date of a checked body. */
export function firstDateGapDays(body: ApolloUpdateBody): number {
  const info = body.loan_information;
  const first = 'first_installment_date' in info ? info.first_installment_date : info.first_emi_date;
  const day = (dmy: string) => parse(dmy, 'dd/MM/yyyy', new Date(2000, 0, 1));
  return differenceInCalendarDays(day(first), day(info.disbursement_date));
}

/** "05/01/2026" → "2026-01-05" (for a datepicker). */
const toYmd = (dmy: string): string => dmy.split('/').reverse().join('-');

/** The form's starting values from a body Apollo accepted. Amounts are left out: they go with a tenure change. */
export function inputFromBody(body: ApolloUpdateBody): ApolloInput {
  const info = body.loan_information;
  const first = body.loan_type === 'EDI' ? body.loan_information.first_installment_date : body.loan_information.first_emi_date;
  const input: ApolloInput = { loan_type: body.loan_type, disbursement_date: toYmd(info.disbursement_date), first_date: toYmd(first) };
  if (body.loan_type === 'ML') {
    input.loan_tenure_in_days = body.loan_information.loan_tenure_in_days;
    input.previous_tenure_in_days = body.loan_information.loan_tenure_in_days;
  }
  return input;
}

/**
 * The form's values to correct a body Apollo refused (Edit & retry): everything that was sent, amounts
 * too. The tenure Apollo has now is left empty: loanbot cannot know it, and the amounts go as they were.
 */
export function inputToCorrect(body: ApolloUpdateBody): ApolloInput {
  const input = inputFromBody(body);
  if (body.loan_type !== 'ML') return input;
  const info = body.loan_information;
  return { ...input, previous_tenure_in_days: undefined, partner_computed_emi_amount: info.partner_computed_emi_amount, partner_computed_interest_amount: info.partner_computed_interest_amount };
}

/** The last update of this loan that Apollo accepted from loanbot, if any (local: the outbox). */
export async function lastApolloUpdate(deps: Pick<Services, 'store'>, loanId: string): Promise<{ body: ApolloUpdateBody; write: OutboxWrite } | undefined> {
  const writes = await deps.store.outbox.listByLoan(loanId, { limit: 50, offset: 0 });
  for (const write of writes) {
    if (write.operation !== 'apollo_update' || write.state !== 'confirmed' || !isWriteRequest(write.request)) continue;
    const body = write.request.operation === 'apollo_update' ? parseApolloUpdateBody(write.request.body) : undefined;
    if (body) return { body, write };
  }
  return undefined;
}

/**
 * Record the update in the outbox (once per key). Local and fast: safe before acking Slack.
 * The place's sourceTs is dropped: it makes the notifier refresh the Credgenics summary, which an
 * Apollo update does not change.
 */
export function recordApolloUpdate(
  deps: RecordDeps,
  input: { loanId: string; body: ApolloUpdateBody; place: WritePlace; by: string; key: string },
): Promise<{ created: boolean; write: OutboxWrite }> {
  return recordWrite(deps, {
    key: input.key,
    request: { operation: 'apollo_update', loanId: input.loanId, body: input.body },
    summary: apolloUpdateSummary(input.body),
    by: input.by,
    place: { channelId: input.place.channelId, threadTs: input.place.threadTs, viewId: input.place.viewId },
  });
}


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
        `Apollo is down (${error.status ?? 504}), and still was after loanbot retried for a few seconds. ` +
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
  if (write.lender !== 'apollo' || write.state === 'confirmed' || write.state === 'dismissed') return undefined;
  if (write.lastStatus !== null) {
    const body = write.lenderMessage ? { message: write.lenderMessage } : undefined;
    return describeApolloFailure(lenderErrorFromStatus('apollo', 'update_loan', write.lastStatus, body), write.loanId);
  }
  return write.lastError?.startsWith('timed out') ? TIMEOUT_TEXT : undefined;
}
