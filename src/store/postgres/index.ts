/**
 * The store on Postgres, for several instances sharing one database (DATABASE_URL). Loaded only when a
 * database URL is configured (src/store/index.ts imports it dynamically), so SQLite-only runs never load `pg`.
 */
import { storeClock } from '../clock.ts';
import type { OpenStoreOptions, Store } from '../types.ts';
import { PostgresAuditTrail } from './audit.ts';
import { migratePostgres } from './migrations.ts';
import { PostgresOutbox } from './outbox.ts';
import { DatabaseClock } from './db-clock.ts';
import { createPool } from './pool.ts';
import { PostgresReplayMemory } from './replays.ts';
import { PostgresBulkBatches, PostgresSendPacing } from './bulk.ts';

export { migratePostgres, postgresSchemaVersion, LATEST_POSTGRES_VERSION, POSTGRES_MIGRATIONS } from './migrations.ts';

/** Connects, creates or migrates the tables (refusing a schema newer than this code), and returns the store. */
export async function openPostgresStore(options: OpenStoreOptions & { databaseUrl: string }): Promise<Store> {
  const own = storeClock(options);
  const standIn = options.databaseClock ? storeClock({ now: options.databaseClock }) : undefined;
  const pool = createPool(options.databaseUrl);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  // Shared times are the database server's (db-clock.ts); this instance's offset to it is measured now.
  const clock = new DatabaseClock(pool, own, standIn, options.onClockSkew);
  await clock.check();
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    outbox: new PostgresOutbox(pool, clock),
    audit: new PostgresAuditTrail(pool, clock),
    replays: new PostgresReplayMemory(pool, clock),
    bulk: new PostgresBulkBatches(pool, clock),
    pacing: new PostgresSendPacing(pool, clock),
    now: () => clock.now(),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => (closing ??= pool.end()),
  };
}
