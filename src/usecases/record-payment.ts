/**
 * Recording a payment: the duplicate check, then the outbox entry (replacing a rejected payment on an
 * Edit & retry); the worker sends it.
 */
import { DUPLICATE_WINDOW_MS, paymentFingerprint, updatePaymentBody, type PaymentDraft } from '../domain/payment.ts';
import { formatInr } from '../domain/money.ts';
import { displayAllocationMonth } from '../domain/allocation-month.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import { recordWrite, type RecordDeps, type WriteConfirm } from './record-write.ts';
import { recordReplacing, type Confirmation, type RecordReplacingDeps } from './replace-write.ts';

export interface DuplicateDeps {
  store: Pick<Store, 'outbox'>;
  now(): Date;
}

export type RecordPaymentDeps = RecordDeps & RecordReplacingDeps & DuplicateDeps;

export function paymentSummary(draft: PaymentDraft): string {
  return [formatInr(draft.amount), draft.finalStatus, draft.paymentMethod, `for ${displayAllocationMonth(draft.allocationMonth)}`, draft.reference ? `payment reference ${draft.reference}` : undefined]
    .filter(Boolean)
    .join(' · ');
}

/** A payment with the same loan, amount and reference recorded in the last 10 minutes (other than this one). */
export async function findDuplicatePayment(deps: DuplicateDeps, draft: PaymentDraft, key: string): Promise<OutboxWrite | undefined> {
  const since = deps.now().getTime() - DUPLICATE_WINDOW_MS;
  return deps.store.outbox.findByFingerprint(paymentFingerprint(draft), since, key);
}

export type PaymentConfirmation = Confirmation | { kind: 'duplicate'; of: OutboxWrite };

/**
 * Confirm on the review: unless the person already saw a duplicate warning, a payment like it recorded
 * meanwhile (another modal) asks once more; otherwise the payment is recorded in the outbox (once per key).
 * Local and fast: safe before acking Slack.
 */
export async function confirmPayment(deps: RecordPaymentDeps, input: WriteConfirm & { draft: PaymentDraft; duplicateSeen: boolean }): Promise<PaymentConfirmation> {
  const { draft } = input;
  if (!input.duplicateSeen) {
    const duplicate = await findDuplicatePayment(deps, draft, input.key);
    if (duplicate && duplicate.idempotencyKey !== input.key) return { kind: 'duplicate', of: duplicate };
  }
  const request = { operation: 'update_payment' as const, loanId: draft.loanId, allocationMonth: draft.allocationMonth, body: updatePaymentBody(draft), baselineRecovered: null };
  return recordReplacing(deps, input.replaces, { operation: 'update_payment', loanId: draft.loanId, by: input.by }, () =>
    recordWrite(deps, { key: input.key, request, summary: paymentSummary(draft), fingerprint: paymentFingerprint(draft), by: input.by, place: input.place }),
  );
}
