/**
 * One claimed write, start to finish, under this instance's lease:
 *
 *   reconcile first, if an earlier attempt may have reached the lender (not before the settle window)
 *     applied → confirmed · unknown → failed (a person checks, then Send anyway or Dismiss) · not applied ↓
 *   read a payment's baseline (first send) → markSent → send (lease renewed meanwhile)
 *     2xx → confirmed · 4xx → failed (Edit & retry) ·
 *     timeout / 5xx / unreadable 2xx → pending again, due after the backoff (no earlier than a Retry-After
 *     the lender sent, capped; and after the settle window when it may have been applied), with the alert
 *     posted now; when the run's tries are used up → failed (Retry)
 *
 * Every outcome is recorded by a guarded update that only the lease holder can make; a worker that lost its
 * lease (it stalled past the expiry and another instance took over) stops without sending.
 */
import { asLenderError } from '../lenders/as-lender-error.ts';
import { LenderNetworkError, type LenderError } from '../lenders/errors.ts';
import type { OutboxWrite } from '../store/index.ts';
import { needsReconciliation, reconcileWrite, withBaseline } from '../usecases/reconcile-write.ts';
import { readWriteRequest, sendWrite, type WriteRequest } from '../usecases/write-requests.ts';
import { lenderErrorStatus, recordConfirmed, recordFailed, UNVERIFIED, type OutcomeDeps } from '../usecases/write-outcomes.ts';
import { nextTryAt, type WritePolicy } from '../domain/write-policy.ts';
import { mayHaveBeenApplied, worthRetrying } from './attempt-outcome.ts';
import { takeBulkTurn } from './bulk-turn.ts';

export interface WorkDeps extends OutcomeDeps {
  policy: WritePolicy;
  /** This instance's id: the lease owner. */
  owner: string;
  /** CREDGENICS_WRITES_PER_SECOND paces bulk rows (src/worker/bulk-turn.ts). */
  config?: { credgenicsWritesPerSecond?: number };
}

export async function workOnWrite(deps: WorkDeps, write: OutboxWrite): Promise<void> {
  const { store, policy, owner } = deps;
  const now = () => deps.now().getTime();
  const by = write.runBy ?? write.requestedBy;
  const request = readWriteRequest(write.request);
  if (!request) {
    const error = new LenderNetworkError({ lender: write.lender, operation: write.operation, lenderMessage: 'loanbot cannot read what it stored for this write' });
    await recordFailed(deps, write.id, error, { by, uncertain: false });
    return;
  }

  if (write.needsReconcile && !write.force && needsReconciliation(request)) {
    if (write.settleAfter !== null && now() < write.settleAfter) {
      await store.outbox.release(write.id, owner, write.settleAfter);
      return;
    }
    const verdict = await reconcileWrite({ ...deps, settleMs: policy.settleMs }, write, request);
    if (verdict === 'applied') {
      await recordConfirmed(deps, write.id, { answer: 'already applied (found by reconciliation)' }, { by, reconciled: true });
      return;
    }
    if (verdict === 'unknown') {
      const error = new LenderNetworkError({ lender: write.lender, operation: write.operation, status: write.lastStatus ?? undefined, lenderMessage: UNVERIFIED });
      await recordFailed(deps, write.id, error, { by, uncertain: true, settleAfter: write.settleAfter });
      return;
    }
  }

  let toSend: WriteRequest = request;
  if (toSend.operation === 'update_payment') {
    if (toSend.baselineRecovered === null) toSend = await withBaseline({ ...deps, settleMs: policy.settleMs }, write, toSend, now());
    toSend = { ...toSend, lastSendAt: now() };
  }
  const turn = await takeBulkTurn(deps, write);
  if (!turn) return; // a bulk row waits for the deployment's next send turn
  const sent = await store.outbox.markSent(write.id, owner, toSend);
  if (!sent) {
    deps.logger.warn({ writeId: write.id }, 'lost the lease before sending; another instance has the write');
    return;
  }

  let result: unknown;
  const renew = setInterval(() => {
    store.outbox.renewLease(write.id, owner, policy.leaseMs).catch((error: unknown) => deps.logger.warn({ err: error, writeId: write.id }, 'could not renew a lease'));
  }, Math.max(1, Math.floor(policy.leaseMs / 3)));
  await turn.leave(); // a bulk row goes out only when the deployment's last second at the lender has room
  try {
    result = await sendWrite(deps, toSend);
  } catch (caught) {
    clearInterval(renew);
    await afterFailure(deps, sent, asLenderError(caught, { lender: sent.lender, operation: sent.operation }), by, needsReconciliation(toSend));
    return;
  }
  clearInterval(renew);
  await recordConfirmed(deps, write.id, result, { by, reconciled: false });
}

async function afterFailure(deps: WorkDeps, sent: OutboxWrite, error: LenderError, by: string, reconciles: boolean): Promise<void> {
  const { policy } = deps;
  const now = deps.now().getTime();
  const uncertain = reconciles && mayHaveBeenApplied(error);
  const settleAfter = uncertain ? (sent.sentAt ?? now) + policy.settleMs : null;
  deps.logger.warn({ writeId: sent.id, attempt: sent.attempts, uncertain, error: error.toLog() }, 'lender write failed');
  if (!worthRetrying(error) || sent.attempts >= sent.maxAttempts) {
    await recordFailed(deps, sent.id, error, { by, uncertain, settleAfter });
    return;
  }
  // The one place a write is retried: the lender clients send once per call (a Retry-After they were
  // given travels on the error), so one failed attempt is one request to the lender.
  const dueAt = nextTryAt(policy, sent.attempts, now, { retryAfterMs: error.retryAfterMs, settleAfter });
  const failure = { status: error.status ?? null, error: lenderErrorStatus(error), lenderMessage: error.lenderMessage ?? null, retryable: true, uncertain, settleAfter };
  const waiting = await deps.store.outbox.reschedule(sent.id, deps.owner, failure, dueAt);
  if (!waiting) return; // the lease was lost; whoever holds it now decides
  await deps.notifier.failed(waiting, error, { by }).catch((err: unknown) => deps.logger.error({ err, writeId: sent.id }, 'could not post the alert'));
}
