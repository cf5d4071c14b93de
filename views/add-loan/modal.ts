/**
 * The Add loan modal: page 1 (the keys the Credgenics docs mark required, grouped loan · applicant ·
 * address · current default) → page 2 pushed on top (optional details) → review → status.
 * Labels are the docs' own words; block ids are the docs' key names.
 */
import { displayDate } from '../../src/domain/dates.ts';
import type { KnownBlock, ModalView } from '@slack/types';
import {
  ADD_LOAN_FIELDS, ADD_LOAN_LABELS, ADDRESS_FIELDS, ADDRESS_TYPES, DEFAULT_FIELDS, LANGUAGES, MORE_FIELDS, SECURITY_TYPES,
  type AddLoanDraft, type AddLoanField, type AddLoanInput, type MoreField,
} from '../../src/domain/add-loan.ts';
import type { LoanKind } from '../../src/domain/loan.ts';
import { maskAadhaar, maskDob, maskEmail, maskPan, maskPhone } from '../../src/domain/masking.ts';
import { formatInr } from '../../src/domain/money.ts';
import { actions, button, context, divider, escapeMrkdwn, fieldSections, header, section } from '../shared/blocks.ts';
import { editRetryNote } from '../words/edit-retry.ts';
import { CHOOSE, dateElement, inputBlock, modalView, option, selectElement, textElement } from '../shared/modal-parts.ts';

export const ADD_LOAN_CALLBACKS = { form: 'add_loan_form', more: 'add_loan_more', review: 'add_loan_review', status: 'add_loan_status' } as const;
/** All start with add_loan: the authorize middleware asks for a supervisor. */
export const ADD_LOAN_ACTIONS = { kind: 'add_loan_kind', more: 'add_loan_more_details', edit: 'add_loan_review_edit' } as const;

/**
 * Carried in private_metadata through every step. `v` holds what was typed, in ADD_LOAN_FIELDS order,
 * without keys: 38 fields with their key names would come close to Slack's 3,000-character limit.
 */
export interface AddLoanState {
  channelId: string;
  kind: LoanKind;
  v: string[];
  /** Page 2 only: the page 1 view that Save writes back to. */
  rootViewId?: string | undefined;
  /** Edit & retry: the rejected outbox write this loan replaces (checked at Confirm). */
  replaces?: string | undefined;
}

export function packValues(values: AddLoanInput): string[] {
  const packed = ADD_LOAN_FIELDS.map((field) => values[field] ?? '');
  while (packed.length > 0 && packed[packed.length - 1] === '') packed.pop();
  return packed;
}

export function unpackValues(v: readonly string[] | undefined): AddLoanInput {
  const out: AddLoanInput = {};
  ADD_LOAN_FIELDS.forEach((field, i) => {
    if (v?.[i]) out[field] = v[i];
  });
  return out;
}

interface FieldSpec {
  type?: 'multiline' | 'date';
  placeholder?: string;
  hint?: string;
  max?: number;
  options?: readonly (readonly [string, string])[];
}
const pairs = (values: readonly string[]) => values.map((v) => [v, v] as const);
const RUPEES: FieldSpec = { placeholder: 'Whole rupees, e.g. 45,000', max: 20 };
const SPECS: Partial<Record<AddLoanField, FieldSpec>> = {
  loan_id: { placeholder: 'e.g. 283921', hint: 'Letters, digits, - and _ (up to 50). A loan id that already exists in Credgenics is refused.', max: 50 },
  client_customer_id: { placeholder: 'e.g. 189004', hint: 'Required for a credit-line loan: an existing customer gets this loan as a new transaction.', max: 50 },
  loan_type: { placeholder: 'e.g. Personal Loan, Business Loan, Vehicle Loan', max: 50 },
  total_loan_amount: { placeholder: 'e.g. 50,000', hint: 'Whole rupees (Credgenics takes an integer)', max: 20 },
  applicant_name: { placeholder: 'e.g. Shri Ram', max: 100 },
  applicant_address_type: { options: pairs(ADDRESS_TYPES) },
  applicant_address_text: { type: 'multiline', max: 200 },
  applicant_state: { placeholder: 'e.g. Rajasthan', max: 50 },
  applicant_city: { placeholder: 'e.g. Jodhpur', max: 50 },
  applicant_pincode: { placeholder: 'e.g. 342001', hint: '6 digits', max: 10 },
  date_of_default: { type: 'date' },
  default_emi_number: { placeholder: 'e.g. 12', max: 4 },
  applicant_contact_number: { placeholder: 'e.g. 9805265926', hint: '10 digits', max: 16 },
  applicant_email: { placeholder: 'e.g. name@example.com', max: 100 },
  applicant_gender: { placeholder: 'e.g. Male', max: 20 },
  applicant_dob: { type: 'date' },
  applicant_monthly_income: { ...RUPEES, placeholder: 'Whole rupees, e.g. 40,000' },
  applicant_occupation: { placeholder: 'e.g. Job', max: 50 },
  applicant_language: { options: LANGUAGES.map(([code, name]) => [code, `${name} (${code})`] as const) },
  applicant_pan_number: { placeholder: 'e.g. ABCDE1234F', max: 12 },
  applicant_aadhar_number: { placeholder: '12 digits', max: 14 },
  emi_amount: { ...RUPEES, placeholder: 'Whole rupees, e.g. 6,000' },
  loan_tenure: { placeholder: 'e.g. 12', hint: 'In months', max: 3 },
  client_loan_sanction_date: { type: 'date' },
  loan_end_date: { type: 'date' },
  interest_on_loan: { placeholder: 'e.g. 18', hint: 'In per cent', max: 6 },
  security_type: { options: pairs(SECURITY_TYPES) },
  loan_nbfc_name: { placeholder: 'e.g. AKARA CAPITAL ADVISORS PVT. LTD.', max: 100 },
  product_type: { placeholder: 'e.g. 4-wheeler loan, Term Loan', max: 50 },
};

const pairOption = ([value, text]: readonly [string, string]) => option(text, value);

function input(field: AddLoanField, initial: string | undefined, optional: boolean): KnownBlock {
  const spec = SPECS[field] ?? RUPEES;
  const element =
    spec.type === 'date'
      ? dateElement(field, initial)
      : spec.options
        ? selectElement(field, spec.options.map(pairOption), { initial, placeholder: CHOOSE })
        : textElement(field, { initial, placeholder: spec.placeholder, max: spec.max, multiline: spec.type === 'multiline' });
  return inputBlock(field, ADD_LOAN_LABELS[field], element, { optional, hint: spec.hint });
}

function modal(callbackId: string, title: string, metadata: unknown, blocks: KnownBlock[], submit?: string, close = 'Cancel'): ModalView {
  return modalView({ callbackId, title, metadata, blocks, submit, close });
}

const KINDS: Array<readonly [LoanKind, string]> = [['lending', 'Lending loan'], ['credit_line', 'Credit line']];

/** Page 1. Re-rendered (same block ids, so typed values stay) when the credit-line choice changes or page 2 saves. */
export function addLoanFormView(state: AddLoanState): ModalView {
  const values = unpackValues(state.v);
  const field = (f: AddLoanField, optional = false) => input(f, values[f] ?? undefined, optional);
  const kindOptions = KINDS.map(pairOption);
  const saved = MORE_FIELDS.filter((f) => values[f]).map((f) => ADD_LOAN_LABELS[f]);
  const blocks: KnownBlock[] = [
    context('Adds a *new* loan in Credgenics (Add Loan). These are the fields the Credgenics docs require; the optional ones are under *More details…*'),
    ...(state.replaces ? [context(editRetryNote(state.replaces))] : []),
    header('Loan'),
    inputBlock(
      ADD_LOAN_ACTIONS.kind,
      'Lending or credit line',
      { type: 'radio_buttons', action_id: ADD_LOAN_ACTIONS.kind, options: kindOptions, initial_option: kindOptions[state.kind === 'credit_line' ? 1 : 0] },
      { dispatchAction: true },
    ),
    field('loan_id'),
    ...(state.kind === 'credit_line' ? [field('client_customer_id')] : []),
    field('loan_type'),
    field('total_loan_amount'),
    header('Applicant'),
    field('applicant_name'),
    header('Address'),
    ...ADDRESS_FIELDS.map((f) => field(f)),
    header('Current default'),
    // The docs mark every Default Key "Required: True" with "Default: None": Credgenics takes null for each,
    // so these inputs may be left empty and an empty one is sent as null.
    context('Credgenics needs these keys but takes them empty: leave one empty if it is not known and it is sent as null. Amounts in whole rupees.'),
    ...DEFAULT_FIELDS.map((f) => field(f, true)),
    divider(),
    section(saved.length > 0 ? `*More details* (optional): ${saved.length} saved (${escapeMrkdwn(saved.join(', '))}).` : '*More details* (optional): contact, identity, EMI and tenure, security, NBFC.'),
    actions('add_loan_more_block', [button('More details…', ADD_LOAN_ACTIONS.more, 'more')]),
  ];
  return modal(ADD_LOAN_CALLBACKS.form, 'Add loan', { channelId: state.channelId, kind: state.kind, v: state.v, replaces: state.replaces }, blocks, 'Review');
}

/** Page 2, pushed on top of page 1. "Save" writes back to page 1 and closes this page only. */
export function addLoanMoreView(state: AddLoanState): ModalView {
  const values = unpackValues(state.v);
  const field = (f: MoreField) => input(f, values[f] ?? undefined, true);
  const applicant = MORE_FIELDS.slice(0, 9);
  const loan = MORE_FIELDS.slice(9);
  const blocks: KnownBlock[] = [
    context('All optional. Saved with the loan when you confirm it on the review step.'),
    header('Applicant'),
    ...applicant.map(field),
    header('Loan terms'),
    ...loan.map(field),
  ];
  return modal(ADD_LOAN_CALLBACKS.more, 'Add loan: more details', state, blocks, 'Save', 'Back');
}

const dash = (value: number | string | null | undefined) => (value === null || value === undefined ? '— (sent as null)' : String(value));
const money = (value: number | string | null | undefined) => (typeof value === 'number' ? formatInr(value) : dash(value));

function moreValue(field: MoreField, value: string | number): string {
  const text = String(value);
  switch (field) {
    case 'applicant_contact_number': return maskPhone(text) ?? '';
    case 'applicant_email': return maskEmail(text) ?? '';
    case 'applicant_dob': return maskDob(text) ?? '';
    case 'applicant_pan_number': return maskPan(text) ?? '';
    case 'applicant_aadhar_number': return maskAadhaar(text) ?? '';
    case 'applicant_monthly_income':
    case 'emi_amount': return money(value);
    case 'loan_tenure': return `${text} months`;
    case 'interest_on_loan': return `${text}%`;
    case 'applicant_language': return LANGUAGES.find(([code]) => code === text)?.[1] ?? text;
    default: return /_date$/.test(field) ? (displayDate(text) ?? text) : text;
  }
}

/** What the review shows: money in ₹, contact and identity details masked. */
export function addLoanReviewFields(draft: AddLoanDraft): Array<{ label: string; value: string }> {
  const a = draft.address;
  const fields = [
    { label: 'Loan id', value: draft.loanId },
    { label: 'Kind', value: draft.kind === 'credit_line' ? 'Credit line' : 'Lending loan' },
    ...(draft.clientCustomerId ? [{ label: 'Client customer ID', value: draft.clientCustomerId }] : []),
    { label: 'Loan type', value: draft.loanType },
    { label: 'Total loan amount', value: formatInr(draft.totalLoanAmount) },
    { label: 'Applicant name', value: draft.applicantName },
    // The street is personal: city, state and a masked pincode tell enough (as the loan summary shows it).
    { label: `Address (${a.applicant_address_type})`, value: `${a.applicant_city}, ${a.applicant_state}, ${String(a.applicant_pincode).replace(/\d{3}$/, 'XXX')} (street not shown)` },
  ];
  for (const key of DEFAULT_FIELDS) {
    const value = draft.defaults[key];
    const shown = key === 'date_of_default' ? (typeof value === 'string' ? (displayDate(value) ?? value) : dash(value)) : key === 'default_emi_number' ? dash(value) : money(value);
    fields.push({ label: ADD_LOAN_LABELS[key], value: shown });
  }
  for (const key of MORE_FIELDS) {
    const value = draft.more[key];
    if (value !== undefined) fields.push({ label: ADD_LOAN_LABELS[key], value: moreValue(key, value) });
  }
  return fields;
}

export function addLoanReviewView(state: AddLoanState, draft: AddLoanDraft): ModalView {
  const kind = draft.kind === 'credit_line' ? `a credit-line loan for customer *${escapeMrkdwn(draft.clientCustomerId ?? '')}*` : 'a lending loan';
  const blocks: KnownBlock[] = [
    section(`You are about to add ${kind}, *${escapeMrkdwn(draft.loanId)}* (${formatInr(draft.totalLoanAmount)}), in Credgenics:`),
    ...fieldSections(addLoanReviewFields(draft)),
    actions('add_loan_review_actions', [button('Edit', ADD_LOAN_ACTIONS.edit, 'edit')]),
    context('Contact and identity details are masked here. Once confirmed, the loan is sent to Credgenics; a loan id that already exists is refused, never overwritten.'),
  ];
  return modal(ADD_LOAN_CALLBACKS.review, 'Add loan', { channelId: state.channelId, kind: state.kind, v: state.v, replaces: state.replaces }, blocks, 'Confirm');
}

export function addLoanStatusView(channelId: string, mrkdwn: string): ModalView {
  return modal(ADD_LOAN_CALLBACKS.status, 'Add loan', { channelId }, [section(mrkdwn)], undefined, 'Close');
}
