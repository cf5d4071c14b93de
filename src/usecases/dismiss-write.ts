/**
 * A person gives up on a write (Dismiss with a reason), or replaces a rejected one with a corrected copy
 * (Edit & retry). Only a write that nothing is sending can be dismissed: failed, or waiting for an
 * automatic retry.
 */
import type { OutboxWrite, WriteOperation } from '../store/index.ts';
import type { Services } from '../services.ts';

export type DismissDeps = Pick<Services, 'store' | 'notifier' | 'logger'>;

export async function dismissWrite(deps: DismissDeps, writeId: string, by: string, reason: string): Promise<OutboxWrite | undefined> {
  const dismissed = await deps.store.outbox.markDismissed(writeId, by, reason, ['failed', 'pending']);
  if (!dismissed) return undefined;
  await deps.store.audit.append({ actor: by, action: 'alert.dismissed', loanId: dismissed.loanId, lender: dismissed.lender, outcome: 'dismissed', detail: reason, writeId });
  await deps.notifier.refreshAlerts(dismissed).catch((error: unknown) => deps.logger.warn({ err: error, writeId }, 'could not update the alert'));
  return dismissed;
}

/** Whether `writeId` is a write that an Edit & retry of `operation` on `loanId` may replace. */
export async function replaceableWrite(deps: Pick<Services, 'store'>, writeId: string, expected: { operation: WriteOperation; loanId: string }): Promise<OutboxWrite | undefined> {
  const write = await deps.store.outbox.get(writeId);
  if (!write || write.state !== 'failed' || write.operation !== expected.operation || write.loanId !== expected.loanId) return undefined;
  return write;
}

/** The corrected copy was recorded: the write it replaces is dismissed, saying so. */
export async function replaceWrite(deps: DismissDeps, replacedId: string, by: string, replacement: OutboxWrite): Promise<OutboxWrite | undefined> {
  const replaced = await deps.store.outbox.markDismissed(replacedId, by, `edited and sent again as ${replacement.id}`, ['failed']);
  if (!replaced) return undefined;
  await deps.notifier.refreshAlerts(replaced).catch((error: unknown) => deps.logger.warn({ err: error, writeId: replacedId }, 'could not update the alert'));
  return replaced;
}
