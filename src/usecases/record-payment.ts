/**
 * Recording a payment: duplicate check, then the outbox entry; the worker sends it.
 */
import { DUPLICATE_WINDOW_MS, paymentFingerprint, updatePaymentBody, type PaymentDraft } from '../domain/payment.ts';
import { formatInr } from '../domain/money.ts';
import { displayAllocationMonth } from '../domain/allocation-month.ts';
import type { OutboxWrite } from '../store/index.ts';
import type { Services } from '../services.ts';
import { recordWrite, type RecordDeps, type WritePlace } from './record-write.ts';


export function paymentSummary(draft: PaymentDraft): string {
  return [formatInr(draft.amount), draft.finalStatus, draft.paymentMethod, `for ${displayAllocationMonth(draft.allocationMonth)}`, draft.reference ? `payment reference ${draft.reference}` : undefined]
    .filter(Boolean)
    .join(' · ');
}

/** A payment with the same loan, amount and reference recorded in the last 10 minutes (other than this one). */
export async function findDuplicatePayment(deps: Pick<Services, 'store' | 'now'>, draft: PaymentDraft, key: string): Promise<OutboxWrite | undefined> {
  const since = deps.now().getTime() - DUPLICATE_WINDOW_MS;
  return deps.store.outbox.findByFingerprint(paymentFingerprint(draft), since, key);
}

/** Record the payment in the outbox (once per key). Local and fast: safe before acking Slack. */
export function recordPayment(
  deps: RecordDeps,
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

