/**
 * Opening Record payment: the summary's button (and `/loan pay <id>`, commands/pay.ts, and Edit & retry)
 * open the modal at once (loading state, within the trigger_id's 3 s); the loan is fetched after and the
 * form offers the months of its defaults.
 */
import type { WebClient } from '@slack/web-api';
import { formatAllocationMonth, parseAllocationMonth, compareYearMonth } from '../../src/domain/allocation-month.ts';
import { currentDefaultOf } from '../../src/domain/loan-summary.ts';
import type { Loan } from '../../src/domain/loan.ts';
import type { PaymentDraft } from '../../src/domain/payment.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { lookupLoan, type LookupDeps } from '../../src/usecases/lookup-loan.ts';
import { summaryButtonOrigin } from '../loan/summary.ts';
import { lookupProblem } from '../words/lender-errors.ts';
import { NO_DEFAULT_TO_PAY, paymentErrorView, paymentFormView, paymentLoadingView, type PaymentFormContext, type PaymentOrigin } from './modal.ts';

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
export async function openPaymentModal(deps: LookupDeps, client: WebClient, triggerId: string, origin: PaymentOrigin, initial: Partial<PaymentDraft> = {}): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: paymentLoadingView(origin) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const result = await lookupLoan(deps, origin.loanId);
  const view = result.ok ? formOrExplanation(origin, result.loan, initial) : paymentErrorView(origin, lookupProblem(origin.loanId, result.error));
  await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
}

/** *Record payment* on a loan summary. */
export function recordPaymentButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    await openPaymentModal(deps, client, body.trigger_id, summaryButtonOrigin(body, action.value ?? ''));
  };
}
