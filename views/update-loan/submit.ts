/**
 * Update loan's steps: for a credit line another transaction picked re-renders the form, the form is checked
 * inline, a review shows old → new (masked), Edit goes back (the form built again from the loan), and
 * Confirm records the update exactly once before it is sent (src/usecases/update-loan.ts).
 */
import { LOAN_UPDATE_FIELDS, validateLoanUpdate, type LoanUpdateErrors, type LoanUpdateInput } from '../../src/domain/loan-update.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener, SelectListener, SubmitListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { confirmLoanUpdate, type LoanUpdateTarget } from '../../src/usecases/update-loan.ts';
import { valueDigest } from '../../src/usecases/value-digest.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { ackConfirmation } from '../shared/confirm-write.ts';
import { backToForm } from '../shared/review-edit.ts';
import { readViewValues, type ViewWithState } from '../shared/view-values.ts';
import { updateLoanFormSchema, updateLoanReviewSchema } from './metadata.ts';
import { TRANSACTION_BLOCK, fieldBlockId, updateLoanReviewView, updateLoanStatusView, type UpdateLoanFormContext, type UpdateLoanReviewState } from './modal.ts';
import { formFor } from './open.ts';

/** The typed values of the form, keyed by field (block ids may carry the transaction id). */
function formInput(view: ViewWithState, ctx: UpdateLoanFormContext): { input: LoanUpdateInput; transaction: string | undefined } {
  const blockIds = LOAN_UPDATE_FIELDS.map((f) => fieldBlockId(ctx, f));
  const values: Record<string, string | undefined> = readViewValues(view, [...blockIds, TRANSACTION_BLOCK]);
  const input = Object.fromEntries(LOAN_UPDATE_FIELDS.map((f) => [f, values[fieldBlockId(ctx, f)]])) as LoanUpdateInput;
  return { input, transaction: values[TRANSACTION_BLOCK] };
}

function errorsFor(ctx: UpdateLoanFormContext, errors: LoanUpdateErrors): Record<string, string> {
  return Object.fromEntries(
    LOAN_UPDATE_FIELDS.flatMap((f) => {
      const message = errors[f];
      return message ? [[fieldBlockId(ctx, f), message]] : [];
    }),
  );
}

const targetOf = (ctx: UpdateLoanFormContext): LoanUpdateTarget => ({
  loanId: ctx.loanId,
  kind: ctx.kind,
  transactionId: ctx.transactionId,
  clientCustomerId: ctx.clientCustomerId,
});

/** Credit line: another transaction picked → the form again, filled in from that transaction. */
export function pickTransaction(deps: Services): SelectListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    if (!body.view) return;
    const ctx: UpdateLoanFormContext = readMetadata(body.view.private_metadata, updateLoanFormSchema);
    const chosen = action.selected_option.value;
    if (chosen === ctx.transactionId) return;
    const view = await formFor(deps, ctx, chosen);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view }).catch((error: unknown) => {
      deps.logger.warn({ err: error, loanId: ctx.loanId }, 'could not show the picked transaction');
    });
  };
}

/** The form submitted: checked inline, then the review (old → new, masked). */
export function reviewLoanUpdate(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const ctx: UpdateLoanFormContext = readMetadata(view.private_metadata, updateLoanFormSchema);
    const { input, transaction } = formInput(view, ctx);
    if (ctx.kind === 'credit_line' && transaction && transaction !== ctx.transactionId) {
      await ack({ response_action: 'errors', errors: { [TRANSACTION_BLOCK]: `Still loading transaction ${transaction}: submit again in a moment` } });
      return;
    }
    const checked = validateLoanUpdate(input, ctx.original, valueDigest(deps.config));
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: errorsFor(ctx, checked.errors) });
      return;
    }
    requestLogger(deps.logger, body, context).info({ loanId: ctx.loanId, transactionId: ctx.transactionId, fields: Object.keys(checked.changes) }, 'loan update reviewed');
    await ack({ response_action: 'update', view: updateLoanReviewView({ form: ctx, input }, checked.lines) });
  };
}

/** *Edit* on the review: the form built again from the loan (its metadata never held the borrower's details), with what was typed. */
export function editLoanUpdate(deps: Services): ButtonListener {
  return backToForm(updateLoanReviewSchema, (state: UpdateLoanReviewState) => formFor(deps, state.form, state.form.transactionId, state.input));
}

/** Confirm on the review: the changes checked once more, then recorded once. */
export function confirmLoanUpdateReview(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const log = requestLogger(deps.logger, body, context);
    const state: UpdateLoanReviewState = readMetadata(view.private_metadata, updateLoanReviewSchema);
    const ctx = state.form;
    const checked = validateLoanUpdate(state.input, ctx.original, valueDigest(deps.config));
    if (!checked.ok) {
      await ack({ response_action: 'update', view: updateLoanStatusView(ctx, ':warning: These changes no longer check out; close this and start the update again.') });
      return;
    }
    const what = ctx.kind === 'credit_line' ? `transaction *${escapeMrkdwn(ctx.transactionId)}*` : `loan *${escapeMrkdwn(ctx.loanId)}*`;
    const result = await confirmLoanUpdate(deps, {
      target: targetOf(ctx),
      changes: checked.changes,
      summary: checked.summary,
      place: { channelId: ctx.channelId, threadTs: ctx.threadTs, sourceTs: ctx.sourceTs, viewId: view.id },
      by: body.user.id,
      key: `update_loan:${view.id}`,
      replaces: ctx.replaces,
    });
    await ackConfirmation(result, {
      ack,
      log,
      statusView: (text) => updateLoanStatusView(ctx, text),
      already: (write) => `This update is already ${write.state === 'confirmed' ? 'done' : 'being sent'}`,
      sending: `Sending the update of ${what} to Credgenics…`,
      noun: 'This update',
      replaces: ctx.replaces,
    });
  };
}
