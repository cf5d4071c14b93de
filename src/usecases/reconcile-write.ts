/**
 * Did an earlier attempt of this payment reach Credgenics after all? Credgenics' Update Payment has no
 * idempotency key, so after a timeout, a 5xx or a crash we re-read the loan before sending again:
 * if the amount recovered for that allocation month has grown by at least this payment since just
 * before the first attempt, the payment was applied and must not be sent twice.
 */
import { parseAllocationMonth, compareYearMonth } from '../domain/allocation-month.ts';
import type { Loan } from '../domain/loan.ts';
import type { OutboxWrite } from '../store/index.ts';
import type { Services } from '../services.ts';
import type { WriteRequest } from './write-requests.ts';
import { LenderNotFoundError } from '../lenders/errors.ts';

export type Reconciliation = 'applied' | 'not_applied' | 'unknown';

type PaymentRequest = Extract<WriteRequest, { operation: 'update_payment' }>;

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

/**
 * Did an earlier attempt of this write take effect? Only writes that are not safe to repeat need asking:
 * a payment (Credgenics adds it again) and an added loan (Credgenics refuses a second add with a 400).
 * Updates set fields to values, so sending them again is harmless: they are never reconciled.
 */
export async function reconcileWrite(deps: Pick<Services, 'credgenics' | 'logger'>, write: OutboxWrite, request: WriteRequest): Promise<Reconciliation | 'not_needed'> {
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

export async function reconcilePayment(
  deps: Pick<Services, 'credgenics' | 'logger'>,
  write: OutboxWrite,
  request: PaymentRequest,
): Promise<Reconciliation> {
  if (request.baselineRecovered === null) return 'unknown';
  try {
    const loan = await deps.credgenics.getLoan(request.loanId);
    const now = recoveredFor(loan, request.allocationMonth);
    if (now === null) return 'not_applied';
    const applied = now + 0.005 >= request.baselineRecovered + request.body.amount_recovered;
    deps.logger.info({ writeId: write.id, applied }, 'payment reconciled against the loan');
    return applied ? 'applied' : 'not_applied';
  } catch (error) {
    deps.logger.warn({ writeId: write.id, err: error }, 'could not reconcile the payment');
    return 'unknown';
  }
}
