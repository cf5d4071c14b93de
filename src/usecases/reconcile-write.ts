/**
 * Did an earlier attempt of a write take effect? Only writes that are not safe to repeat need asking: a
 * payment (Credgenics has no idempotency key and adds it again) and an added loan (a second add is refused
 * with a 400). Updates set fields to values, so sending them again is harmless: never reconciled.
 *
 * Payments: just before a payment is first sent (under the lock for its loan and allocation month) loanbot
 * notes the amount recovered for that month: its baseline. Later, the amount now is compared exactly with
 * what it must be if the payment was applied, and if it was not — counting loanbot's own payments on that
 * loan and month sent since the baseline, provided each of those was sent once and is known to be applied.
 * Any other change in between (a payment from elsewhere, one of ours whose fate is itself unknown) makes the
 * answer "unknown": loanbot then asks a person instead of guessing, because a wrong "applied" loses a
 * payment and a wrong "not applied" records it twice.
 */
import { parseAllocationMonth, compareYearMonth } from '../domain/allocation-month.ts';
import type { Loan } from '../domain/loan.ts';
import { LenderNotFoundError } from '../lenders/errors.ts';
import type { OutboxWrite } from '../store/index.ts';
import type { Services } from '../services.ts';
import { isWriteRequest, type WriteRequest } from './write-requests.ts';

export type Reconciliation = 'applied' | 'not_applied' | 'unknown';

type PaymentRequest = Extract<WriteRequest, { operation: 'update_payment' }>;
type Deps = Pick<Services, 'credgenics' | 'logger' | 'store' | 'now'>;

export function paymentLockKey(request: WriteRequest): string | undefined {
  return request.operation === 'update_payment' ? `payment|${request.loanId}|${request.allocationMonth}` : undefined;
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

/** Note, under the lock, when this payment is about to be sent (other payments' reconciliation reads it). */
export async function noteSend(deps: Deps, write: OutboxWrite, request: PaymentRequest): Promise<PaymentRequest> {
  const noted: PaymentRequest = { ...request, lastSendAt: deps.now().getTime() };
  await deps.store.outbox.updateRequest(write.id, noted);
  write.request = noted;
  return noted;
}

/** Read and keep the baseline just before the first send. Without it, the payment is still sent; a retry then asks a person. */
export async function recordBaseline(deps: Deps, write: OutboxWrite, request: PaymentRequest): Promise<void> {
  try {
    const loan = await deps.credgenics.getLoan(request.loanId);
    const baseline: PaymentRequest = { ...request, baselineRecovered: recoveredFor(loan, request.allocationMonth) ?? 0, baselineAt: deps.now().getTime() };
    await deps.store.outbox.updateRequest(write.id, baseline);
    write.request = baseline;
  } catch (error) {
    deps.logger.warn({ writeId: write.id, err: error }, 'could not read the loan before sending the payment');
  }
}

const cents = (amount: number) => Math.round(amount * 100);

/** What loanbot itself added to that loan and month since `since`; undefined when one of them is of unknown fate. */
async function ourPaymentsSince(deps: Deps, write: OutboxWrite, request: PaymentRequest, since: number): Promise<number | undefined> {
  let total = 0;
  for (const other of await deps.store.outbox.listByLoan(request.loanId, { limit: 500, offset: 0 })) {
    if (other.id === write.id || other.operation !== 'update_payment' || !isWriteRequest(other.request)) continue;
    const theirs = other.request;
    if (theirs.operation !== 'update_payment' || theirs.allocationMonth !== request.allocationMonth) continue;
    const sentAt = theirs.lastSendAt;
    if (sentAt == null) continue; // never sent
    if (other.state === 'failed' && other.retryable === false) continue; // refused outright: never applied
    // Sends are serialised per loan and month, so a payment last sent before our baseline was read is in it.
    if (sentAt < since && other.state !== 'sending') continue;
    if (other.state === 'confirmed' && other.attempts === 1) {
      total += cents(theirs.body.amount_recovered); // sent once, after our baseline, and applied
      continue;
    }
    return undefined; // in flight, retried, reconciled, dismissed after a timeout…: we cannot know what it did
  }
  return total;
}

export async function reconcilePayment(deps: Deps, write: OutboxWrite, request: PaymentRequest): Promise<Reconciliation> {
  if (request.baselineRecovered === null || request.baselineAt == null) return 'unknown';
  try {
    const ours = await ourPaymentsSince(deps, write, request, request.baselineAt);
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

export async function reconcileWrite(deps: Deps, write: OutboxWrite, request: WriteRequest): Promise<Reconciliation | 'not_needed'> {
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
