/**
 * Did an earlier attempt of a write take effect? Only writes that are not safe to repeat need asking: a
 * payment (Credgenics has no idempotency key and adds it again) and an added loan (a second add is refused
 * with a 400). Updates set fields to values, so sending them again is harmless: never reconciled.
 *
 * Payments: just before a payment is first sent (while no other payment to that loan and allocation month
 * is being sent, anywhere: they share a lock key) loanbot notes the amount recovered for that month: its
 * baseline. Later — and only once the settle window has passed since the last attempt that may have
 * reached Credgenics — the amount now is compared exactly with what it must be if the payment was
 * applied, and if it was not, counting loanbot's own payments on that loan and month: those known to be
 * applied, and those whose fate is itself unknown as "either" (every combination is tried; the answer must
 * be the same in all that explain the change). Any other change (a payment from elsewhere, amounts that
 * cannot be told apart) makes the answer "unknown": loanbot then asks a person instead of guessing,
 * because a wrong "applied" loses a payment and a wrong "not applied" records it twice.
 */
import { parseAllocationMonth, compareYearMonth } from '../domain/allocation-month.ts';
import type { Loan, LoanDefault } from '../domain/loan.ts';
import { LenderNotFoundError } from '../lenders/errors.ts';
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';
import type { Logger } from '../log.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import { readWriteRequest, type WriteRequest } from './write-requests.ts';

/**
 * applied / not_applied: the loan tells (applied_by_amount: applied, told by the amount, method and status
 * alone — see MatchedBy). unknown: the loan was read and does not tell (a person decides).
 * unreadable: the loan could not be read (the lender down, a timeout): no verdict; the check is tried again.
 */
export type Reconciliation = 'applied' | 'applied_by_amount' | 'not_applied' | 'unknown' | 'unreadable';

/**
 * How an applied payment was told from the loan: its reference on the default (credit lines keep the last
 * payment's reference), or only the amount with the method and status (lending loans keep no reference, so
 * a payment of the same amount, method and status recorded directly in Credgenics looks the same).
 */
export type MatchedBy = 'reference' | 'amount';

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

/** The default for that allocation month, or undefined when there is none. */
function defaultFor(loan: Loan, allocationMonth: string): LoanDefault | undefined {
  const wanted = parseAllocationMonth(allocationMonth);
  if (!wanted) return undefined;
  return loan.defaults.find((d) => {
    const month = parseAllocationMonth(d.allocationMonth);
    return month !== undefined && compareYearMonth(month, wanted) === 0;
  });
}

/** amount_recovered of the default for that allocation month, or null when there is none. */
export function recoveredFor(loan: Loan, allocationMonth: string): number | null {
  const match = defaultFor(loan, allocationMonth);
  return match ? (match.amountRecovered ?? 0) : null;
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/**
 * Whether the default's last payment can be this one: Credgenics keeps the last payment's method, status
 * and (credit lines) reference on the default. A change by exactly this amount whose method, status or
 * reference is another's is another payment (a branch receipt of the same amount): not this one.
 */
export function lastPaymentFits(entry: LoanDefault, body: PaymentRequest['body']): { fits: boolean; matchedBy: MatchedBy } {
  const reference = body.payment_reference_number;
  const byReference = reference !== undefined && reference !== '' && entry.referenceNumber !== undefined && entry.referenceNumber !== '';
  const fits =
    (entry.paymentMethod === undefined || same(entry.paymentMethod, body.payment_method)) &&
    (entry.finalStatus === undefined || same(entry.finalStatus, body.final_status)) &&
    (!byReference || same(entry.referenceNumber, reference));
  return { fits, matchedBy: byReference ? 'reference' : 'amount' };
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

/** Beyond this many payments of unknown fate the subsets are not worth enumerating: a person decides. */
const MAX_UNCERTAIN = 10;

/**
 * loanbot's own other payments to that loan and month that may have changed the amount since our baseline
 * was read: those that certainly did (in paise, summed) and those that may or may not have (each amount).
 * undefined when there are too many of the second kind to tell apart.
 */
async function ourPaymentsSince(deps: ReconcileDeps, write: OutboxWrite, since: number): Promise<{ certain: number; uncertain: number[] } | undefined> {
  let certain = 0;
  const uncertain: number[] = [];
  if (!write.lockKey) return { certain, uncertain };
  for (const other of await deps.store.outbox.listByLockKey(write.lockKey, 1_000)) {
    const theirs = readWriteRequest(other.request);
    if (other.id === write.id || theirs?.operation !== 'update_payment') continue;
    const sentAt = theirs.lastSendAt;
    if (sentAt == null || refused(other)) continue; // never sent, or never applied
    const amount = cents(theirs.body.amount_recovered);
    if (sentAt < since) {
      // Sent before our baseline was read. It is in the baseline (or never happened) if it could no longer
      // change the loan by then: its settle window had passed, or it had been confirmed.
      const settled = sentAt + deps.settleMs <= since;
      const confirmedBefore = other.state === 'confirmed' && other.confirmedAt !== null && other.confirmedAt <= since;
      if (!settled && !confirmedBefore) uncertain.push(amount); // it may have landed after our baseline
      continue;
    }
    if (other.state === 'confirmed') certain += amount; // sent after our baseline and applied
    else uncertain.push(amount); // in flight, waiting for a retry, failed after a timeout…
  }
  return uncertain.length > MAX_UNCERTAIN ? undefined : { certain, uncertain };
}

/**
 * Whether this payment is in every combination of the uncertain ones that explains the change (applied),
 * in none (not applied), or the change is explained both ways or not at all (unknown).
 */
export function decide(change: number, mine: number, uncertain: readonly number[]): Reconciliation {
  let withMine = false;
  let withoutMine = false;
  for (let mask = 0; mask < 1 << uncertain.length; mask++) {
    let sum = 0;
    for (let i = 0; i < uncertain.length; i++) if (mask & (1 << i)) sum += uncertain[i] ?? 0;
    if (sum + mine === change) withMine = true;
    if (sum === change) withoutMine = true;
  }
  if (withMine && !withoutMine) return 'applied';
  if (withoutMine && !withMine) return 'not_applied';
  return 'unknown';
}

export async function reconcilePayment(deps: ReconcileDeps, write: OutboxWrite, request: PaymentRequest): Promise<Reconciliation> {
  const unknown = (why: string): Reconciliation => {
    deps.logger.info({ writeId: write.id, verdict: 'unknown', why }, 'payment reconciled against the loan');
    return 'unknown';
  };
  if (request.baselineRecovered === null || request.baselineAt == null) return unknown('no baseline was read before the first send');
  try {
    const ours = await ourPaymentsSince(deps, write, request.baselineAt);
    if (ours === undefined) return unknown('too many other payments to this loan and month have an unknown outcome');
    let loan: Loan;
    try {
      loan = await deps.credgenics.getLoan(request.loanId);
    } catch (error) {
      deps.logger.warn({ writeId: write.id, err: error }, 'could not read the loan to check the payment; checking again later');
      return 'unreadable';
    }
    const entry = defaultFor(loan, request.allocationMonth);
    if (entry === undefined) return unknown('the loan has no default for this allocation month');
    const change = cents(entry.amountRecovered ?? 0) - cents(request.baselineRecovered) - ours.certain;
    const verdict = decide(change, cents(request.body.amount_recovered), ours.uncertain);
    if (verdict === 'unknown') return unknown(ours.uncertain.length > 0 ? 'the change fits more than one combination of payments, or none' : 'the amount changed by something other than loanbot');
    if (verdict === 'applied' && ours.certain === 0 && ours.uncertain.length === 0) {
      // Nothing else of loanbot's changed this default since the baseline, so its last payment must be this one.
      const last = lastPaymentFits(entry, request.body);
      if (!last.fits) return unknown('the amount rose by this payment’s amount, but the last payment on the default has another method, status or reference');
      deps.logger.info({ writeId: write.id, verdict, matchedBy: last.matchedBy }, 'payment reconciled against the loan');
      return last.matchedBy === 'amount' ? 'applied_by_amount' : 'applied';
    }
    deps.logger.info({ writeId: write.id, verdict, alsoUncertain: ours.uncertain.length }, 'payment reconciled against the loan');
    return verdict === 'applied' ? 'applied_by_amount' : verdict;
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
      if (error instanceof LenderNotFoundError) return 'not_applied';
      deps.logger.warn({ writeId: write.id, err: error }, 'could not read the loan to check the added loan; checking again later');
      return 'unreadable';
    }
  }
  return 'not_needed';
}
