/**
 * The Record payment modal: loading → form → review (→ duplicate warning) → sending → done.
 * Labels are Credgenics' own words (Update Payment API). Block ids are the PaymentField names.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { displayAllocationMonth } from '../../src/domain/allocation-month.ts';
import { displayDate } from '../../src/domain/dates.ts';
import { CLOSURE_WITH, FINAL_STATUSES, PAYMENT_METHODS, RECOVERY_METHODS, type PaymentDraft } from '../../src/domain/payment.ts';
import type { LoanKind } from '../../src/domain/loan.ts';
import { formatInr } from '../../src/domain/money.ts';
import { context, escapeMrkdwn, fieldSections, section } from '../shared/blocks.ts';
import { CHOOSE, dateElement, inputBlock, modalView, option, options, reviewEditActions, selectElement, textElement } from '../shared/modal-parts.ts';

export const PAYMENT_CALLBACKS = {
  loading: 'payment_loading',
  form: 'payment_form',
  review: 'payment_review',
  status: 'payment_status',
} as const;

export const PAYMENT_ACTIONS = { edit: 'payment_review_edit' } as const;

/** Where the payment was started, carried in private_metadata through every step. */
export interface PaymentOrigin {
  loanId: string;
  channelId: string;
  threadTs?: string | undefined;
  sourceTs?: string | undefined;
  responseUrl?: string | undefined;
  /** Edit & retry: the failed outbox write this payment replaces. */
  replaces?: string | undefined;
}

export interface PaymentFormContext extends PaymentOrigin {
  kind: LoanKind;
  applicantName?: string | undefined;
  clientCustomerId?: string | undefined;
  allocationMonths: string[];
  initialAllocationMonth?: string | undefined;
  dateOfDefault?: string | undefined;
}

export interface PaymentReviewState {
  form: PaymentFormContext;
  draft: PaymentDraft;
  /** Set when a payment with the same loan, amount and reference was recorded in the last 10 minutes. */
  duplicateOf?: { at: string; by: string } | undefined;
}

const TITLE = 'Record payment';

/** Said in the modal and (shorter) in the summary: Credgenics takes a payment only against a default's allocation month. */
export const NO_DEFAULT_TO_PAY = (loanId: string): string =>
  `Credgenics has no default recorded for loan ${loanId}, and it records a payment only against a default's allocation month, so there is nothing to record a payment against yet. Once Credgenics has the default, Record payment offers its month.`;

function modal(callbackId: string, metadata: unknown, blocks: KnownBlock[], submit?: string, close = 'Cancel'): ModalView {
  return modalView({ callbackId, title: TITLE, metadata, blocks, submit, close });
}

export function paymentLoadingView(origin: PaymentOrigin): ModalView {
  return modal(PAYMENT_CALLBACKS.loading, origin, [
    section(`:hourglass_flowing_sand: Loading loan *${escapeMrkdwn(origin.loanId)}* from Credgenics…`),
    context('The form appears here in a moment; you can close this and try again if it takes too long.'),
  ]);
}

export function paymentErrorView(origin: PaymentOrigin, message: string): ModalView {
  return modal(PAYMENT_CALLBACKS.status, origin, [section(`:warning: ${escapeMrkdwn(message)}`)], undefined, 'Close');
}

interface FieldOptions {
  initial?: string | undefined;
  hint?: string;
  optional?: boolean;
  placeholder?: string;
}

// Each input here sets `optional` to true or false explicitly; its action id is its block id.
const textInput = (blockId: string, label: string, opts: FieldOptions & { max?: number }): KnownBlock =>
  inputBlock(blockId, label, textElement(blockId, opts), { optional: opts.optional ?? false, hint: opts.hint });

const selectInput = (blockId: string, label: string, choices: PlainTextOption[], opts: FieldOptions): KnownBlock =>
  inputBlock(blockId, label, selectElement(blockId, choices, { initial: opts.initial, placeholder: opts.placeholder ?? CHOOSE }), { optional: opts.optional ?? false, hint: opts.hint });

export function paymentFormView(ctx: PaymentFormContext, initial: Partial<PaymentDraft> = {}): ModalView {
  const months = ctx.allocationMonths.map((m) => option(displayAllocationMonth(m), m));
  const blocks: KnownBlock[] = [
    section(`Loan *${escapeMrkdwn(ctx.loanId)}*${ctx.applicantName ? ` · ${escapeMrkdwn(ctx.applicantName)}` : ''}${ctx.kind === 'credit_line' ? ' · credit line' : ''}`),
    textInput('amount', 'Amount recovered', {
      initial: initial.amount ? String(initial.amount) : undefined,
      placeholder: 'e.g. 34500',
      hint: 'In ₹. Digits, with commas and up to 2 decimals if you like: 34,500.50',
      max: 20,
    }),
    selectInput('final_status', 'Final status', options(FINAL_STATUSES), { initial: initial.finalStatus ?? 'Partially Recovered' }),
    selectInput('payment_method', 'Payment method', options(PAYMENT_METHODS), { initial: initial.paymentMethod }),
    inputBlock('date_of_default', 'Date of default', dateElement('date_of_default', initial.dateOfDefault ?? ctx.dateOfDefault), {
      optional: true,
      hint: 'Required when the final status is Partially Recovered',
    }),
    selectInput('allocation_month', 'Allocation month', months, {
      initial: initial.allocationMonth ?? ctx.initialAllocationMonth,
      hint: 'The month of the default this payment is for',
    }),
    selectInput('recovery_method', 'Recovery method', options(RECOVERY_METHODS), { initial: initial.recoveryMethod, optional: true }),
    selectInput('closure_with', 'Closure with', options(CLOSURE_WITH), { initial: initial.closureWith, optional: true, hint: 'Only for a Closed loan' }),
    textInput('reference', 'Payment reference number', { initial: initial.reference, optional: true, placeholder: 'UTR, cheque or receipt number', max: 50 }),
    textInput('payment_mode', 'Payment mode', { initial: initial.paymentMode, optional: true, placeholder: 'e.g. UPI, NEFT', max: 50 }),
  ];
  if (ctx.kind === 'credit_line') {
    blocks.push(textInput('client_customer_id', 'Client customer ID', { initial: initial.clientCustomerId ?? ctx.clientCustomerId, hint: 'Required for credit-line loans', max: 50 }));
  }
  return modal(PAYMENT_CALLBACKS.form, ctx, blocks, 'Review');
}

export function paymentDraftFields(draft: PaymentDraft): Array<{ label: string; value: string }> {
  const fields = [
    { label: 'Loan', value: draft.loanId },
    { label: 'Amount recovered', value: formatInr(draft.amount) },
    { label: 'Final status', value: draft.finalStatus },
    { label: 'Payment method', value: draft.paymentMethod },
    { label: 'Allocation month', value: displayAllocationMonth(draft.allocationMonth) },
  ];
  if (draft.dateOfDefault) fields.push({ label: 'Date of default', value: displayDate(draft.dateOfDefault) ?? draft.dateOfDefault });
  if (draft.recoveryMethod) fields.push({ label: 'Recovery method', value: draft.recoveryMethod });
  if (draft.closureWith) fields.push({ label: 'Closure with', value: draft.closureWith });
  if (draft.reference) fields.push({ label: 'Payment reference number', value: draft.reference });
  if (draft.paymentMode) fields.push({ label: 'Payment mode', value: draft.paymentMode });
  if (draft.clientCustomerId) fields.push({ label: 'Client customer ID', value: draft.clientCustomerId });
  return fields;
}

export function paymentReviewView(state: PaymentReviewState): ModalView {
  const blocks: KnownBlock[] = [];
  if (state.duplicateOf) {
    blocks.push(
      section(
        `:warning: *This looks like a duplicate* of the payment recorded at ${escapeMrkdwn(state.duplicateOf.at)} by <@${state.duplicateOf.by}> (same loan, amount and reference). *Record anyway?*`,
      ),
    );
  }
  blocks.push(section(`You are about to record *${formatInr(state.draft.amount)}* on loan *${escapeMrkdwn(state.draft.loanId)}* in Credgenics:`));
  blocks.push(...fieldSections(paymentDraftFields(state.draft)));
  blocks.push(reviewEditActions(PAYMENT_ACTIONS.edit));
  blocks.push(context('Check the amount: once confirmed, the payment is sent to Credgenics.'));
  return modal(PAYMENT_CALLBACKS.review, state, blocks, state.duplicateOf ? 'Record anyway' : 'Confirm', 'Cancel');
}

export function paymentStatusView(origin: PaymentOrigin, mrkdwn: string): ModalView {
  return modal(PAYMENT_CALLBACKS.status, origin, [section(mrkdwn)], undefined, 'Close');
}
