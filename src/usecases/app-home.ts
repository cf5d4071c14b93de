/**
 * What a person's App Home lists: their recent writes, their failed writes waiting for a Retry, for a
 * supervisor the team's open alerts, and their latest bulk uploads with where each stands (a bulk upload's
 * rows are counted there, not listed one by one).
 */
import type { Role } from '../domain/roles.ts';
import type { BulkBatch, BulkCounts, OutboxWrite, Store } from '../store/index.ts';
import { BULK_KEY_PREFIX } from './bulk-keys.ts';

export interface HomeDeps {
  store: Pick<Store, 'outbox' | 'bulk'>;
  access: { allowed(userId: string, role: Role): Promise<boolean> };
}

export interface HomeLists {
  recent: OutboxWrite[];
  failedMine: OutboxWrite[];
  /** Supervisors only: every open alert. */
  teamAlerts: OutboxWrite[] | undefined;
  batches: { batch: BulkBatch; counts: BulkCounts }[];
}

export async function homeLists(deps: HomeDeps, userId: string): Promise<HomeLists> {
  // A bulk upload is listed once, under the person's uploads with where it stands; its rows (hundreds at a
  // month end, failed ones retried from the batch message) would push everything else out of these lists.
  const skipKeyPrefix = BULK_KEY_PREFIX;
  const [recent, failedMine, supervisor] = await Promise.all([
    deps.store.outbox.listByUser(userId, 10, { skipKeyPrefix }),
    deps.store.outbox.listFailed({ userId, limit: 10, skipKeyPrefix }),
    deps.access.allowed(userId, 'supervisor'),
  ]);
  const teamAlerts = supervisor ? await deps.store.outbox.listFailed({ limit: 10, skipKeyPrefix }) : undefined;
  const batches = await Promise.all((await deps.store.bulk.listByUser(userId, 5)).map(async (batch) => ({ batch, counts: await deps.store.bulk.counts(batch.id) })));
  return { recent, failedMine, teamAlerts, batches };
}
