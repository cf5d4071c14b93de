/** Postgres only: versioned migrations on start, instances starting together, and a schema equal to SQLite's. */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { closeDatabase, openDatabase } from '../../src/store/sqlite.ts';
import { createPool } from '../../src/store/postgres/pool.ts';
import {
  LATEST_POSTGRES_VERSION,
  migratePostgres,
  POSTGRES_MIGRATIONS,
  postgresSchemaVersion,
  VERSIONS_TABLE,
} from '../../src/store/postgres/migrations.ts';
import { freshPostgresUrl } from './backends.ts';

let databaseUrl: string;
let pools: pg.Pool[];
beforeEach(async () => {
  databaseUrl = await freshPostgresUrl();
  pools = [];
});
afterEach(async () => {
  for (const pool of pools) await pool.end();
});

function pool(): pg.Pool {
  const p = createPool(databaseUrl);
  pools.push(p);
  return p;
}

const extraStep = { version: LATEST_POSTGRES_VERSION + 1, description: 'a test table', sql: 'CREATE TABLE migration_probe (x INTEGER)' };

describe('Postgres migrations', () => {
  it('creates the tables on start and records each version applied', async () => {
    const store = await openStore({ dataDir: ':memory:', databaseUrl });
    await store.close();
    const { rows } = await pool().query(`SELECT version, description, applied_at FROM ${VERSIONS_TABLE} ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    expect(rows[0]).toMatchObject({ description: expect.stringContaining('outbox'), applied_at: expect.any(Date) });
    expect(await postgresSchemaVersion(pool())).toBe(LATEST_POSTGRES_VERSION);
    expect(await migratePostgres(pool())).toEqual([]);
  });

  it('applies each step once when several instances start at the same time', async () => {
    const opened = await Promise.all(Array.from({ length: 4 }, () => openStore({ dataDir: ':memory:', databaseUrl })));
    for (const store of opened) await store.close();
    const applied = await Promise.all([pool(), pool(), pool()].map((p) => migratePostgres(p, [...POSTGRES_MIGRATIONS, extraStep])));
    expect(applied.flat()).toEqual([extraStep.version]); // one instance applied it, the others found it done
    const { rows } = await pool().query(`SELECT COUNT(*) AS n FROM ${VERSIONS_TABLE}`);
    expect(rows[0].n).toBe(LATEST_POSTGRES_VERSION + 1);
  });

  it('refuses a database written by a newer loanbot', async () => {
    await migratePostgres(pool(), [...POSTGRES_MIGRATIONS, extraStep]);
    await expect(openStore({ dataDir: ':memory:', databaseUrl })).rejects.toThrow(/newer than this loanbot knows/);
  });

  it('rolls a failed step back whole', async () => {
    const broken = { version: LATEST_POSTGRES_VERSION + 1, description: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT no_such_column FROM half_done' };
    await expect(migratePostgres(pool(), [...POSTGRES_MIGRATIONS, broken])).rejects.toThrow(/no_such_column/);
    expect(await postgresSchemaVersion(pool())).toBe(LATEST_POSTGRES_VERSION);
    const { rows } = await pool().query("SELECT to_regclass('half_done') AS t");
    expect(rows[0].t).toBeNull();
  });

  it('has the same tables, columns and indexes as SQLite', async () => {
    await migratePostgres(pool());
    const sqlite = openDatabase(':memory:');
    try {
      for (const table of ['outbox_writes', 'audit_entries', 'seen_requests']) {
        const sqliteColumns = (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name).sort();
        const { rows } = await pool().query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
          [table],
        );
        expect(rows.map((r) => r.column_name).sort()).toEqual(sqliteColumns);
      }
      const sqliteIndexes = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
        .map((i) => i.name)
        .sort();
      const { rows } = await pool().query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'",
      );
      expect(rows.map((r) => r.indexname).sort()).toEqual(sqliteIndexes);
    } finally {
      closeDatabase(sqlite);
    }
  });
});

describe('the Postgres store', () => {
  it('reads BIGINT as numbers on its own pool only', async () => {
    const store = await openStore({ dataDir: ':memory:', databaseUrl, databaseClock: () => 2 ** 40 });
    try {
      expect(store.kind).toBe('postgres');
      await store.audit.append({ actor: 'U', action: 'lookup', loanId: null, lender: null, outcome: 'ok', detail: '', writeId: null });
      expect((await store.audit.listByActor('U', 1))[0]).toMatchObject({ id: 1, at: 2 ** 40 });
      expect(pg.types.getTypeParser(pg.types.builtins.INT8)('42')).toBe('42'); // the driver's global parser is untouched
    } finally {
      await store.close();
    }
  });

  it('gives its connections a statement timeout, and keeps the pool small', async () => {
    const p = pool();
    const { rows } = await p.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]?.statement_timeout).toBe('10s');
    expect(p.options.max).toBe(10);
  });

  it('refuses a URL that is not postgres:// without echoing it', async () => {
    const error = await openStore({ dataDir: ':memory:', databaseUrl: 'mysql://admin:s3cret@db/loanbot' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain('s3cret');
  });

  it('fails to open, rather than hanging, when the server cannot be reached', async () => {
    const url = new URL(databaseUrl);
    url.port = '1'; // nothing listens on port 1
    await expect(openStore({ dataDir: ':memory:', databaseUrl: url.toString() })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
