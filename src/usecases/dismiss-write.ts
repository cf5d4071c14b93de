/**
 * A person gives up on a write (Dismiss with a reason). Only a write that nothing is sending can be
 * dismissed: failed, or waiting for an automatic retry. (Edit & retry's replacing: replace-write.ts.)
 */
import { maskFreeText } from '../domain/masking.ts';
import type { Logger } from '../log.ts';
import type { OutboxWrite, Store, WriteState } from '../store/index.ts';
import type { WriteNotifier } from './notifier.ts';

export interface DismissDeps {
  store: Pick<Store, 'outbox' | 'audit'>;
  notifier: Pick<WriteNotifier, 'refreshAlerts'>;
  logger: Logger;
}

/** Dismiss pressed: may this write be dismissed (then the reason is asked for)? */
export type Dismissable = { kind: 'unknown' } | { kind: 'settled'; state: WriteState } | { kind: 'dismissable'; writeId: string; loanId: string };

export async function dismissable(deps: { store: Pick<Store, 'outbox'> }, writeId: string): Promise<Dismissable> {
  const write = await deps.store.outbox.get(writeId);
  if (!write) return { kind: 'unknown' };
  if (write.state !== 'failed' && write.state !== 'pending') return { kind: 'settled', state: write.state };
  return { kind: 'dismissable', writeId: write.id, loanId: write.loanId };
}

/** `typed` is the reason the person gave: kept (on the write and in the audit trail) with its PII masked, as it is shown in the channel. */
export async function dismissWrite(deps: DismissDeps, writeId: string, by: string, typed: string): Promise<OutboxWrite | undefined> {
  const reason = maskFreeText(typed);
  const dismissed = await deps.store.outbox.markDismissed(writeId, by, reason, ['failed', 'pending']);
  if (!dismissed) return undefined;
  await deps.store.audit.append({ actor: by, action: 'alert.dismissed', loanId: dismissed.loanId, lender: dismissed.lender, outcome: 'dismissed', detail: reason, writeId });
  await deps.notifier.refreshAlerts(dismissed).catch((error: unknown) => deps.logger.warn({ err: error, writeId }, 'could not update the alert'));
  return dismissed;
}
