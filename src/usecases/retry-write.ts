/**
 * A person's Retry, Retry now and Send anyway on a write: the row is moved, the worker sends it. Nothing
 * is sent here, so two people pressing Retry on two instances at once still give one send: the first
 * move wins (failed → pending) and the second finds the write already on its way.
 */
import { doubtOf, type WriteDoubt } from '../domain/attempt-fate.ts';
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
  /**
   * On its way now. `doubt`: what the worker does first — nothing (it sends), a check of the loan (the earlier
   * attempt finished with its fate unknown), or a check now and, unless the write is found, a final check at
   * `checkAt` (the earlier attempt may still be on its way to the lender).
   */
  | { kind: 'queued'; write: OutboxWrite; doubt: WriteDoubt }
  /** Someone (or loanbot) got there first: nothing more to do. */
  | { kind: 'already'; write: OutboxWrite }
  | { kind: 'unknown' };

/** What the worker checks before it sends this write again, as of `now`. */
export function doubtOfWrite(write: OutboxWrite, now: number): WriteDoubt {
  const request = readWriteRequest(write.request);
  return doubtOf(write, request !== undefined && needsReconciliation(request), now);
}

/**
 * A person's Retry acts at once: the write is due now, and the worker is woken. An earlier attempt that may
 * still be on its way is never sent again before its settle window: the worker checks the loan at once and,
 * unless the write is there, waits for the final check (src/worker/work-on-write.ts). A person's press is a
 * run of its own: it never spends loanbot's automatic tries.
 */
export async function retryWrite(deps: RetryDeps, writeId: string, options: { by: string; force?: boolean }): Promise<RetryResult> {
  const force = options.force === true;
  const current = await deps.store.outbox.get(writeId);
  if (!current) return { kind: 'unknown' };
  const now = deps.now().getTime();
  const tries = deps.writePolicy.triesPerRun;

  let queued: OutboxWrite | undefined;
  if (current.state === 'pending' && !force) {
    // Waiting for an automatic retry: "Retry now" brings it forward, as a run of the presser's own.
    queued = await deps.store.outbox.hurry(writeId, { by: options.by, dueAt: now, maxAttempts: tries });
  } else if (current.state === 'failed') {
    queued = await deps.store.outbox.requeue(writeId, { by: options.by, dueAt: now, force, maxAttempts: tries });
  } else {
    return { kind: 'already', write: current };
  }
  if (!queued) return { kind: 'already', write: (await deps.store.outbox.get(writeId)) ?? current };
  const doubt = doubtOfWrite(queued, now);
  await deps.store.audit.append({
    actor: options.by,
    action: force ? 'write.sent_anyway' : 'write.retried',
    loanId: queued.loanId,
    lender: queued.lender,
    outcome: force ? 'sent without reconciliation, after a person checked the lender' : RETRY_OUTCOME[doubt.kind],
    detail: queued.summary,
    writeId,
  });
  await deps.notifier.refreshAlerts(queued, { retryingBy: options.by }).catch((error: unknown) => deps.logger.warn({ err: error, writeId }, 'could not update the alert'));
  deps.worker.wake();
  return { kind: 'queued', write: queued, doubt };
}

/** The audit trail's words for a Retry, by what the worker does first. */
const RETRY_OUTCOME: Record<WriteDoubt['kind'], string> = {
  none: 'retry requested',
  finished: 'retry requested; the loan is checked first',
  on_its_way: 'retry requested; the loan is checked now, and again when the earlier attempt can no longer land',
};
