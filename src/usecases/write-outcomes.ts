/**
 * Recording how a write ended — in the outbox, in the audit trail, and for the people involved (the
 * notifier: confirmation or alert, the modal, the App Home). Used by the worker, which holds the lease.
 */
import type { CredgenicsClient } from '../lenders/credgenics/client.ts';
import type { ApolloClient } from '../lenders/apollo/client.ts';
import type { LenderError } from '../lenders/errors.ts';
import type { Logger } from '../log.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import type { WriteNotifier } from './notifier.ts';

/** The error a write fails with when loanbot cannot tell whether an earlier attempt reached the lender. */
export const UNVERIFIED = 'could not tell whether the earlier attempt reached Credgenics';

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

export async function recordConfirmed(deps: OutcomeDeps, writeId: string, result: unknown, info: { by: string; reconciled: boolean }): Promise<OutboxWrite> {
  const done = await deps.store.outbox.markConfirmed(writeId, { result, by: info.by });
  await deps.store.audit.append({
    actor: info.by,
    action: `${done.operation}.confirmed`,
    loanId: done.loanId,
    lender: done.lender,
    outcome: info.reconciled ? 'confirmed by reconciliation' : 'confirmed',
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
  await deps.notifier.failed(failed, error, { by: info.by }).catch((err: unknown) => deps.logger.error({ err, writeId }, 'could not post the alert'));
  return failed;
}
