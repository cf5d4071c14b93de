/**
 * The durable store: the outbox of lender writes (recorded before sending, claimed by a worker under a
 * lease, so a crash is recoverable, a failure retryable, and nothing is sent twice), the audit trail and
 * the memory of Slack requests already handled. SQLite by default; Postgres when a database URL is given.
 */
import { storeClock } from './clock.ts';
import { closeDatabase, openDatabase } from './sqlite.ts';
import { SqliteAuditTrail } from './sqlite-audit.ts';
import { SqliteOutbox } from './sqlite-outbox.ts';
import { SqliteReplayMemory } from './sqlite-replays.ts';
import { SqliteBulkBatches, SqliteSendPacing } from './sqlite-bulk.ts';
import type { OpenStoreOptions, Store } from './types.ts';

export * from './types.ts';
export * from './bulk-types.ts';
export { BATCH_ID_PATTERN } from './bulk-mapping.ts';
export { WRITE_ID_PATTERN } from './ids.ts';
export { storeClock } from './clock.ts';

/** SQLite: opens (creating and migrating as needed) `<dataDir>/loanbot.sqlite`, or an in-memory store for ':memory:'. */
export function openSqliteStore(options: OpenStoreOptions): Store {
  const now = storeClock(options);
  const db = openDatabase(options.dataDir);
  return {
    kind: 'sqlite',
    outbox: new SqliteOutbox(db, now),
    audit: new SqliteAuditTrail(db, now),
    replays: new SqliteReplayMemory(db, now),
    bulk: new SqliteBulkBatches(db, now),
    pacing: new SqliteSendPacing(db, now),
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => closeDatabase(db),
  };
}

/** Postgres when `databaseUrl` is set (the driver is loaded only then), SQLite otherwise. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/index.ts');
    return openPostgresStore({ ...options, databaseUrl: options.databaseUrl });
  }
  return openSqliteStore(options);
}
