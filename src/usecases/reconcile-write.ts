/**
 * Did an earlier attempt of a write take effect? Only writes that are not safe to repeat need asking: a
 * payment (Credgenics has no idempotency key and adds it again) and an added loan (a second add is refused
 * with a 400). Updates set fields to values, so sending them again is harmless: never reconciled.
 *
 * Payments: just before a payment is first sent (while no other payment to that loan and allocation month
 * is being sent, anywhere: they share a lock key) loanbot notes the amount recovered for that month: its
 * baseline. Later — and only once the settle window has passed since the last attempt that may have
 * reached Credgenics — the amount now is compared exactly with what it must be if the payment was
 * applied, and if it was not, counting loanbot's own payments on that loan and month whose fate is known.
 * Any other change in between (a payment from elsewhere, one of ours whose fate is itself unknown) makes
 * the answer "unknown": loanbot then asks a person instead of guessing, because a wrong "applied" loses a
 * payment and a wrong "not applied" records it twice.
 */
import { parseAllocationMonth, compareYearMonth } from '../domain/allocation-month.ts';
import type { Loan } from '../domain/loan.ts';
import { LenderNotFoundError } from '../lenders/errors.ts';
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';
import type { Logger } from '../log.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import { readWriteRequest, type WriteRequest } from './write-requests.ts';

export type Reconciliation = 'applied' | 'not_applied' | 'unknown';

export type PaymentRequest = Extract<WriteRequest, { operation: 'update_payment' }>;
export interface ReconcileDeps {
  credgenics: CredgenicsClient;
  logger: Logger;
  store: Store;
  /** The settle window, ms. */
  settleMs: number;
}

/** Payments to one loan and allocation month share it: never two of them in flight at once. */
export function lockKeyOf(request: WriteRequest): string | null {
  return request.operation === 'update_payment' ? `payment|${request.loanId}|${request.allocationMonth}` : null;
}

/** Whether an attempt that may have been applied must be checked before this write is sent again. */
export function needsReconciliation(request: WriteRequest): boolean {
  return request.operation === 'update_payment' || request.operation === 'add_loan';
}

/** amount_recovered of the default for that allocation month, or null when there is none. */
export function recoveredFor(loan: Loan, allocationMonth: string): number | null {
  const wanted = parseAllocationMonth(allocationMonth);
  if (!wanted) return null;
  const match = loan.defaults.find((d) => {
    const month = parseAllocationMonth(d.allocationMonth);
    return month !== undefined && compareYearMonth(month, wanted) === 0;
  });
  return match ? (match.amountRecovered ?? 0) : null;
}

/** The payment with its baseline read now; unchanged (baseline null: a retry then asks a person) if the loan cannot be read. */
export async function withBaseline(deps: ReconcileDeps, write: OutboxWrite, request: PaymentRequest, now: number): Promise<PaymentRequest> {
  try {
    const loan = await deps.credgenics.getLoan(request.loanId);
    return { ...request, baselineRecovered: recoveredFor(loan, request.allocationMonth) ?? 0, baselineAt: now };
  } catch (error) {
    deps.logger.warn({ writeId: write.id, err: error }, 'could not read the loan before sending the payment');
    return request;
  }
}

const cents = (amount: number) => Math.round(amount * 100);

/** A write the lender refused outright (4xx): it never changed the loan. */
const refused = (w: OutboxWrite) => (w.state === 'failed' || w.state === 'dismissed') && w.retryable === false && !w.needsReconcile;

/**
 * What loanbot itself added to that loan and month after our baseline was read, in paise; undefined when
 * one of those payments may still change the amount or its fate is unknown.
 */
async function ourPaymentsSince(deps: ReconcileDeps, write: OutboxWrite, since: number): Promise<number | undefined> {
  if (!write.lockKey) return 0;
  let total = 0;
  for (const other of await deps.store.outbox.listByLockKey(write.lockKey, 1_000)) {
    const theirs = readWriteRequest(other.request);
    if (other.id === write.id || theirs?.operation !== 'update_payment') continue;
    const sentAt = theirs.lastSendAt;
    if (sentAt == null || refused(other)) continue; // never sent, or never applied
    if (sentAt < since) {
      // Sent before our baseline was read. It is in the baseline if it could no longer change the loan by
      // then: its settle window had passed, or it had been confirmed (sends of one lock key never overlap).
      const settled = sentAt + deps.settleMs <= since;
      const confirmedBefore = other.state === 'confirmed' && other.confirmedAt !== null && other.confirmedAt <= since;
      if (settled || confirmedBefore) continue;
      return undefined;
    }
    if (other.state === 'confirmed') {
      total += cents(theirs.body.amount_recovered); // sent after our baseline and applied
      continue;
    }
    return undefined; // in flight, waiting for a retry, failed after a timeout…: we cannot know what it did
  }
  return total;
}

export async function reconcilePayment(deps: ReconcileDeps, write: OutboxWrite, request: PaymentRequest): Promise<Reconciliation> {
  if (request.baselineRecovered === null || request.baselineAt == null) return 'unknown';
  try {
    const ours = await ourPaymentsSince(deps, write, request.baselineAt);
    if (ours === undefined) return 'unknown';
    const loan = await deps.credgenics.getLoan(request.loanId);
    const now = recoveredFor(loan, request.allocationMonth);
    if (now === null) return 'unknown';
    const withoutThis = cents(request.baselineRecovered) + ours;
    const verdict: Reconciliation =
      cents(now) === withoutThis + cents(request.body.amount_recovered) ? 'applied' : cents(now) === withoutThis ? 'not_applied' : 'unknown';
    deps.logger.info({ writeId: write.id, verdict }, 'payment reconciled against the loan');
    return verdict;
  } catch (error) {
    deps.logger.warn({ writeId: write.id, err: error }, 'could not reconcile the payment');
    return 'unknown';
  }
}

export async function reconcileWrite(deps: ReconcileDeps, write: OutboxWrite, request: WriteRequest): Promise<Reconciliation | 'not_needed'> {
  if (request.operation === 'update_payment') return reconcilePayment(deps, write, request);
  if (request.operation === 'add_loan') {
    try {
      await deps.credgenics.getLoan(request.loanId);
      return 'applied';
    } catch (error) {
      return error instanceof LenderNotFoundError ? 'not_applied' : 'unknown';
    }
  }
  return 'not_needed';
}
