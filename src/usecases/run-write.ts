/**
 * The outbox state machine, in one place:
 *
 *   record (pending) ──claim──▶ sending ──2xx──▶ confirmed
 *                                  │
 *                                  ├─ 4xx ──────────────▶ failed (not retryable: Edit & retry)
 *                                  └─ timeout/5xx/429 ──▶ automatic retries with backoff ──▶ failed (Retry)
 *   failed ──Retry (claim)──▶ sending …        failed ──Dismiss──▶ dismissed
 *
 * Claims are compare-and-set in the store, so a double click, a Slack retry, two people pressing
 * Retry or two processes can never send one write twice. A payment that may have been applied
 * (timeout/5xx) is reconciled against the loan before it is ever sent again.
 */
import { LenderError, LenderNetworkError } from '../lenders/errors.ts';
import { lenderErrorStatus } from '../lenders/error-messages.ts';
import type { OutboxWrite, WriteState } from '../store/index.ts';
import type { Services } from '../services.ts';
import { isWriteRequest, sendWrite, type WriteRequest } from './write-requests.ts';
import { noteSend, paymentLockKey, reconcileWrite, recordBaseline } from './reconcile-write.ts';

export type WriteOutcome =
  | { kind: 'confirmed'; write: OutboxWrite; reconciled: boolean }
  | { kind: 'failed'; write: OutboxWrite; error: LenderError }
  | { kind: 'busy'; write: OutboxWrite | undefined };

export interface RunOptions {
  /** States a claim may start from: ['pending'] for a new write, ['failed'] for Retry. */
  from: WriteState[];
  /** Who triggered this run (the recorder, or whoever pressed Retry). */
  by: string;
  /** Send without reconciling first: a person checked the lender and chose "Send anyway". */
  force?: boolean;
  maxAttempts: number;
}

export type WriteDeps = Pick<Services, 'credgenics' | 'apollo' | 'store' | 'logger' | 'notifier' | 'writePolicy' | 'sleep' | 'locks' | 'now'>;

function requestOf(write: OutboxWrite): WriteRequest {
  if (!isWriteRequest(write.request)) throw new Error(`outbox write ${write.id} has no readable request`);
  return write.request;
}

function asLenderError(error: unknown, write: OutboxWrite): LenderError {
  if (error instanceof LenderError) return error;
  return new LenderNetworkError({ lender: write.lender, operation: write.operation, cause: error });
}

/** The error a write fails with when loanbot cannot tell whether an earlier attempt reached the lender. */
export const UNVERIFIED = 'could not tell whether the earlier attempt reached Credgenics';

type Attempt = { done: WriteOutcome } | { retryAfter: LenderError };

/**
 * One attempt, under the payment lock for its loan and month: note the baseline (first attempt of a
 * payment), or reconcile (any later attempt of a payment or added loan, unless a person chose to send
 * anyway), then send.
 */
async function attempt(deps: WriteDeps, write: OutboxWrite, request: WriteRequest, options: RunOptions): Promise<Attempt> {
  if (request.operation === 'update_payment' && request.baselineRecovered === null && write.attempts === 1) {
    await recordBaseline(deps, write, request);
  } else if (write.attempts > 1 && write.retryable !== false && !options.force) {
    const check = await reconcileWrite(deps, write, request);
    if (check === 'applied') return { done: await confirm(deps, write, { answer: 'already applied (found by reconciliation)' }, options.by, true) };
    if (check === 'unknown') {
      const error = new LenderNetworkError({ lender: write.lender, operation: write.operation, lenderMessage: UNVERIFIED });
      return { done: await fail(deps, write, error, options.by) };
    }
  }
  const sending = request.operation === 'update_payment' ? await noteSend(deps, write, requestOf(write) as typeof request) : request;
  try {
    return { done: await confirm(deps, write, await sendWrite(deps, sending), options.by, false) };
  } catch (caught) {
    const error = asLenderError(caught, write);
    deps.logger.warn({ writeId: write.id, attempt: write.attempts, error: error.toLog() }, 'lender write failed');
    if (!error.retryable || write.attempts >= options.maxAttempts) return { done: await fail(deps, write, error, options.by) };
    return { retryAfter: error };
  }
}

/** Claim, (reconcile,) send, record the outcome, tell the people. */
export async function runWrite(deps: WriteDeps, writeId: string, run: Omit<RunOptions, 'maxAttempts'>): Promise<WriteOutcome> {
  let write = await deps.store.outbox.claim(writeId, run.from);
  if (!write) return { kind: 'busy', write: await deps.store.outbox.get(writeId) };
  const options: RunOptions = { ...run, maxAttempts: write.attempts + deps.writePolicy.autoRetries };
  const lockKey = write.operation === 'update_payment' ? paymentLockKey(requestOf(write)) : undefined;
  for (;;) {
    const current: OutboxWrite = write;
    const step = await deps.locks.run(lockKey, () => attempt(deps, current, requestOf(current), options));
    if ('done' in step) return step.done;
    await deps.store.outbox.markFailed(current.id, {
      status: step.retryAfter.status ?? null,
      error: lenderErrorStatus(step.retryAfter),
      lenderMessage: step.retryAfter.lenderMessage ?? null,
      retryable: true,
    });
    await deps.sleep(deps.writePolicy.backoffMs(current.attempts));
    const again = await deps.store.outbox.claim(current.id, ['failed']);
    if (!again) return { kind: 'busy', write: await deps.store.outbox.get(current.id) };
    write = again;
  }
}

export async function confirm(deps: WriteDeps, write: OutboxWrite, result: unknown, by: string, reconciled: boolean): Promise<WriteOutcome> {
  const done = await deps.store.outbox.markConfirmed(write.id, { result, by });
  await deps.store.audit.append({
    actor: by,
    action: `${write.operation}.confirmed`,
    loanId: write.loanId,
    lender: write.lender,
    outcome: reconciled ? 'confirmed by reconciliation' : 'confirmed',
    detail: write.summary,
    writeId: write.id,
  });
  await deps.notifier.confirmed(done, { by, reconciled }).catch((error: unknown) => deps.logger.error({ err: error, writeId: write.id }, 'could not post the confirmation'));
  return { kind: 'confirmed', write: done, reconciled };
}

export async function fail(deps: WriteDeps, write: OutboxWrite, error: LenderError, by: string): Promise<WriteOutcome> {
  const failed = await deps.store.outbox.markFailed(write.id, {
    status: error.status ?? null,
    error: lenderErrorStatus(error),
    lenderMessage: error.lenderMessage ?? null,
    retryable: error.retryable,
  });
  await deps.store.audit.append({
    actor: by,
    action: `${write.operation}.failed`,
    loanId: write.loanId,
    lender: write.lender,
    outcome: `failed: ${lenderErrorStatus(error)}${error.lenderMessage ? ` — ${error.lenderMessage}` : ''}`,
    detail: write.summary,
    writeId: write.id,
  });
  await deps.notifier.failed(failed, error, { by }).catch((err: unknown) => deps.logger.error({ err, writeId: write.id }, 'could not post the alert'));
  return { kind: 'failed', write: failed, error };
}
