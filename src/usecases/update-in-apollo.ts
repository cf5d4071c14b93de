/**
 * Updating a loan in Apollo Finvest (Loan Update API): the rules checked before anything is sent,
 * the request recorded in the outbox before it is sent, sent once through the outbox state machine.
 * Apollo's refusals are worded for agents in views/words/apollo.ts.
 *
 * Apollo has no Get: loanbot cannot read what Apollo holds. The only thing it knows is what it sent
 * itself, so the form starts from the last update loanbot got Apollo to accept for that loan (if any).
 */
import { differenceInCalendarDays, parse } from 'date-fns';
import { validateApolloUpdate, type ApolloInput, type ApolloUpdateBody, type ApolloValidation } from '../domain/apollo-rules.ts';
import type { ApolloClient } from '../lenders/apollo/client.ts';
import { parseApolloUpdateBody } from '../lenders/apollo/schemas.ts';
import { displayDate } from '../domain/dates.ts';
import { lenderErrorFromStatus, type LenderError } from '../lenders/errors.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import { recordWrite, type RecordDeps, type WriteConfirm } from './record-write.ts';
import { recordReplacing, type Confirmation, type RecordReplacingDeps } from './replace-write.ts';
import { isWriteRequest } from './write-requests.ts';

export interface ApolloDeps {
  /** null when Apollo is not configured. */
  apollo: ApolloClient | null;
  /** Whether the Apollo features are available (its variables are set, or sandbox mode). */
  apolloConfigured: boolean;
  /** APOLLO_PARTNER_TAG (in sandbox mode the sandbox's own tag); null when Apollo is not configured. */
  apolloPartnerTag: string | null;
}

export type UpdateInApolloDeps = RecordDeps & RecordReplacingDeps;

/** The partner tag when Apollo can be used here, else undefined. */
export function apolloPartnerTag(deps: ApolloDeps): string | undefined {
  return deps.apolloConfigured && deps.apollo && deps.apolloPartnerTag ? deps.apolloPartnerTag : undefined;
}

/** The domain's rules with this installation's partner tag; `notConfigured` when Apollo cannot be used here. */
export function checkApolloUpdate(deps: ApolloDeps, input: ApolloInput): ApolloValidation | { ok: false; notConfigured: true } {
  const tag = apolloPartnerTag(deps);
  if (!tag) return { ok: false, notConfigured: true };
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
export async function lastApolloUpdate(deps: { store: Pick<Store, 'outbox'> }, loanId: string): Promise<{ body: ApolloUpdateBody; write: OutboxWrite } | undefined> {
  const writes = await deps.store.outbox.listByLoan(loanId, { limit: 50, offset: 0 });
  for (const write of writes) {
    if (write.operation !== 'apollo_update' || write.state !== 'confirmed' || !isWriteRequest(write.request)) continue;
    const body = write.request.operation === 'apollo_update' ? parseApolloUpdateBody(write.request.body) : undefined;
    if (body) return { body, write };
  }
  return undefined;
}

/**
 * Where the form starts: loanbot's last update of this loan that Apollo accepted (its write id and when),
 * or nothing. A store that does not answer just gives an empty form.
 */
export async function apolloFormStart(deps: { store: Pick<Store, 'outbox'> }, loanId: string): Promise<{ input: ApolloInput; from?: { writeId: string; at: number } }> {
  const last = await lastApolloUpdate(deps, loanId).catch(() => undefined);
  if (!last) return { input: {} };
  return { input: inputFromBody(last.body), from: { writeId: last.write.id, at: last.write.confirmedAt ?? last.write.updatedAt } };
}

/**
 * Record the update in the outbox (once per key), replacing a rejected update on an Edit & retry. Local and
 * fast: safe before acking Slack. The place's sourceTs is dropped: it makes the notifier refresh the
 * Credgenics summary, which an Apollo update does not change.
 */
export function confirmApolloUpdate(deps: UpdateInApolloDeps, input: WriteConfirm & { loanId: string; body: ApolloUpdateBody }): Promise<Confirmation> {
  const { place, by } = input;
  return recordReplacing(deps, input.replaces, { operation: 'apollo_update', loanId: input.loanId, by }, () =>
    recordWrite(deps, {
      key: input.key,
      request: { operation: 'apollo_update', loanId: input.loanId, body: input.body },
      summary: apolloUpdateSummary(input.body),
      by,
      place: { channelId: place.channelId, threadTs: place.threadTs, viewId: place.viewId },
    }),
  );
}

/**
 * What a failed (or retrying) Apollo write's alert explains: the lender's error rebuilt from the outbox row,
 * or a timeout (loanbot cannot tell whether it was applied); undefined for anything else.
 */
export function apolloFailureOf(write: OutboxWrite): { kind: 'error'; error: LenderError } | { kind: 'timeout' } | undefined {
  if (write.lender !== 'apollo' || write.state === 'confirmed' || write.state === 'dismissed') return undefined;
  if (write.lastStatus !== null) {
    const body = write.lenderMessage ? { message: write.lenderMessage } : undefined;
    return { kind: 'error', error: lenderErrorFromStatus('apollo', 'update_loan', write.lastStatus, body) };
  }
  return write.lastError?.startsWith('timed out') ? { kind: 'timeout' } : undefined;
}
