/**
 * Add loan's steps: the credit-line choice re-renders the form; More details… pushes page 2, whose Save
 * writes back into page 1 and closes page 2 only. The form is checked inline, a review step shows the loan
 * (PII masked, money in ₹), and Confirm records the Add Loan exactly once before it is sent
 * (src/usecases/add-loan.ts).
 */
import { ADD_LOAN_LABELS, MORE_FIELDS, PAGE_ONE_FIELDS, validateAddLoan, validateMoreDetails, type AddLoanErrors, type AddLoanField, type AddLoanInput } from '../../src/domain/add-loan.ts';
import { todayIn } from '../../src/domain/dates.ts';
import type { LoanKind } from '../../src/domain/loan.ts';
import { formatInr } from '../../src/domain/money.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener, RadioListener, SubmitListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { confirmAddLoan } from '../../src/usecases/add-loan.ts';
import { checkReplaceable } from '../../src/usecases/replace-write.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { ackConfirmation } from '../shared/confirm-write.ts';
import { backToForm } from '../shared/review-edit.ts';
import { readViewValues, type ViewWithState } from '../shared/view-values.ts';
import { addLoanReplaceRefusal } from '../words/edit-retry.ts';
import { addLoanStateSchema } from './metadata.ts';
import { ADD_LOAN_ACTIONS, addLoanFormView, addLoanMoreView, addLoanReviewView, addLoanStatusView, packValues, unpackValues, type AddLoanState } from './modal.ts';

function stateOf(privateMetadata: string): AddLoanState {
  return readMetadata(privateMetadata, addLoanStateSchema);
}

/** The state with what the view currently shows: typed values win (an emptied input is empty); inputs not shown keep theirs. */
function withTyped(state: AddLoanState, view: ViewWithState, fields: readonly AddLoanField[]): AddLoanState {
  const shown = view.state?.values ?? {};
  const typed = readViewValues(view, [...fields, ADD_LOAN_ACTIONS.kind]);
  const values: AddLoanInput = unpackValues(state.v);
  for (const field of fields) if (shown[field]) values[field] = typed[field];
  const picked = typed[ADD_LOAN_ACTIONS.kind];
  const kind: LoanKind = picked === 'credit_line' || picked === 'lending' ? picked : state.kind;
  return { channelId: state.channelId, kind, v: packValues(values), rootViewId: state.rootViewId, replaces: state.replaces };
}

/** Errors on page 1's blocks. Page 2's values were checked when saved; should one fail now, say so on the first block. */
function pageOneErrors(errors: AddLoanErrors, kind: LoanKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of PAGE_ONE_FIELDS) {
    const message = errors[field];
    if (message && (field !== 'client_customer_id' || kind === 'credit_line')) out[field] = message;
  }
  const more = MORE_FIELDS.flatMap((f) => (errors[f] ? [`${ADD_LOAN_LABELS[f]}: ${errors[f]}`] : []));
  if (more.length > 0) out['loan_id'] = `More details… needs a fix (${more.join('; ')})`;
  return out;
}

const today = (deps: Services) => todayIn(deps.now(), deps.config.timeZone);

/** Lending or credit line picked: the form again, for that kind. */
export function pickLoanKind(deps: Services): RadioListener {
  return async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state = withTyped(stateOf(body.view.private_metadata), body.view as ViewWithState, PAGE_ONE_FIELDS);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: addLoanFormView(state) }).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not switch the Add loan form between lending and credit line');
    });
  };
}

/** *More details…*: page 2, pushed on top of page 1. */
export function openMoreDetails(): ButtonListener {
  return async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state = withTyped(stateOf(body.view.private_metadata), body.view as ViewWithState, PAGE_ONE_FIELDS);
    await client.views.push({ trigger_id: body.trigger_id, view: addLoanMoreView({ ...state, rootViewId: body.view.id }) });
  };
}

/** Page 2's Save: checked, written back into page 1, and page 2 closed. */
export function saveMoreDetails(deps: Services): SubmitListener {
  return async ({ ack, view, body, client, context }) => {
    const state = withTyped(stateOf(view.private_metadata), view as ViewWithState, MORE_FIELDS);
    const errors = validateMoreDetails(unpackValues(state.v), today(deps));
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors: errors as Record<string, string> });
      return;
    }
    // Page 1 keeps the saved values in its private_metadata (re-rendered with the same block ids, so
    // what was typed there stays); then an empty ack closes this page only.
    const rootViewId = state.rootViewId ?? view.previous_view_id ?? view.root_view_id;
    try {
      if (!rootViewId) throw new Error('no page 1 to save to');
      await client.views.update({ view_id: rootViewId, view: addLoanFormView({ ...state, rootViewId: undefined }) });
    } catch (error) {
      requestLogger(deps.logger, body, context).warn({ err: error }, 'could not save the Add loan details to page 1');
      await ack({ response_action: 'errors', errors: { [MORE_FIELDS[0]]: 'Could not save these details to the form: press Save again' } });
      return;
    }
    await ack();
  };
}

/** The form submitted: checked inline (an Edit & retry's loan id too), then the review. */
export function reviewAddLoan(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const state = withTyped(stateOf(view.private_metadata), view as ViewWithState, PAGE_ONE_FIELDS);
    const checked = validateAddLoan(unpackValues(state.v), state.kind, today(deps));
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: pageOneErrors(checked.errors, state.kind) });
      return;
    }
    if (state.replaces) {
      // Said here, on the field, rather than after Confirm: an Edit & retry adds the loan id it corrects.
      const check = await checkReplaceable(deps, state.replaces, { operation: 'add_loan', loanId: checked.draft.loanId, by: body.user.id });
      if (!check.ok) {
        await ack({ response_action: 'errors', errors: { loan_id: addLoanReplaceRefusal(check.refusal) } });
        return;
      }
    }
    requestLogger(deps.logger, body, context).info({ loanId: checked.draft.loanId, kind: state.kind }, 'add loan reviewed');
    await ack({ response_action: 'update', view: addLoanReviewView(state, checked.draft) });
  };
}

/** *Edit* on the review: the form again, with what was typed. */
export function editAddLoan(): ButtonListener {
  return backToForm(addLoanStateSchema, (state: AddLoanState) => addLoanFormView(state));
}

/** Confirm on the review: checked once more, then recorded once. */
export function confirmAddLoanReview(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const log = requestLogger(deps.logger, body, context);
    const state = stateOf(view.private_metadata);
    const checked = validateAddLoan(unpackValues(state.v), state.kind, today(deps));
    if (!checked.ok) {
      await ack({ response_action: 'update', view: addLoanFormView(state) });
      return;
    }
    const { draft } = checked;
    const result = await confirmAddLoan(deps, { draft, place: { channelId: state.channelId, viewId: view.id }, by: body.user.id, key: `add_loan:${view.id}`, replaces: state.replaces });
    await ackConfirmation(result, {
      ack,
      log,
      statusView: (text) => addLoanStatusView(state.channelId, text),
      already: (write) => `Loan *${escapeMrkdwn(draft.loanId)}* is already ${write.state === 'confirmed' ? 'added' : 'being added'}`,
      sending: `Adding loan *${escapeMrkdwn(draft.loanId)}* (${formatInr(draft.totalLoanAmount)}) to Credgenics…`,
      noun: 'This loan',
      replaces: state.replaces,
    });
  };
}
