/**
 * The two store backends, for suites that run once per backend (`describe.each(backends)`), and fresh
 * Postgres databases on the server test/global-setup-postgres.ts started (or TEST_DATABASE_URL).
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { memoryStore } from '../../dev/kit/memory-store.ts';
import { createDatabase } from '../../dev/kit/postgres.ts';
import { makeTempDir, removeDir, TestClock } from './helpers.ts';

/**
 * A new, empty database on the test server, and its URL (for openStore's databaseUrl or an app process's
 * DATABASE_URL). Each call makes another one, so test files running in parallel never share tables.
 */
export function freshPostgresUrl(): Promise<string> {
  return createDatabase(inject('databaseUrl'), inject('databasePrefix'));
}

export interface SharedPlace {
  /** What openStore needs to reach it (JSON-serialisable, e.g. for a child process). */
  options: { dataDir: string; databaseUrl?: string };
  /**
   * Another store on it: an instance whose own clock is `now`. On Postgres the database server's clock is
   * stood in for by `databaseClock` (default `now`), so a test moves shared time; SQLite has no other clock.
   */
  open(now?: () => number, databaseClock?: () => number): Promise<Store>;
  /** Removes the SQLite directory (a Postgres database goes with the test server). */
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /**
   * A new, empty store on this backend, stamped by `now` (default Date.now): on Postgres `now` stands in for
   * the database server's clock too. Close it after use.
   */
  open(now?: () => number): Promise<Store>;
  /**
   * A place several stores can share (a SQLite data directory, a Postgres database), and a way to open
   * another connection to it: for races between connections or instances.
   */
  shared(): Promise<SharedPlace>;
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  open: (now) => memoryStore(now),
  shared: async () => {
    const dir = makeTempDir();
    return { options: { dataDir: dir }, open: (now) => openStore({ dataDir: dir, now }), cleanup: async () => removeDir(dir) };
  },
};

export const postgresBackend: Backend = {
  name: 'postgres',
  open: async (now) => openStore({ dataDir: ':memory:', databaseUrl: await freshPostgresUrl(), now, databaseClock: now }),
  shared: async () => {
    const databaseUrl = await freshPostgresUrl();
    return {
      options: { dataDir: ':memory:', databaseUrl },
      open: (now, databaseClock = now) => openStore({ dataDir: ':memory:', databaseUrl, now, databaseClock }),
      cleanup: async () => undefined,
    };
  },
};

export const backends: readonly Backend[] = [sqliteBackend, postgresBackend];

/**
 * For a contract suite: registers hooks so that every test starts on an empty store of `backend` whose
 * clock is `clock` (reset to its start before each test). SQLite opens a new in-memory database per test;
 * Postgres makes one database for the suite and empties its tables before each test (a database per test
 * would cost a second or more on a busy machine).
 */
export function storePerTest(backend: Backend): { readonly store: Store; readonly clock: TestClock } {
  const clock = new TestClock();
  const start = clock.t;
  let current: Store | undefined;
  let reset: (() => Promise<void>) | undefined;
  let release: (() => Promise<void>) | undefined;

  if (backend.name === 'postgres') {
    beforeAll(async () => {
      const databaseUrl = await freshPostgresUrl();
      current = await openStore({ dataDir: ':memory:', databaseUrl, now: clock.now, databaseClock: clock.now });
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      reset = async () => {
        await admin.query('TRUNCATE outbox_writes, audit_entries, seen_requests RESTART IDENTITY');
      };
      release = async () => {
        await admin.end();
        await current?.close();
      };
    });
    afterAll(async () => release?.());
  } else {
    afterEach(async () => current?.close());
  }
  beforeEach(async () => {
    clock.t = start;
    if (reset) await reset();
    else current = await backend.open(clock.now);
  });

  return {
    clock,
    get store(): Store {
      if (current === undefined) throw new Error('test: the store is opened in beforeEach');
      return current;
    },
  };
}

/**
 * For suites about several instances on one database: registers a hook closing and removing what the test
 * opened; `open()` gives two stores on a new shared place of `backend`, stamped by `clock` (on Postgres it
 * stands in for the database server's clock). With `skewMs` the second instance's own clock is that far
 * ahead of `clock` (behind if negative): a machine whose clock is off.
 */
export function twoInstancesPerTest(backend: Backend, clock: TestClock): { open(options?: { skewMs?: number }): Promise<[Store, Store]> } {
  let place: SharedPlace | undefined;
  let stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    await place?.cleanup();
    place = undefined;
  });
  return {
    async open(options = {}) {
      place = await backend.shared();
      const skewMs = options.skewMs ?? 0;
      const pair: [Store, Store] = [await place.open(clock.now), await place.open(() => clock.now() + skewMs, clock.now)];
      stores = pair;
      return pair;
    },
  };
}
