/**
 * Failed writes whose alert was never posted (the instance stopped between recording the failure and
 * posting it, or Slack refused every post) get their alert, so no failure goes unseen. Every instance
 * runs this at start and then every MISSING_ALERTS_EVERY_MS:
 * - a failure younger than ALERT_GRACE_MS is left alone: the instance that recorded it may be posting
 *   its alert right now;
 * - each missing alert is claimed in the store's shared memory before it is posted, so two instances
 *   starting together (or sweeping at once) post it once; a claim whose post failed lapses after
 *   CLAIM_MS and the next sweep tries again;
 * - bulk rows have no alert of their own (their batch message lists them) and are left out by the store's
 *   query, so a month end of failed rows never hides a person's failed write.
 */
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { BULK_KEY_PREFIX } from './bulk-keys.ts';
import type { WriteNotifier } from './notifier.ts';

/** A failure this recent may still be getting its alert from the instance that recorded it. */
export const ALERT_GRACE_MS = 20_000;
/** How often every instance looks for failed writes without an alert. */
export const MISSING_ALERTS_EVERY_MS = 30_000;
/** How long one instance's claim to post a missing alert holds. */
const CLAIM_MS = 5 * 60_000;

export interface AlertMissingDeps {
  store: Pick<Store, 'outbox' | 'replays'>;
  notifier: Pick<WriteNotifier, 'failed'>;
  logger: Logger;
}

export async function alertMissingAlerts(deps: AlertMissingDeps, now: number = Date.now()): Promise<number> {
  let alerted = 0;
  for (const write of await deps.store.outbox.listFailedWithoutAlert({ limit: 200, skipKeyPrefix: BULK_KEY_PREFIX })) {
    if (write.updatedAt > now - ALERT_GRACE_MS) break; // oldest first: the rest are younger still
    if (!(await deps.store.replays.remember(`alert-missing:${write.id}`, now + CLAIM_MS))) continue;
    await deps.notifier.failed(write, { by: write.runBy ?? write.requestedBy });
    alerted += 1;
  }
  if (alerted > 0) deps.logger.warn({ alerted }, 'posted alerts of failed writes that had none');
  return alerted;
}
