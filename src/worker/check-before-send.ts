/**
 * Before a write whose earlier attempt may have reached the lender is sent again, the loan is checked
 * (src/usecases/reconcile-write.ts). What happens next depends on that attempt's fate (src/domain/attempt-fate.ts):
 *
 * - finished (the lender answered): found → confirmed; not there → sent now; cannot tell → a person decides.
 * - maybe still on its way (before its settle window ends): checked anyway, now — on a person's Retry or
 *   when this instance takes the write over from one that stopped mid-send — and found → confirmed at once;
 *   otherwise it waits, handed back until the final check at the end of the window, and the write's
 *   message says so. Never sent again while the earlier attempt may still land.
 * - a check that could not read the loan is no verdict: the write stays in doubt and is checked again on
 *   the usual schedule.
 */
import { doubtOf } from '../domain/attempt-fate.ts';
import { nextTryAt, type WritePolicy } from '../domain/write-policy.ts';
import type { ClaimedWrite } from '../store/index.ts';
import { reconcileWrite, type MatchedBy } from '../usecases/reconcile-write.ts';
import type { StoredWriteRequest } from '../usecases/write-requests.ts';
import { recordConfirmed, recordUnverified, STOPPED_MID_SEND, type OutcomeDeps } from '../usecases/write-outcomes.ts';
import { automaticTry } from './runs.ts';

export interface WorkDeps extends OutcomeDeps {
  policy: WritePolicy;
  /** This instance's id: the lease owner. */
  owner: string;
  /** CREDGENICS_WRITES_PER_SECOND paces bulk rows (src/worker/bulk-turn.ts). */
  config?: { credgenicsWritesPerSecond?: number };
}

/** 'settled': confirmed, failed for a person, or handed back to wait; 'send': not there, send it now. */
export async function checkBeforeSend(deps: WorkDeps, write: ClaimedWrite, request: StoredWriteRequest, by: string): Promise<'settled' | 'send'> {
  const { store, owner, policy } = deps;
  const now = deps.now().getTime();
  const doubt = doubtOf(write, true, now);
  const verdict = await reconcileWrite({ ...deps, settleMs: policy.settleMs }, write, request);
  if (verdict === 'applied' || verdict === 'applied_by_amount') {
    const matchedBy: MatchedBy = verdict === 'applied' ? 'reference' : 'amount';
    await recordConfirmed(deps, write.id, { answer: 'already applied (found by reconciliation)', matchedBy }, { by, reconciled: true, automatic: automaticTry(write, policy) });
    return 'settled';
  }
  if (doubt.kind === 'on_its_way') {
    // Not there yet (or not readable yet): the earlier attempt may still land. Wait for the final check.
    const waiting = write.takenOver
      ? await store.outbox.reschedule(write.id, owner, { status: null, error: STOPPED_MID_SEND, lenderMessage: null, retryable: true, uncertain: true, settleAfter: doubt.checkAt }, doubt.checkAt)
      : await store.outbox.release(write.id, owner, doubt.checkAt);
    deps.logger.info({ writeId: write.id, verdict, checkAt: doubt.checkAt, takenOver: write.takenOver }, 'an earlier attempt may still be on its way: the final check waits for the settle window');
    if (waiting) await deps.notifier.waiting(waiting).catch((error: unknown) => deps.logger.error({ err: error, writeId: write.id }, 'could not update the alert'));
    return 'settled';
  }
  if (verdict === 'unreadable') {
    const dueAt = nextTryAt(policy, Math.max(1, write.attempts), now);
    const waiting = await store.outbox.release(write.id, owner, dueAt);
    if (waiting) await deps.notifier.waiting(waiting).catch((error: unknown) => deps.logger.error({ err: error, writeId: write.id }, 'could not update the alert'));
    return 'settled';
  }
  if (verdict === 'unknown') {
    await recordUnverified(deps, write, { by });
    return 'settled';
  }
  return 'send';
}
