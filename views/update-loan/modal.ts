/**
 * The Update loan modal: loading → form (pre-filled; for a credit line, a Transaction picker first) →
 * review (old → new, masked) → sending → done. Labels are the lender's words (Add Loan table); action ids
 * are the Credgenics keys. For a credit line, the transaction's own fields carry the transaction id in
 * their block id, so Slack shows the newly picked transaction's values instead of keeping the old ones.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import {
  LANGUAGES,
  LOAN_UPDATE_LABELS,
  TRANSACTION_FIELDS,
  type LoanUpdateField,
  type LoanUpdateInput,
  type LoanUpdateLine,
  type LoanUpdateOriginal,
} from '../../src/domain/loan-update.ts';
import type { LoanKind } from '../../src/domain/loan.ts';
import { actions, button, context, escapeMrkdwn, fieldSections, section } from '../shared/blocks.ts';
import { editRetryNote } from '../words/edit-retry.ts';
import { CHOOSE, dateElement, inputBlock, modalView, option, reviewEditActions, selectElement, textElement } from '../shared/modal-parts.ts';

export const UPDATE_LOAN_CALLBACKS = {
  loading: 'update_loan_loading',
  form: 'update_loan_form',
  review: 'update_loan_review',
  status: 'update_loan_status',
} as const;

export const UPDATE_LOAN_ACTIONS = { transaction: 'update_loan_transaction', edit: 'update_loan_review_edit', showCurrent: 'update_loan_show_current' } as const;
export const TRANSACTION_BLOCK = 'transaction';

/** Where the update was started, carried in private_metadata through every step. */
export interface UpdateLoanOrigin {
  loanId: string;
  channelId: string;
  threadTs?: string | undefined;
  sourceTs?: string | undefined;
  /** Edit & retry: the rejected outbox write this update replaces (checked at Confirm). */
  replaces?: string | undefined;
}

export interface UpdateLoanFormContext extends UpdateLoanOrigin {
  kind: LoanKind;
  applicantName?: string | undefined;
  clientCustomerId?: string | undefined;
  /** The transaction being edited (the loan itself for lending). */
  transactionId: string;
  /** As a form carries it (originalForForm): no phone, email or street, nothing long. */
  original: LoanUpdateOriginal;
}

export interface UpdateLoanReviewState {
  form: UpdateLoanFormContext;
  /** What the person typed, so Edit brings it back and Confirm checks it once more. */
  input: LoanUpdateInput;
}

const LANGUAGE_OPTIONS = LANGUAGES.map(([code, name]) => option(`${name} (${code})`, code));

function modal(callbackId: string, metadata: unknown, blocks: KnownBlock[], submit?: string, close = 'Cancel'): ModalView {
  return modalView({ callbackId, title: 'Update loan', metadata, blocks, submit, close });
}

/** The block id of a field in this form (action ids are always the field name). */
export function fieldBlockId(ctx: Pick<UpdateLoanFormContext, 'kind' | 'transactionId'>, field: LoanUpdateField): string {
  return ctx.kind === 'credit_line' && TRANSACTION_FIELDS.includes(field) ? `${field}.${ctx.transactionId}` : field;
}

export function updateLoanLoadingView(origin: UpdateLoanOrigin): ModalView {
  return modal(UPDATE_LOAN_CALLBACKS.loading, { loanId: origin.loanId, channelId: origin.channelId, threadTs: origin.threadTs, sourceTs: origin.sourceTs }, [
    section(`:hourglass_flowing_sand: Loading loan *${escapeMrkdwn(origin.loanId)}* from Credgenics…`),
    context('The form appears here in a moment; you can close this and try again if it takes too long.'),
  ]);
}

export function updateLoanStatusView(origin: UpdateLoanOrigin, mrkdwn: string): ModalView {
  const where = { loanId: origin.loanId, channelId: origin.channelId, threadTs: origin.threadTs, sourceTs: origin.sourceTs };
  return modal(UPDATE_LOAN_CALLBACKS.status, where, [section(mrkdwn)], undefined, 'Close');
}

export function updateLoanErrorView(origin: UpdateLoanOrigin, message: string): ModalView {
  return updateLoanStatusView(origin, `:warning: ${escapeMrkdwn(message)}`);
}

type FieldOptions = { hint?: string; placeholder?: string; max?: number; multiline?: boolean };

/** Every field is optional (only what changes is sent); its action id is the field name, its block id fieldBlockId's. */
function field(ctx: UpdateLoanFormContext, name: LoanUpdateField, initial: LoanUpdateInput, opts: FieldOptions = {}): KnownBlock {
  const value = initial[name] ?? '';
  const hidden = ctx.original.hidden?.[name];
  if (hidden) {
    // The current value is not in the form: it starts empty, and empty keeps it.
    opts = { ...opts, placeholder: `Now ${hidden.shown}: leave empty to keep`.slice(0, 150), hint: opts.hint ? `${opts.hint}. Empty keeps the current value` : 'Empty keeps the current value' };
  }
  const element =
    name === 'loan_end_date'
      ? dateElement(name, value)
      : name === 'applicant_language'
        ? selectElement(name, LANGUAGE_OPTIONS, { initial: value, placeholder: CHOOSE })
        : textElement(name, { initial: value, placeholder: opts.placeholder, multiline: opts.multiline, max: opts.max ?? 20 });
  return inputBlock(fieldBlockId(ctx, name), LOAN_UPDATE_LABELS[name], element, { optional: true, hint: opts.hint });
}

const MONEY = 'In whole ₹; commas are fine, e.g. 45,000';

export function updateLoanFormView(ctx: UpdateLoanFormContext, transactionIds: readonly string[], initial: LoanUpdateInput = ctx.original.values, extraNotes: string[] = []): ModalView {
  const creditLine = ctx.kind === 'credit_line';
  const who = `${ctx.applicantName ? ` · ${escapeMrkdwn(ctx.applicantName)}` : ''}${creditLine ? ` · credit line, customer ${escapeMrkdwn(ctx.clientCustomerId ?? '?')}` : ''}`;
  const blocks: KnownBlock[] = [section(`Loan *${escapeMrkdwn(ctx.loanId)}*${who}`)];
  if (creditLine) {
    const options = transactionIds.map((id) => option(`Transaction ${id}`, id));
    // No placeholder: it starts on the transaction being edited.
    blocks.push(
      inputBlock(TRANSACTION_BLOCK, 'Transaction', selectElement(UPDATE_LOAN_ACTIONS.transaction, options, { initial: ctx.transactionId }), {
        dispatchAction: true,
        hint: 'Picking another transaction fills the form in from it',
      }),
    );
  }
  blocks.push(
    section(creditLine ? `*Applicant* (customer ${escapeMrkdwn(ctx.clientCustomerId ?? '?')}: applies to all of their transactions)` : '*Applicant*'),
    actions('show_current', [button('Show current details', UPDATE_LOAN_ACTIONS.showCurrent, ctx.loanId)]),
    context('Phone, email and address are masked here. *Show current details* shows them in full, only to you, and is recorded in the audit trail.'),
    field(ctx, 'applicant_contact_number', initial, { hint: '10-digit mobile; +91 is fine', placeholder: 'e.g. 9805265926' }),
    field(ctx, 'applicant_email', initial, { max: 100, placeholder: 'name@example.com' }),
    field(ctx, 'applicant_address_text', initial, { max: 300, multiline: true, hint: 'Address, state, city and pincode are sent together' }),
    field(ctx, 'applicant_state', initial, { max: 60 }),
    field(ctx, 'applicant_city', initial, { max: 60 }),
    field(ctx, 'applicant_pincode', initial, { max: 6, placeholder: 'e.g. 342001' }),
    field(ctx, 'applicant_monthly_income', initial, { hint: MONEY }),
    field(ctx, 'applicant_occupation', initial, { max: 100 }),
    field(ctx, 'applicant_language', initial),
    section(creditLine ? `*Transaction ${escapeMrkdwn(ctx.transactionId)}*` : '*Loan*'),
    field(ctx, 'emi_amount', initial, { hint: MONEY }),
    field(ctx, 'total_loan_amount', initial, { hint: MONEY }),
    field(ctx, 'loan_end_date', initial),
  );
  if (ctx.original.allocationMonth) {
    blocks.push(
      section(`*Current default* · allocation month ${escapeMrkdwn(ctx.original.allocationMonth)}`),
      field(ctx, 'settlement_amount', initial, { hint: MONEY }),
      field(ctx, 'late_fee', initial, { hint: `${MONEY}; 0 for none` }),
    );
  }
  const notes = ['Change only what is wrong: only the fields you change are sent to Credgenics.', ...extraNotes];
  if (ctx.replaces) notes.unshift(editRetryNote(ctx.replaces));
  if (ctx.original.addressCount > 1) notes.push(`:warning: Credgenics holds ${ctx.original.addressCount} addresses; saving a new address replaces them with this one.`);
  blocks.push(context(...notes));
  return modal(UPDATE_LOAN_CALLBACKS.form, ctx, blocks, 'Review');
}

export function updateLoanReviewView(state: UpdateLoanReviewState, lines: LoanUpdateLine[]): ModalView {
  const ctx = state.form;
  const what =
    ctx.kind === 'credit_line'
      ? `transaction *${escapeMrkdwn(ctx.transactionId)}* of customer *${escapeMrkdwn(ctx.clientCustomerId ?? '?')}*`
      : `loan *${escapeMrkdwn(ctx.loanId)}*`;
  const blocks: KnownBlock[] = [section(`You are about to update ${what} in Credgenics:`)];
  const change = (l: LoanUpdateLine) => (l.from !== undefined ? `${l.from} → ${l.to}` : l.personal ? l.to : `(none) → ${l.to}`);
  blocks.push(...fieldSections(lines.map((l) => ({ label: l.label, value: change(l) }))));
  const customerLines = lines.filter((l) => !(TRANSACTION_FIELDS as readonly string[]).includes(l.field));
  if (ctx.kind === 'credit_line' && customerLines.length > 0) {
    blocks.push(context(`${customerLines.map((l) => l.label).join(', ')}: the customer's, so this changes them for all of their transactions.`));
  }
  if (ctx.original.addressCount > 1 && lines.some((l) => l.field === 'applicant_address')) {
    blocks.push(context(`:warning: Credgenics holds ${ctx.original.addressCount} addresses for this loan: they are replaced by this one.`));
  }
  blocks.push(reviewEditActions(UPDATE_LOAN_ACTIONS.edit));
  blocks.push(context('Personal details are masked here. Only these fields are sent; once confirmed, the change goes to Credgenics.'));
  return modal(UPDATE_LOAN_CALLBACKS.review, state, blocks, 'Confirm', 'Cancel');
}
