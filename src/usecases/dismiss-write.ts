/**
 * A person gives up on a write (Dismiss with a reason). Only a write that nothing is sending can be
 * dismissed: failed, or waiting for an automatic retry. (Edit & retry's replacing: replace-write.ts.)
 */
import type { OutboxWrite } from '../store/index.ts';
import type { Services } from '../services.ts';

export type DismissDeps = Pick<Services, 'store' | 'notifier' | 'logger'>;

export async function dismissWrite(deps: DismissDeps, writeId: string, by: string, reason: string): Promise<OutboxWrite | undefined> {
  const dismissed = await deps.store.outbox.markDismissed(writeId, by, reason, ['failed', 'pending']);
  if (!dismissed) return undefined;
  await deps.store.audit.append({ actor: by, action: 'alert.dismissed', loanId: dismissed.loanId, lender: dismissed.lender, outcome: 'dismissed', detail: reason, writeId });
  await deps.notifier.refreshAlerts(dismissed).catch((error: unknown) => deps.logger.warn({ err: error, writeId }, 'could not update the alert'));
  return dismissed;
}
