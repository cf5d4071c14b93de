/**
 * At start: failed writes whose alert was never posted (the process stopped between recording the
 * failure and posting) get their alert now, so no failure goes unseen.
 */
import { LenderNetworkError } from '../lenders/errors.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { WriteNotifier } from './notifier.ts';

export interface AlertMissingDeps {
  store: Pick<Store, 'outbox'>;
  notifier: Pick<WriteNotifier, 'failed'>;
  logger: Logger;
}

export async function alertMissingAlerts(deps: AlertMissingDeps): Promise<number> {
  let alerted = 0;
  for (const write of await deps.store.outbox.listFailed({ limit: 200 })) {
    if (write.alerts.length > 0) continue;
    const error = new LenderNetworkError({ lender: write.lender, operation: write.operation, status: write.lastStatus ?? undefined, lenderMessage: write.lenderMessage ?? undefined });
    await deps.notifier.failed(write, error, { by: write.runBy ?? write.requestedBy });
    alerted += 1;
  }
  if (alerted > 0) deps.logger.warn({ alerted }, 'posted alerts that the last run did not');
  return alerted;
}
