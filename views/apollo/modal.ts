/**
 * The Update in Apollo modal: form (adapts to the loan type) → review (the exact body) → sending → done.
 * Labels are Apollo's own words (Loan Update API). Block ids are the ApolloInput field names; the loan
 * type's select dispatches (`apollo_loan_type`) so the form re-renders for the chosen type, and fields
 * that stay (same block id) keep what was typed. The first date keeps its block id for every type:
 * only its label says "First installment date" for EDI.
 *
 * ML's rule "if the tenure changes, the EMI and interest amounts are required" needs the tenure Apollo
 * has now, and Apollo cannot be asked. So ML adds an optional *Current tenure in days* (pre-filled from
 * loanbot's last accepted update of the loan): filled in, a different new tenure makes both amounts
 * required inline and an equal one sends the docs' "no change" body; left empty, the amounts are
 * optional (both or neither) and the review warns that the body goes out as "no change in tenure".
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { APOLLO_LOAN_TYPES, APOLLO_MIN_FIRST_EMI_GAP_DAYS, isApolloLoanType, type ApolloInput, type ApolloLoanType, type ApolloUpdateBody } from '../../src/domain/apollo-rules.ts';
import { displayDate } from '../../src/domain/dates.ts';
import { formatInr } from '../../src/domain/money.ts';
import { context, escapeMrkdwn, fieldSections, section } from '../shared/blocks.ts';
import { editRetryNote } from '../words/edit-retry.ts';
import { dateElement, inputBlock, modalView, option, reviewEditActions, selectElement, textElement } from '../shared/modal-parts.ts';

export const APOLLO_CALLBACKS = { form: 'apollo_form', review: 'apollo_review', status: 'apollo_status' } as const;
export const APOLLO_ACTIONS = { loanType: 'apollo_loan_type', edit: 'apollo_review_edit' } as const;

/** Every input of the form, by block id (= the ApolloInput field). */
export const APOLLO_FIELDS = [
  'loan_type',
  'disbursement_date',
  'first_date',
  'loan_tenure_in_days',
  'previous_tenure_in_days',
  'partner_computed_emi_amount',
  'partner_computed_interest_amount',
] as const satisfies ReadonlyArray<keyof ApolloInput>;

/** Where the update was started, carried in private_metadata through every step. */
export interface ApolloOrigin {
  loanId: string;
  channelId: string;
  threadTs?: string | undefined;
  sourceTs?: string | undefined;
  /** Set when the form starts from loanbot's last accepted update, e.g. "w_… on 20 Nov 2026". */
  prefilledFrom?: string | undefined;
  /** Edit & retry: the rejected outbox write this update replaces (checked at Confirm). */
  replaces?: string | undefined;
}

export interface ApolloReviewState {
  form: ApolloOrigin;
  /** What the person entered, so Edit brings it back and Confirm checks it once more. */
  input: ApolloInput;
}

export const LOAN_TYPE_NAMES: Record<ApolloLoanType, string> = {
  PL: 'Personal Loan',
  ML: 'Micro Loan',
  CL: 'Consumer Loan',
  CL_2: 'Consumer Loan (CL_2)',
  EDI: 'Daily Installments',
};

const TYPE_OPTIONS = APOLLO_LOAN_TYPES.map((t) => option(`${t} — ${LOAN_TYPE_NAMES[t]}`, t));

function modal(callbackId: string, metadata: unknown, blocks: KnownBlock[], submit?: string, close = 'Cancel'): ModalView {
  return modalView({ callbackId, title: 'Update in Apollo', metadata, blocks, submit, close });
}

export const typeOf = (input: ApolloInput): ApolloLoanType | undefined => {
  const value = (input.loan_type ?? '').trim().toUpperCase();
  return isApolloLoanType(value) ? value : undefined;
};

export const firstDateLabel = (type: ApolloLoanType | undefined): string => (type === 'EDI' ? 'First installment date' : 'First EMI date');

const dateInput = (blockId: 'disbursement_date' | 'first_date', label: string, hint: string, initial: string | undefined): KnownBlock =>
  inputBlock(blockId, label, dateElement(blockId, initial), { hint });

type TextField = 'loan_tenure_in_days' | 'previous_tenure_in_days' | 'partner_computed_emi_amount' | 'partner_computed_interest_amount';

const textInput = (blockId: TextField, label: string, opts: { hint: string; initial: string | undefined; optional: boolean; placeholder: string }): KnownBlock =>
  inputBlock(blockId, label, textElement(blockId, { initial: opts.initial, placeholder: opts.placeholder, max: 20 }), { optional: opts.optional, hint: opts.hint });

function firstDateHint(type: ApolloLoanType | undefined): string {
  if (type === 'EDI') return 'The first daily installment; after the disbursement date. Sent as DD/MM/YYYY.';
  if (type === 'CL' || type === 'CL_2') return 'After the disbursement date (Apollo’s 25-day rule is for PL and ML loans). Sent as DD/MM/YYYY.';
  return `PL and ML: at least ${APOLLO_MIN_FIRST_EMI_GAP_DAYS} days after the disbursement date (Apollo asks for 25–30 days). Sent as DD/MM/YYYY.`;
}

export function apolloFormView(origin: ApolloOrigin, input: ApolloInput = {}): ModalView {
  const type = typeOf(input);
  const blocks: KnownBlock[] = [
    section(`Update loan *${escapeMrkdwn(origin.loanId)}* in Apollo Finvest`),
    context('Apollo accepts changes only within 3 days of the loan’s creation, while it is in Document Check Pending; it tells us if it is too late.'),
    inputBlock('loan_type', 'Loan type', selectElement(APOLLO_ACTIONS.loanType, TYPE_OPTIONS, { initial: type, placeholder: 'Choose the loan type…' }), {
      dispatchAction: true,
      hint: 'As the loan was created in Apollo. The fields below follow the type.',
    }),
    dateInput('disbursement_date', 'Disbursement date', 'When the money is actually paid out. Sent as DD/MM/YYYY.', input.disbursement_date),
    dateInput('first_date', firstDateLabel(type), firstDateHint(type), input.first_date),
  ];
  if (type === 'ML') {
    const amountHint = 'Required when the tenure changes (with the other amount). In ₹, e.g. 3650 or 3,650.50';
    blocks.push(
      textInput('loan_tenure_in_days', 'Loan tenure in days', { hint: 'ML loans: the first EMI date follows from the disbursement date and this tenure.', initial: input.loan_tenure_in_days, optional: false, placeholder: 'e.g. 90' }),
      textInput('previous_tenure_in_days', 'Current tenure in days', {
        hint: 'The tenure Apollo has now, so loanbot can tell whether it changes (Apollo has no way to look it up). Empty: loanbot cannot check.',
        initial: input.previous_tenure_in_days,
        optional: true,
        placeholder: 'e.g. 90',
      }),
      textInput('partner_computed_emi_amount', 'Partner computed EMI amount', { hint: amountHint, initial: input.partner_computed_emi_amount, optional: true, placeholder: 'e.g. 3650' }),
      textInput('partner_computed_interest_amount', 'Partner computed interest amount', { hint: amountHint, initial: input.partner_computed_interest_amount, optional: true, placeholder: 'e.g. 950' }),
    );
  }
  if (origin.prefilledFrom) blocks.push(context(`Filled in from loanbot’s last update Apollo accepted for this loan (${escapeMrkdwn(origin.prefilledFrom)}).`));
  if (origin.replaces) blocks.push(context(editRetryNote(origin.replaces)));
  return modal(APOLLO_CALLBACKS.form, origin, blocks, 'Review');
}

/** The body as the review shows it: one line per field, labelled in Apollo's words, dates and amounts as people read them. */
export function bodyFields(body: ApolloUpdateBody, gapDays: number): Array<{ label: string; value: string }> {
  const fields = [{ label: 'Loan type', value: `${body.loan_type} — ${LOAN_TYPE_NAMES[body.loan_type]}` }];
  const day = (value: string) => displayDate(value) ?? value;
  fields.push({ label: 'Disbursement date', value: day(body.loan_information.disbursement_date) });
  const after = `(${gapDays} day${gapDays === 1 ? '' : 's'} after disbursement)`;
  if (body.loan_type === 'EDI') {
    fields.push({ label: 'First installment date', value: `${day(body.loan_information.first_installment_date)} ${after}` });
    return fields;
  }
  fields.push({ label: 'First EMI date', value: `${day(body.loan_information.first_emi_date)} ${after}` });
  if (body.loan_type === 'ML') {
    const info = body.loan_information;
    fields.push({ label: 'Loan tenure in days', value: info.loan_tenure_in_days });
    const rupees = (value: string) => (Number.isFinite(Number(value)) && value.trim() !== '' ? formatInr(Number(value)) : value);
    if (info.partner_computed_emi_amount) fields.push({ label: 'Partner computed EMI amount', value: rupees(info.partner_computed_emi_amount) });
    if (info.partner_computed_interest_amount) fields.push({ label: 'Partner computed interest amount', value: rupees(info.partner_computed_interest_amount) });
  }
  return fields;
}

export function apolloReviewView(state: ApolloReviewState, body: ApolloUpdateBody, gapDays: number): ModalView {
  const loanId = escapeMrkdwn(state.form.loanId);
  const blocks: KnownBlock[] = [section(`You are about to update loan *${loanId}* in Apollo Finvest:`), ...fieldSections(bodyFields(body, gapDays))];
  if (body.loan_type === 'ML' && !body.loan_information.partner_computed_emi_amount) {
    const unknown = !(state.input.previous_tenure_in_days ?? '').trim();
    blocks.push(
      context(
        unknown
          ? ':warning: Sent as “no change in tenure” (no EMI or interest amounts). If the tenure does change, Apollo will refuse it: go back and enter both amounts.'
          : 'The tenure is unchanged, so no EMI or interest amounts are sent (the docs’ “no change in tenure” body).',
      ),
    );
  }
  blocks.push(reviewEditActions(APOLLO_ACTIONS.edit));
  blocks.push(context('Once confirmed, this goes to Apollo. If Apollo refuses it (too late, wrong stage), you will see why here and in the channel.'));
  return modal(APOLLO_CALLBACKS.review, state, blocks, 'Confirm', 'Cancel');
}

export function apolloStatusView(origin: ApolloOrigin, mrkdwn: string): ModalView {
  return modal(APOLLO_CALLBACKS.status, origin, [section(mrkdwn)], undefined, 'Close');
}
