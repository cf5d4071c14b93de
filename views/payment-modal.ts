/**
 * The Record payment modal: loading → form → review (→ duplicate warning) → sending → done.
 * Labels are Credgenics' own words (Update Payment API). Block ids are the PaymentField names.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { labelYearMonth, parseAllocationMonth } from '../src/domain/allocation-month.ts';
import { CLOSURE_WITH, FINAL_STATUSES, PAYMENT_METHODS, RECOVERY_METHODS, type PaymentDraft } from '../src/domain/payment.ts';
import type { LoanKind } from '../src/domain/loan.ts';
import { formatInr } from '../src/domain/money.ts';
import { context, escapeMrkdwn, fieldSections, section } from './blocks.ts';

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

const title = { type: 'plain_text' as const, text: 'Record payment' };
const option = (text: string, value = text): PlainTextOption => ({ text: { type: 'plain_text', text }, value });
const select = (values: readonly string[]) => values.map((v) => option(v));

function modal(callbackId: string, metadata: unknown, blocks: KnownBlock[], submit?: string, close = 'Cancel'): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title,
    ...(submit ? { submit: { type: 'plain_text', text: submit } } : {}),
    close: { type: 'plain_text', text: close },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
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

function textInput(blockId: string, label: string, opts: { initial?: string | undefined; placeholder?: string; hint?: string; optional?: boolean; max?: number }): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(opts.hint ? { hint: { type: 'plain_text', text: opts.hint } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      ...(opts.initial ? { initial_value: opts.initial } : {}),
      ...(opts.placeholder ? { placeholder: { type: 'plain_text', text: opts.placeholder } } : {}),
      ...(opts.max ? { max_length: opts.max } : {}),
    },
  };
}

function selectInput(blockId: string, label: string, options: PlainTextOption[], opts: { initial?: string | undefined; hint?: string; optional?: boolean; placeholder?: string }): KnownBlock {
  const initial = options.find((o) => o.value === opts.initial);
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(opts.hint ? { hint: { type: 'plain_text', text: opts.hint } } : {}),
    element: {
      type: 'static_select',
      action_id: blockId,
      options,
      ...(initial ? { initial_option: initial } : {}),
      placeholder: { type: 'plain_text', text: opts.placeholder ?? 'Choose…' },
    },
  };
}

export function paymentFormView(ctx: PaymentFormContext, initial: Partial<PaymentDraft> = {}): ModalView {
  const months = ctx.allocationMonths.map((m) => {
    const parsed = parseAllocationMonth(m);
    return option(parsed ? `${labelYearMonth(parsed)} (${m})` : m, m);
  });
  const blocks: KnownBlock[] = [
    section(`Loan *${escapeMrkdwn(ctx.loanId)}*${ctx.applicantName ? ` · ${escapeMrkdwn(ctx.applicantName)}` : ''}${ctx.kind === 'credit_line' ? ' · credit line' : ''}`),
    textInput('amount', 'Amount recovered', {
      initial: initial.amount ? String(initial.amount) : undefined,
      placeholder: 'e.g. 34500',
      hint: 'In ₹. Digits, with commas and up to 2 decimals if you like: 34,500.50',
      max: 20,
    }),
    selectInput('final_status', 'Final status', select(FINAL_STATUSES), { initial: initial.finalStatus ?? 'Partially Recovered' }),
    selectInput('payment_method', 'Payment method', select(PAYMENT_METHODS), { initial: initial.paymentMethod }),
    {
      type: 'input',
      block_id: 'date_of_default',
      optional: true,
      label: { type: 'plain_text', text: 'Date of default' },
      hint: { type: 'plain_text', text: 'Required when the final status is Partially Recovered' },
      element: {
        type: 'datepicker',
        action_id: 'date_of_default',
        ...((initial.dateOfDefault ?? ctx.dateOfDefault) ? { initial_date: initial.dateOfDefault ?? ctx.dateOfDefault } : {}),
      },
    },
    selectInput('allocation_month', 'Allocation month', months, {
      initial: initial.allocationMonth ?? ctx.initialAllocationMonth,
      hint: 'The month the default was allocated (sent as e.g. 2021-2-01)',
    }),
    selectInput('recovery_method', 'Recovery method', select(RECOVERY_METHODS), { initial: initial.recoveryMethod, optional: true }),
    selectInput('closure_with', 'Closure with', select(CLOSURE_WITH), { initial: initial.closureWith, optional: true, hint: 'Only for a Closed loan' }),
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
    { label: 'Allocation month', value: draft.allocationMonth },
  ];
  if (draft.dateOfDefault) fields.push({ label: 'Date of default', value: draft.dateOfDefault });
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
  blocks.push({
    type: 'actions',
    block_id: 'review_actions',
    elements: [{ type: 'button', action_id: PAYMENT_ACTIONS.edit, text: { type: 'plain_text', text: 'Edit' }, value: 'edit' }],
  });
  blocks.push(context('Check the amount: once confirmed, the payment is sent to Credgenics.'));
  return modal(PAYMENT_CALLBACKS.review, state, blocks, state.duplicateOf ? 'Record anyway' : 'Confirm', 'Cancel');
}

export function paymentStatusView(origin: PaymentOrigin, mrkdwn: string): ModalView {
  return modal(PAYMENT_CALLBACKS.status, origin, [section(mrkdwn)], undefined, 'Close');
}
