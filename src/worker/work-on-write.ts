/**
 * One claimed write, start to finish, under this instance's lease:
 *
 *   check first, if an earlier attempt may have reached the lender (src/worker/check-before-send.ts)
 *     found → confirmed · still in doubt → handed back until its final check · not there ↓
 *   read a payment's baseline (first send) → markSent → send (lease renewed meanwhile)
 *     2xx → confirmed · refused (4xx) → failed (Edit & retry) ·
 *     any other failure → pending again, due after the backoff (no earlier than a Retry-After the lender
 *     sent, capped; and not before the settle window when the attempt may still be on its way), with the
 *     alert posted now; when the run's tries are used up → failed (Retry)
 *
 * Every outcome is recorded by a guarded update that only the lease holder can make; a worker that lost its
 * lease (it stalled past the expiry and another instance took over) stops without sending.
 */
import { asLenderError } from '../lenders/as-lender-error.ts';
import type { LenderError } from '../lenders/errors.ts';
import type { ClaimedWrite, OutboxWrite } from '../store/index.ts';
import { needsReconciliation, withBaseline } from '../usecases/reconcile-write.ts';
import { readWriteRequest, sendWrite, type WriteRequest } from '../usecases/write-requests.ts';
import { lenderErrorStatus, recordConfirmed, recordFailed, recordUnreadable } from '../usecases/write-outcomes.ts';
import { nextTryAt } from '../domain/write-policy.ts';
import { fateOf } from './attempt-outcome.ts';
import { takeBulkTurn } from './bulk-turn.ts';
import { checkBeforeSend, type WorkDeps } from './check-before-send.ts';
import { automaticTry } from './runs.ts';

export type { WorkDeps } from './check-before-send.ts';

export async function workOnWrite(deps: WorkDeps, write: ClaimedWrite): Promise<void> {
  const { store, policy, owner } = deps;
  const now = () => deps.now().getTime();
  const by = write.runBy ?? write.requestedBy;
  const request = readWriteRequest(write.request);
  if (!request) {
    await recordUnreadable(deps, write.id, { by });
    return;
  }

  if (write.needsReconcile && !write.force && needsReconciliation(request)) {
    if ((await checkBeforeSend(deps, write, request, by)) === 'settled') return;
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
  await recordConfirmed(deps, write.id, result, { by, reconciled: false, automatic: automaticTry(sent, policy) });
}

async function afterFailure(deps: WorkDeps, sent: OutboxWrite, error: LenderError, by: string, reconciles: boolean): Promise<void> {
  const { policy } = deps;
  const now = deps.now().getTime();
  const fate = fateOf(error);
  // Only an attempt that may still be applied later waits for the settle window; one the lender answered
  // is checked at the next try, at once on a person's Retry.
  const uncertain = reconciles && (fate === 'finished' || fate === 'on_its_way');
  const settleAfter = reconciles && fate === 'on_its_way' ? (sent.sentAt ?? now) + policy.settleMs : null;
  deps.logger.warn({ writeId: sent.id, attempt: sent.attempts, fate, error: error.toLog() }, 'lender write failed');
  if (fate === 'refused' || sent.attempts >= sent.maxAttempts) {
    await recordFailed(deps, sent.id, error, { by, uncertain, settleAfter });
    return;
  }
  // The one place a write is retried: the lender clients send once per call (a Retry-After they were
  // given travels on the error), so one failed attempt is one request to the lender.
  const dueAt = nextTryAt(policy, sent.attempts, now, { retryAfterMs: error.retryAfterMs, settleAfter });
  const failure = { status: error.status ?? null, error: lenderErrorStatus(error), lenderMessage: error.lenderMessage ?? null, retryable: true, uncertain, settleAfter };
  const waiting = await deps.store.outbox.reschedule(sent.id, deps.owner, failure, dueAt);
  if (!waiting) return; // the lease was lost; whoever holds it now decides
  await deps.store.audit.append({
    actor: by,
    action: `${waiting.operation}.attempt_failed`,
    loanId: waiting.loanId,
    lender: waiting.lender,
    outcome: `${lenderErrorStatus(error)}${error.lenderMessage ? ` — ${error.lenderMessage}` : ''}`,
    detail: waiting.summary,
    writeId: waiting.id,
  });
  await deps.notifier.failed(waiting, { by, error }).catch((err: unknown) => deps.logger.error({ err, writeId: sent.id }, 'could not post the alert'));
}
