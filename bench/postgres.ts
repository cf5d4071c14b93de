/**
 * A Postgres for the bench's Postgres rows: the same embedded server the tests start (or TEST_DATABASE_URL),
 * through the tests' global setup. Durability is off on that server (fsync), so its figures are the store's
 * query cost, not a disk's; the SQLite rows keep synchronous=FULL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import setup from '../test/global-setup-postgres.ts';

export interface BenchPostgres {
  /** A new, empty database and its URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const provided = new Map<string, string>();
  const project = { provide: (key: string, value: string) => provided.set(key, value) };
  const teardown = await setup(project as unknown as Parameters<typeof setup>[0]);
  const server = provided.get('databaseUrl') ?? '';
  const prefix = provided.get('databasePrefix') ?? 'loanbot_bench_';
  return {
    async database() {
      const name = `${prefix}${randomBytes(4).toString('hex')}`;
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).finally(() => client.end());
      const url = new URL(server);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: teardown,
  };
}
