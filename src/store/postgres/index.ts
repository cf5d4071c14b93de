/**
 * The store on Postgres, for several instances sharing one database (DATABASE_URL). Loaded only when a
 * database URL is configured (src/store/index.ts imports it dynamically), so SQLite-only runs never load `pg`.
 */
import { storeClock } from '../clock.ts';
import type { OpenStoreOptions, Store } from '../types.ts';
import { PostgresAuditTrail } from './audit.ts';
import { migratePostgres } from './migrations.ts';
import { PostgresOutbox } from './outbox.ts';
import { createPool } from './pool.ts';
import { PostgresReplayMemory } from './replays.ts';
import { PostgresBulkBatches, PostgresSendPacing } from './bulk.ts';

export { migratePostgres, postgresSchemaVersion, LATEST_POSTGRES_VERSION, POSTGRES_MIGRATIONS } from './migrations.ts';

/** Connects, creates or migrates the tables (refusing a schema newer than this code), and returns the store. */
export async function openPostgresStore(options: OpenStoreOptions & { databaseUrl: string }): Promise<Store> {
  const now = storeClock(options);
  const pool = createPool(options.databaseUrl);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    outbox: new PostgresOutbox(pool, now),
    audit: new PostgresAuditTrail(pool, now),
    replays: new PostgresReplayMemory(pool, now),
    bulk: new PostgresBulkBatches(pool, now),
    pacing: new PostgresSendPacing(pool, now),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => (closing ??= pool.end()),
  };
}
