/**
 * Recording a payment: duplicate check, the outbox entry (before anything is sent), then the send.
 */
import { DUPLICATE_WINDOW_MS, paymentFingerprint, updatePaymentBody, type PaymentDraft } from '../domain/payment.ts';
import { formatInr } from '../domain/money.ts';
import type { OutboxWrite } from '../store/index.ts';
import type { Services } from '../services.ts';
import { recoveredFor } from './reconcile-write.ts';
import { runWrite, type WriteOutcome } from './run-write.ts';
import type { WriteRequest } from './write-requests.ts';
import { recordWrite, type WritePlace } from './record-write.ts';

type Deps = Pick<Services, 'credgenics' | 'apollo' | 'store' | 'logger' | 'notifier' | 'writePolicy' | 'sleep' | 'now'>;

export function paymentSummary(draft: PaymentDraft): string {
  return [formatInr(draft.amount), draft.finalStatus, draft.paymentMethod, `allocation ${draft.allocationMonth}`, draft.reference ? `ref ${draft.reference}` : undefined]
    .filter(Boolean)
    .join(' · ');
}

/** A payment with the same loan, amount and reference recorded in the last 10 minutes (other than this one). */
export async function findDuplicatePayment(deps: Deps, draft: PaymentDraft, key: string): Promise<OutboxWrite | undefined> {
  const since = deps.now().getTime() - DUPLICATE_WINDOW_MS;
  return deps.store.outbox.findByFingerprint(paymentFingerprint(draft), since, key);
}

/** Record the payment in the outbox (once per key). Local and fast: safe before acking Slack. */
export function recordPayment(
  deps: Deps,
  input: { draft: PaymentDraft; place: WritePlace; by: string; key: string },
): Promise<{ created: boolean; write: OutboxWrite }> {
  const { draft } = input;
  return recordWrite(deps, {
    key: input.key,
    request: {
      operation: 'update_payment',
      loanId: draft.loanId,
      allocationMonth: draft.allocationMonth,
      body: updatePaymentBody(draft),
      baselineRecovered: null,
    },
    summary: paymentSummary(draft),
    fingerprint: paymentFingerprint(draft),
    by: input.by,
    place: input.place,
  });
}

/**
 * Send a freshly recorded payment: note how much was recovered for that month just before
 * (for reconciliation after a timeout), then run it through the outbox.
 */
export async function sendPayment(deps: Deps, write: OutboxWrite, by: string): Promise<WriteOutcome> {
  const request = write.request as Extract<WriteRequest, { operation: 'update_payment' }>;
  try {
    const loan = await deps.credgenics.getLoan(request.loanId);
    const baseline = recoveredFor(loan, request.allocationMonth) ?? 0;
    await deps.store.outbox.updatePendingRequest(write.id, { ...request, baselineRecovered: baseline });
  } catch (error) {
    // Without a baseline the payment is still sent; a later retry will ask a person instead of guessing.
    deps.logger.warn({ writeId: write.id, err: error }, 'could not read the loan before sending the payment');
  }
  return runWrite(deps, write.id, { from: ['pending'], by });
}
