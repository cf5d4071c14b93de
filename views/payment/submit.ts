/**
 * Record payment: the summary's button and `/loan pay <id>` open the modal at once (loading state,
 * within the trigger_id's 3 s), the loan is fetched after, the form is checked inline, a review step
 * shows the amount in ₹, and Confirm records the payment exactly once.
 */
import { needs } from '../../src/slack/listener-roles.ts';
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { formatAllocationMonth, parseAllocationMonth, compareYearMonth } from '../../src/domain/allocation-month.ts';
import { clockIn, todayIn } from '../../src/domain/dates.ts';
import { currentDefaultOf } from '../../src/domain/loan-summary.ts';
import type { Loan } from '../../src/domain/loan.ts';
import { validatePayment, type PaymentDraft, type PaymentField, type PaymentInput } from '../../src/domain/payment.ts';
import type { Services } from '../../src/services.ts';
import { lookupLoan } from '../../src/usecases/lookup-loan.ts';
import { findDuplicatePayment, recordPayment } from '../../src/usecases/record-payment.ts';
import { dismissWhenRecorded, replaceRefusal } from '../shared/replace-step.ts';
import { confirmWrite } from '../shared/confirm-write.ts';
import type { SubcommandHandler } from '../../commands/loan.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { SUMMARY_ACTIONS, summaryButtonOrigin } from '../loan/summary.ts';
import {
  PAYMENT_ACTIONS,
  PAYMENT_CALLBACKS,
  paymentErrorView,
  paymentFormView,
  paymentLoadingView,
  paymentReviewView,
  paymentStatusView,
  type PaymentFormContext,
  type PaymentOrigin,
  type PaymentReviewState,
  NO_DEFAULT_TO_PAY,
} from './modal.ts';
import { readViewValues } from '../shared/view-values.ts';
import { formatInr } from '../../src/domain/money.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { paymentFormSchema, paymentReviewSchema } from './metadata.ts';

const FIELDS: PaymentField[] = ['amount', 'final_status', 'payment_method', 'date_of_default', 'allocation_month', 'recovery_method', 'closure_with', 'reference', 'payment_mode', 'client_customer_id'];

/** Credgenics records a payment against a default's allocation month: only those months are offered. */
function formContext(origin: PaymentOrigin, loan: Loan): PaymentFormContext {
  const all = loan.defaults
    .map((d) => parseAllocationMonth(d.allocationMonth))
    .filter((m) => m !== undefined)
    .sort((a, b) => compareYearMonth(b, a))
    .map(formatAllocationMonth)
    .filter((m, i, list) => list.indexOf(m) === i)
    .slice(0, 24);
  const current = currentDefaultOf(loan);
  const currentMonth = parseAllocationMonth(current?.allocationMonth);
  return {
    ...origin,
    kind: loan.kind,
    applicantName: loan.applicant.name?.slice(0, 80),
    clientCustomerId: loan.clientCustomerId,
    allocationMonths: all,
    initialAllocationMonth: currentMonth ? formatAllocationMonth(currentMonth) : undefined,
    dateOfDefault: /^\d{4}-\d{2}-\d{2}$/.test(current?.dateOfDefault ?? '') ? current?.dateOfDefault : undefined,
  };
}

function formOrExplanation(origin: PaymentOrigin, loan: Loan, initial: Partial<PaymentDraft>) {
  const ctx = formContext(origin, loan);
  if (ctx.allocationMonths.length === 0) return paymentErrorView(origin, NO_DEFAULT_TO_PAY(origin.loanId));
  return paymentFormView(ctx, initial);
}

/** Open the modal now (loading), then fill it in from the loan. */
export async function openPaymentModal(
  services: Services,
  client: WebClient,
  triggerId: string,
  origin: PaymentOrigin,
  initial: Partial<PaymentDraft> = {},
): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: paymentLoadingView(origin) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const result = await lookupLoan(services, origin.loanId);
  const view = result.ok ? formOrExplanation(origin, result.loan, initial) : paymentErrorView(origin, result.message);
  await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
}

export const payCommand =
  (services: Services): SubcommandHandler =>
  async (args, loanId) => {
    await args.ack();
    if (!loanId) return;
    await openPaymentModal(services, args.client, args.command.trigger_id, {
      loanId,
      channelId: args.command.channel_id,
      responseUrl: args.command.response_url,
    });
  };

function errorsFor(errors: Partial<Record<PaymentField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message));
}

export function registerPaymentModal(app: App, services: Services): void {
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.recordPayment, needs(app).action(SUMMARY_ACTIONS.recordPayment, 'agent'), async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await openPaymentModal(services, client, body.trigger_id, summaryButtonOrigin(body, action.value ?? ''));
  });

  app.view<ViewSubmitAction>(PAYMENT_CALLBACKS.form, needs(app).view(PAYMENT_CALLBACKS.form, 'agent'), async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const ctx: PaymentFormContext = readMetadata(view.private_metadata, paymentFormSchema);
    const values = readViewValues(view, FIELDS) as PaymentInput;
    const checked = validatePayment(values, { loanId: ctx.loanId, kind: ctx.kind }, todayIn(services.now(), services.config.timeZone));
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: errorsFor(checked.errors) });
      return;
    }
    const duplicate = await findDuplicatePayment(services, checked.draft, `payment:${view.id}`);
    const state: PaymentReviewState = {
      form: ctx,
      draft: checked.draft,
      duplicateOf: duplicate ? { at: clockIn(new Date(duplicate.createdAt), services.config.timeZone), by: duplicate.requestedBy } : undefined,
    };
    requestLogger(services.logger, body, {}).info({ loanId: ctx.loanId, duplicate: !!duplicate }, 'payment reviewed');
    await ack({ response_action: 'update', view: paymentReviewView(state) });
  });

  app.action<BlockButtonAction>(PAYMENT_ACTIONS.edit, needs(app).action(PAYMENT_ACTIONS.edit, 'agent'), async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state: PaymentReviewState = readMetadata(body.view.private_metadata, paymentReviewSchema);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: paymentFormView(state.form, state.draft) });
  });

  app.view<ViewSubmitAction>(PAYMENT_CALLBACKS.review, needs(app).view(PAYMENT_CALLBACKS.review, 'agent'), async ({ ack, view, body, client, context }) => {
    const log = requestLogger(services.logger, body, context);
    const state: PaymentReviewState = readMetadata(view.private_metadata, paymentReviewSchema);
    const key = `payment:${view.id}`;
    const by = body.user.id;
    // Two modals for the same payment: ask once more, unless the person already saw the warning.
    if (!state.duplicateOf) {
      const duplicate = await findDuplicatePayment(services, state.draft, key);
      if (duplicate && duplicate.idempotencyKey !== key) {
        const at = clockIn(new Date(duplicate.createdAt), services.config.timeZone);
        await ack({ response_action: 'update', view: paymentReviewView({ ...state, duplicateOf: { at, by: duplicate.requestedBy } }) });
        return;
      }
    }
    const origin: PaymentOrigin = state.form;
    const replacement = { operation: 'update_payment' as const, loanId: state.draft.loanId, by };
    const refusal = await replaceRefusal(services, log, origin.replaces, replacement, 'This payment');
    if (refusal) {
      await ack({ response_action: 'update', view: paymentStatusView(origin, refusal) });
      return;
    }
    const amount = `*${formatInr(state.draft.amount)}*`;
    await confirmWrite({
      ack,
      log,
      record: () => recordPayment(services, { draft: state.draft, place: { ...origin, viewId: view.id }, by, key }),
      statusView: (text) => paymentStatusView(origin, text),
      already: (write) => `This payment is already ${write.state === 'confirmed' ? 'recorded' : 'being recorded'}`,
      onRecorded: dismissWhenRecorded(services, origin.replaces, replacement),
      sending: `Sending ${amount} for loan *${state.draft.loanId}* to Credgenics…`,
    });
  });
}
