/**
 * Record payment's steps after the form: the form checked inline (Credgenics' rules), a review showing the
 * amount in ₹ (and a duplicate warning), Edit back to the form, and Confirm, which records the payment
 * exactly once (src/usecases/record-payment.ts).
 */
import { clockIn, todayIn } from '../../src/domain/dates.ts';
import { formatInr } from '../../src/domain/money.ts';
import { validatePayment, type PaymentField, type PaymentInput } from '../../src/domain/payment.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener, SubmitListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { confirmPayment, findDuplicatePayment } from '../../src/usecases/record-payment.ts';
import { ackConfirmation } from '../shared/confirm-write.ts';
import { backToForm } from '../shared/review-edit.ts';
import { readViewValues } from '../shared/view-values.ts';
import { paymentFormSchema, paymentReviewSchema } from './metadata.ts';
import { paymentFormView, paymentReviewView, paymentStatusView, type PaymentFormContext, type PaymentOrigin, type PaymentReviewState } from './modal.ts';

const FIELDS: PaymentField[] = ['amount', 'final_status', 'payment_method', 'date_of_default', 'allocation_month', 'recovery_method', 'closure_with', 'reference', 'payment_mode', 'client_customer_id'];

function errorsFor(errors: Partial<Record<PaymentField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message));
}

/** The form submitted: checked inline, then the review (with a warning if a payment like it was just recorded). */
export function reviewPayment(deps: Services): SubmitListener {
  return async ({ ack, view, body }) => {
    const ctx: PaymentFormContext = readMetadata(view.private_metadata, paymentFormSchema);
    const values = readViewValues(view, FIELDS) as PaymentInput;
    const checked = validatePayment(values, { loanId: ctx.loanId, kind: ctx.kind, clientCustomerId: ctx.clientCustomerId }, todayIn(deps.now(), deps.config.timeZone));
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: errorsFor(checked.errors) });
      return;
    }
    const duplicate = await findDuplicatePayment(deps, checked.draft, `payment:${view.id}`);
    const state: PaymentReviewState = {
      form: ctx,
      draft: checked.draft,
      duplicateOf: duplicate ? { at: clockIn(new Date(duplicate.createdAt), deps.config.timeZone), by: duplicate.requestedBy } : undefined,
    };
    requestLogger(deps.logger, body, {}).info({ loanId: ctx.loanId, duplicate: !!duplicate }, 'payment reviewed');
    await ack({ response_action: 'update', view: paymentReviewView(state) });
  };
}

/** *Edit* on the review: the form again, with what was typed. */
export function editPayment(): ButtonListener {
  return backToForm(paymentReviewSchema, (state) => paymentFormView(state.form, state.draft));
}

/** Confirm on the review: recorded once (a payment like it recorded meanwhile asks once more). */
export function confirmPaymentReview(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const log = requestLogger(deps.logger, body, context);
    const state: PaymentReviewState = readMetadata(view.private_metadata, paymentReviewSchema);
    const origin: PaymentOrigin = state.form;
    const key = `payment:${view.id}`;
    const result = await confirmPayment(deps, {
      draft: state.draft,
      place: { ...origin, viewId: view.id },
      by: body.user.id,
      key,
      replaces: origin.replaces,
      // Two modals for the same payment: ask once more, unless the person already saw the warning.
      duplicateSeen: !!state.duplicateOf,
    });
    if (result.kind === 'duplicate') {
      const at = clockIn(new Date(result.of.createdAt), deps.config.timeZone);
      await ack({ response_action: 'update', view: paymentReviewView({ ...state, duplicateOf: { at, by: result.of.requestedBy } }) });
      return;
    }
    await ackConfirmation(result, {
      ack,
      log,
      statusView: (text) => paymentStatusView(origin, text),
      already: (write) => `This payment is already ${write.state === 'confirmed' ? 'recorded' : 'being recorded'}`,
      sending: `Sending *${formatInr(state.draft.amount)}* for loan *${state.draft.loanId}* to Credgenics…`,
      noun: 'This payment',
      replaces: origin.replaces,
    });
  };
}
