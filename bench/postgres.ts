/**
 * A Postgres for the bench's Postgres rows: the same server the tests use (dev/kit/postgres.ts: embedded, or
 * TEST_DATABASE_URL). Durability is off on that server (fsync), so its figures are the store's query cost,
 * not a disk's; the SQLite rows keep synchronous=FULL.
 */
import { createDatabase, startTestPostgres } from '../dev/kit/postgres.ts';

export interface BenchPostgres {
  /** A new, empty database and its URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const server = await startTestPostgres('loanbot_bench_');
  return { database: () => createDatabase(server.url, server.prefix), stop: server.stop };
}
