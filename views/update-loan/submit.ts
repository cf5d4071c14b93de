/**
 * Update loan: the summary's button and `/loan update <id>` open the modal at once (loading state,
 * within the trigger_id's 3 s), the loan is fetched after, the form is checked inline, a review step
 * shows old → new (masked), and Confirm records the update exactly once before sending it.
 */
import { needs } from '../../src/slack/listener-roles.ts';
import type { AllMiddlewareArgs, App, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { LOAN_UPDATE_FIELDS, validateLoanUpdate, type LoanUpdateErrors, type LoanUpdateInput } from '../../src/domain/loan-update.ts';
import type { Services } from '../../src/services.ts';
import { loadLoanForUpdate, loanUpdateRequest, recordLoanUpdate, type LoanUpdateTarget } from '../../src/usecases/update-loan.ts';
import { dismissWhenRecorded, replaceRefusal } from '../shared/replace-step.ts';
import type { SubcommandHandler } from '../../commands/loan.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { confirmWrite } from '../shared/confirm-write.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { SUMMARY_ACTIONS, summaryButtonOrigin } from '../loan/summary.ts';
import {
  TRANSACTION_BLOCK,
  UPDATE_LOAN_ACTIONS,
  UPDATE_LOAN_CALLBACKS,
  fieldBlockId,
  updateLoanErrorView,
  updateLoanFormView,
  updateLoanLoadingView,
  updateLoanReviewView,
  updateLoanStatusView,
  updateLoanFormSchema,
  updateLoanReviewSchema,
  type UpdateLoanFormContext,
  type UpdateLoanOrigin,
  type UpdateLoanReviewState,
} from './modal.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { originalForForm } from '../../src/domain/loan-update-form.ts';
import { valueDigest } from '../../src/usecases/value-digest.ts';
import { registerShowCurrentDetails } from './current-details.ts';
import { readViewValues, type ViewWithState } from '../shared/view-values.ts';

/**
 * Fetch the loan (and the chosen transaction) and build the form, or an error view. The form's metadata
 * carries ids and what it needs to tell a change (originalForForm), never the borrower's phone, email or
 * street; `initial` brings back what was typed (Edit on the review).
 */
async function formFor(services: Services, origin: UpdateLoanOrigin, transactionId?: string, initial?: LoanUpdateInput, retry?: CorrectionStart) {
  const loaded = await loadLoanForUpdate(services, origin.loanId, transactionId);
  if (!loaded.ok) return updateLoanErrorView(origin, loaded.message);
  const { source } = loaded;
  const ctx: UpdateLoanFormContext = {
    loanId: origin.loanId,
    channelId: origin.channelId,
    threadTs: origin.threadTs,
    sourceTs: origin.sourceTs,
    replaces: origin.replaces,
    kind: source.target.kind,
    applicantName: source.applicantName?.slice(0, 80),
    clientCustomerId: source.target.clientCustomerId,
    transactionId: source.target.transactionId,
    original: originalForForm(source.original, valueDigest(services.config)),
  };
  // An Edit & retry corrects the transaction it was for: no other is offered.
  const transactionIds = origin.replaces ? [source.target.transactionId] : source.transactionIds;
  if (!retry) return updateLoanFormView(ctx, transactionIds, initial);
  const notes = retry.leftOut.length > 0 ? [`The rejected update also changed ${retry.leftOut.join(', ')}, not shown here: type it again if it should still change.`] : [];
  return updateLoanFormView(ctx, transactionIds, { ...ctx.original.values, ...retry.sent }, notes);
}

/** Edit & retry: what the rejected update sent, as the form shows it (personal details left out, by label). */
export interface CorrectionStart {
  transactionId: string;
  sent: LoanUpdateInput;
  leftOut: string[];
}

/** Open the modal now (loading), then fill it in from the loan (and, for an Edit & retry, from what was sent). */
export async function openUpdateLoanModal(services: Services, client: WebClient, triggerId: string, origin: UpdateLoanOrigin, retry?: CorrectionStart): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: updateLoanLoadingView(origin) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  await client.views.update({ view_id: viewId, hash: opened.view?.hash, view: await formFor(services, origin, retry?.transactionId, undefined, retry) });
}

export const updateCommand =
  (services: Services): SubcommandHandler =>
  async (args, loanId) => {
    await args.ack();
    if (!loanId) return;
    await openUpdateLoanModal(services, args.client, args.command.trigger_id, { loanId, channelId: args.command.channel_id });
  };

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

export function registerUpdateLoanModal(app: App, services: Services): void {
  registerShowCurrentDetails(app, services);
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.updateLoan, needs(app).action(SUMMARY_ACTIONS.updateLoan, 'supervisor'), async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await openUpdateLoanModal(services, client, body.trigger_id, summaryButtonOrigin(body, action.value ?? ''));
  });

  // Credit line: another transaction picked → the form again, filled in from that transaction.
  app.action<BlockStaticSelectAction>(UPDATE_LOAN_ACTIONS.transaction, needs(app).action(UPDATE_LOAN_ACTIONS.transaction, 'supervisor'), async ({ ack, body, action, client }) => {
    await ack();
    if (!body.view) return;
    const ctx: UpdateLoanFormContext = readMetadata(body.view.private_metadata, updateLoanFormSchema);
    const chosen = action.selected_option.value;
    if (chosen === ctx.transactionId) return;
    const view = await formFor(services, ctx, chosen);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view }).catch((error: unknown) => {
      services.logger.warn({ err: error, loanId: ctx.loanId }, 'could not show the picked transaction');
    });
  });

  app.view<ViewSubmitAction>(UPDATE_LOAN_CALLBACKS.form, needs(app).view(UPDATE_LOAN_CALLBACKS.form, 'supervisor'), async ({ ack, view, body, context }) => {
    const ctx: UpdateLoanFormContext = readMetadata(view.private_metadata, updateLoanFormSchema);
    const { input, transaction } = formInput(view, ctx);
    if (ctx.kind === 'credit_line' && transaction && transaction !== ctx.transactionId) {
      await ack({ response_action: 'errors', errors: { [TRANSACTION_BLOCK]: `Still loading transaction ${transaction}: submit again in a moment` } });
      return;
    }
    const checked = validateLoanUpdate(input, ctx.original, valueDigest(services.config));
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: errorsFor(ctx, checked.errors) });
      return;
    }
    requestLogger(services.logger, body, context).info({ loanId: ctx.loanId, transactionId: ctx.transactionId, fields: Object.keys(checked.changes) }, 'loan update reviewed');
    await ack({ response_action: 'update', view: updateLoanReviewView({ form: ctx, input }, checked.lines) });
  });

  app.action<BlockButtonAction>(UPDATE_LOAN_ACTIONS.edit, needs(app).action(UPDATE_LOAN_ACTIONS.edit, 'supervisor'), async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state: UpdateLoanReviewState = readMetadata(body.view.private_metadata, updateLoanReviewSchema);
    // The form is built again from the loan (its metadata never held the borrower's details), with what was typed.
    const view = await formFor(services, state.form, state.form.transactionId, state.input);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view });
  });

  app.view<ViewSubmitAction>(UPDATE_LOAN_CALLBACKS.review, needs(app).view(UPDATE_LOAN_CALLBACKS.review, 'supervisor'), async ({ ack, view, body, client, context }) => {
    const log = requestLogger(services.logger, body, context);
    const state: UpdateLoanReviewState = readMetadata(view.private_metadata, updateLoanReviewSchema);
    const ctx = state.form;
    const checked = validateLoanUpdate(state.input, ctx.original, valueDigest(services.config));
    if (!checked.ok) {
      await ack({ response_action: 'update', view: updateLoanStatusView(ctx, ':warning: These changes no longer check out; close this and start the update again.') });
      return;
    }
    const by = body.user.id;
    const request = loanUpdateRequest(targetOf(ctx), checked.changes);
    const replacement = { operation: request.operation, loanId: request.loanId, by };
    const refusal = await replaceRefusal(services, log, ctx.replaces, replacement, 'This update');
    if (refusal) {
      await ack({ response_action: 'update', view: updateLoanStatusView(ctx, refusal) });
      return;
    }
    const what = ctx.kind === 'credit_line' ? `transaction *${escapeMrkdwn(ctx.transactionId)}*` : `loan *${escapeMrkdwn(ctx.loanId)}*`;
    await confirmWrite({
      ack,
      log,
      record: () =>
        recordLoanUpdate(services, {
          target: targetOf(ctx),
          changes: checked.changes,
          summary: checked.summary,
          place: { channelId: ctx.channelId, threadTs: ctx.threadTs, sourceTs: ctx.sourceTs, viewId: view.id },
          by,
          key: `update_loan:${view.id}`,
        }),
      statusView: (text) => updateLoanStatusView(ctx, text),
      already: (write) => `This update is already ${write.state === 'confirmed' ? 'done' : 'being sent'}`,
      onRecorded: dismissWhenRecorded(services, ctx.replaces, replacement),
      sending: `Sending the update of ${what} to Credgenics…`,
    });
  });
}
