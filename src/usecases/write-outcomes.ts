/**
 * Recording how a write ended — in the outbox, in the audit trail, and for the people involved (the
 * notifier: confirmation or alert, the modal, the App Home). Used by the worker, which holds the lease.
 */
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';
import type { ApolloClient } from '../lenders/apollo/client.ts';
import type { LenderError } from '../lenders/errors.ts';
import type { Logger } from '../log.ts';
import type { AttemptFailure, OutboxWrite, Store } from '../store/index.ts';
import type { WriteNotifier } from './notifier.ts';

/**
 * loanbot's own descriptions of a failure, stored as a write's `lastError` (never as the lender's message):
 * the final check of the loan could not tell whether an earlier attempt was applied (a person decides:
 * Send anyway or Dismiss); the instance sending it stopped mid-send and another took it over; what was
 * stored for the write cannot be read back.
 */
export const UNVERIFIED = 'not verifiable from the loan';
export const STOPPED_MID_SEND = 'the instance sending it stopped';
export const UNREADABLE_REQUEST = 'stored request unreadable';

/**
 * The status a failed attempt is recorded with (the write's lastError, its audit outcome), which alerts,
 * the App Home and the history show as it is: "HTTP 500", "timed out after 10 s".
 */
export function lenderErrorStatus(error: LenderError): string {
  if (error.kind === 'timeout') return `timed out after ${Math.round((error.timeoutMs ?? 0) / 1000)} s`;
  if (error.kind === 'network') return 'unreachable';
  if (error.kind === 'wrong_record') return 'answer about another loan';
  if (error.kind === 'too_large') return 'answer too large';
  if (error.kind === 'malformed') return `unreadable answer${error.status ? ` (HTTP ${error.status})` : ''}`;
  return `HTTP ${error.status ?? '?'}`;
}

export interface OutcomeDeps {
  store: Store;
  notifier: WriteNotifier;
  logger: Logger;
  credgenics: CredgenicsClient;
  apollo: ApolloClient | null;
  now: () => Date;
  /** The lease holder recording the outcome. */
  owner: string;
}

/**
 * `automatic`: the send (or check) that settled it was one of loanbot's automatic retries, not the one its
 * run began with: the messages then say loanbot did it, not the person who started the run.
 */
export async function recordConfirmed(deps: OutcomeDeps, writeId: string, result: unknown, info: { by: string; reconciled: boolean; automatic: boolean }): Promise<OutboxWrite> {
  const done = await deps.store.outbox.markConfirmed(writeId, info.automatic ? { result } : { result, by: info.by });
  await deps.store.audit.append({
    actor: info.by,
    action: `${done.operation}.confirmed`,
    loanId: done.loanId,
    lender: done.lender,
    outcome: `${info.reconciled ? 'confirmed by reconciliation' : 'confirmed'}${info.automatic ? ' (loanbot retried it by itself)' : ''}`,
    detail: done.summary,
    writeId,
  });
  await deps.notifier.confirmed(done, info).catch((error: unknown) => deps.logger.error({ err: error, writeId }, 'could not post the confirmation'));
  return done;
}

export async function recordFailed(
  deps: OutcomeDeps,
  writeId: string,
  error: LenderError,
  info: { by: string; uncertain: boolean; settleAfter?: number | null },
): Promise<OutboxWrite | undefined> {
  const failure = {
    status: error.status ?? null,
    error: lenderErrorStatus(error),
    lenderMessage: error.lenderMessage ?? null,
    retryable: error.retryable || info.uncertain,
    uncertain: info.uncertain,
    settleAfter: info.settleAfter ?? null,
  };
  const failed = await deps.store.outbox.markFailed(writeId, failure, deps.owner);
  if (failed.state !== 'failed' || failed.leaseOwner !== null) return undefined; // the lease was lost, or it was settled meanwhile
  await deps.store.audit.append({
    actor: info.by,
    action: `${failed.operation}.failed`,
    loanId: failed.loanId,
    lender: failed.lender,
    outcome: `failed: ${lenderErrorStatus(error)}${error.lenderMessage ? ` — ${error.lenderMessage}` : ''}`,
    detail: failed.summary,
    writeId,
  });
  await deps.notifier.failed(failed, { by: info.by, error }).catch((err: unknown) => deps.logger.error({ err, writeId }, 'could not post the alert'));
  return failed;
}

/** A failure of loanbot's own (not the lender's answer), recorded with its audit entry and alert. */
async function recordOwnFailure(deps: OutcomeDeps, writeId: string, failure: AttemptFailure, info: { by: string; outcome: string }): Promise<void> {
  const failed = await deps.store.outbox.markFailed(writeId, failure, deps.owner);
  if (failed.state !== 'failed' || failed.leaseOwner !== null) return; // the lease was lost, or it was settled meanwhile
  await deps.store.audit.append({ actor: info.by, action: `${failed.operation}.failed`, loanId: failed.loanId, lender: failed.lender, outcome: info.outcome, detail: failed.summary, writeId });
  await deps.notifier.failed(failed, { by: info.by }).catch((err: unknown) => deps.logger.error({ err, writeId }, 'could not post the alert'));
}

/**
 * The final check could not tell whether an earlier attempt was applied: a person checks the loan, then
 * Send anyway or Dismiss. The earlier attempt's status and the lender's own words are kept as they were.
 */
export async function recordUnverified(deps: OutcomeDeps, write: OutboxWrite, info: { by: string }): Promise<void> {
  const failure = { status: write.lastStatus, error: UNVERIFIED, lenderMessage: write.lenderMessage, retryable: true, uncertain: true, settleAfter: write.settleAfter };
  await recordOwnFailure(deps, write.id, failure, { by: info.by, outcome: 'failed: loanbot could not tell from the loan whether the earlier attempt was applied' });
}

/** What was stored for the write cannot be read back: nothing can be sent. */
export async function recordUnreadable(deps: OutcomeDeps, writeId: string, info: { by: string }): Promise<void> {
  const failure = { status: null, error: UNREADABLE_REQUEST, lenderMessage: null, retryable: false, uncertain: false };
  await recordOwnFailure(deps, writeId, failure, { by: info.by, outcome: 'failed: loanbot cannot read what it stored for this write' });
}
