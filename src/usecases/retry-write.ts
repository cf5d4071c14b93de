/**
 * A person's Retry, Retry now and Send anyway on a write: the row is moved, the worker sends it. Nothing
 * is sent here, so two people pressing Retry on two instances at once still give one send: the first
 * move wins (failed → pending) and the second finds the write already on its way.
 */
import type { WritePolicy } from '../domain/write-policy.ts';
import type { Logger } from '../log.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import type { WriteNotifier } from './notifier.ts';
import { needsReconciliation } from './reconcile-write.ts';
import { readWriteRequest } from './write-requests.ts';

export interface RetryDeps {
  store: Pick<Store, 'outbox' | 'audit'>;
  worker: { wake(): void };
  writePolicy: Pick<WritePolicy, 'triesPerRun'>;
  now(): Date;
  notifier: Pick<WriteNotifier, 'refreshAlerts'>;
  logger: Logger;
}

export type RetryResult =
  /** On its way; `checkAt` when an earlier attempt may still be applied and the loan is checked first, later. */
  | { kind: 'queued'; write: OutboxWrite; checkAt: number | null }
  /** Someone (or loanbot) got there first: nothing more to do. */
  | { kind: 'already'; write: OutboxWrite }
  | { kind: 'unknown' };

/** When the loan can be checked for an earlier attempt of this write, if that is still ahead. */
function checkTime(write: OutboxWrite, force: boolean, now: number): number | null {
  const request = readWriteRequest(write.request);
  if (force || !write.needsReconcile || !request || !needsReconciliation(request)) return null;
  return write.settleAfter !== null && write.settleAfter > now ? write.settleAfter : null;
}

export async function retryWrite(deps: RetryDeps, writeId: string, options: { by: string; force?: boolean }): Promise<RetryResult> {
  const force = options.force === true;
  const current = await deps.store.outbox.get(writeId);
  if (!current) return { kind: 'unknown' };
  const now = deps.now().getTime();
  const checkAt = checkTime(current, force, now);
  const dueAt = checkAt ?? now;

  if (current.state === 'pending' && !force) {
    // Waiting for an automatic retry: "Retry now" brings it forward (never before the settle window).
    const hurried = await deps.store.outbox.hurry(writeId, dueAt);
    if (!hurried) return { kind: 'already', write: (await deps.store.outbox.get(writeId)) ?? current };
    deps.worker.wake();
    return { kind: 'queued', write: hurried, checkAt };
  }
  if (current.state !== 'failed') return { kind: 'already', write: current };

  const queued = await deps.store.outbox.requeue(writeId, { by: options.by, dueAt, force, maxAttempts: deps.writePolicy.triesPerRun });
  if (!queued) return { kind: 'already', write: (await deps.store.outbox.get(writeId)) ?? current };
  await deps.store.audit.append({
    actor: options.by,
    action: force ? 'write.sent_anyway' : 'write.retried',
    loanId: queued.loanId,
    lender: queued.lender,
    outcome: force ? 'sent without reconciliation, after a person checked the lender' : checkAt ? 'retry requested; the loan is checked first' : 'retry requested',
    detail: queued.summary,
    writeId,
  });
  await deps.notifier.refreshAlerts(queued, { retryingBy: options.by }).catch((error: unknown) => deps.logger.warn({ err: error, writeId }, 'could not update the alert'));
  deps.worker.wake();
  return { kind: 'queued', write: queued, checkAt };
}
