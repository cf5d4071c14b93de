import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore as openStore } from '../../src/store/index.ts';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion, type Migration } from '../../src/store/migrations.ts';
import { databasePath } from '../../src/store/sqlite.ts';
import { makeTempDir, newWrite, removeDir, TestClock } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

function inspect(file: string, read: (db: Database.Database) => unknown): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('opening the database', () => {
  it('creates the data directory and a migrated WAL file from nothing', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = openStore({ dataDir });
    await store.close();

    const file = join(dataDir, 'loanbot.sqlite');
    expect(existsSync(file)).toBe(true);
    expect(inspect(file, (db) => schemaVersion(db))).toBe(LATEST_VERSION);
    expect(inspect(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    const tables = inspect(file, (db) =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(),
    );
    expect(tables).toEqual(expect.arrayContaining(['audit_entries', 'outbox_writes']));
  });

  it('re-opens an existing file keeping its data and its version', async () => {
    const clock = new TestClock();
    const first = openStore({ dataDir: dir, now: clock.now });
    const { write } = await first.outbox.record(newWrite({ idempotencyKey: 'keep-me' }));
    await first.audit.append({ actor: 'U_ASHA', action: 'lookup', loanId: 'LN-1001', lender: 'credgenics', outcome: 'ok', detail: 'looked up', writeId: null });
    await first.close();
    await first.close(); // closing twice is harmless

    const second = openStore({ dataDir: dir, now: clock.now });
    expect(await second.outbox.getByKey('keep-me')).toEqual(write);
    expect(await second.audit.countByLoan('LN-1001')).toBe(1);
    await second.close();
    expect(inspect(databasePath(dir), (db) => schemaVersion(db))).toBe(LATEST_VERSION);
  });

  it('runs each migration once, however often migrate is called', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('applies a migration and its version bump together, or not at all', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken: Migration = {
      version: LATEST_VERSION + 1,
      description: 'half-good migration',
      sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);

    const fixed: Migration = { ...broken, sql: 'CREATE TABLE half_done (x INTEGER);' };
    expect(migrate(db, [...MIGRATIONS, fixed])).toEqual([LATEST_VERSION + 1]);
    expect(migrate(db, [...MIGRATIONS, fixed])).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer loanbot', () => {
    const file = databasePath(dir);
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openStore({ dataDir: dir })).toThrow(/newer/);
  });

  it('supports a private in-memory database', async () => {
    const a = openStore({ dataDir: ':memory:' });
    const b = openStore({ dataDir: ':memory:' });
    await a.outbox.record(newWrite({ idempotencyKey: 'only-in-a' }));
    expect(await b.outbox.getByKey('only-in-a')).toBeUndefined();
    expect(await a.outbox.getByKey('only-in-a')).toBeDefined();
    await a.close();
    await b.close();
  });
});

describe('upgrading from the listener-driven outbox (schema 1)', () => {
  it('makes pending writes due, hands sending ones over for reconciliation, and gives payments their lock key', async () => {
    const db = new Database(databasePath(dir));
    migrate(db, MIGRATIONS.filter((m) => m.version === 1));
    const insert = db.prepare(`INSERT INTO outbox_writes (id, idempotency_key, lender, operation, loan_id, request, summary, requested_by, channel_id, state, attempts, created_at, updated_at, sent_at)
      VALUES (?, ?, 'credgenics', 'update_payment', '1001', ?, 's', 'U1', 'C1', ?, ?, 10, 20, ?)`);
    const request = JSON.stringify({ operation: 'update_payment', loanId: '1001', allocationMonth: '2026-11-01', body: { amount_recovered: 5 } });
    insert.run('w_aaaaaaaaaaaa', 'k1', request, 'pending', 0, null);
    insert.run('w_bbbbbbbbbbbb', 'k2', request, 'sending', 1, 15);
    db.close();

    const store = openStore({ dataDir: dir, now: () => 1_000 });
    expect(await store.outbox.get('w_aaaaaaaaaaaa')).toMatchObject({ state: 'pending', dueAt: 20, lockKey: 'payment|1001|2026-11-01' });
    expect(await store.outbox.get('w_bbbbbbbbbbbb')).toMatchObject({ state: 'sending', leaseExpiresAt: 0, inFlight: true });
    // The one that may have reached Credgenics goes first and holds the loan-and-month lock meanwhile.
    const first = await store.outbox.claimNext({ owner: 'new', leaseMs: 1_000, settleMs: 500 });
    expect(first).toMatchObject({ id: 'w_bbbbbbbbbbbb', needsReconcile: true, settleAfter: 515 });
    expect(await store.outbox.claimNext({ owner: 'new', leaseMs: 1_000, settleMs: 500 })).toBeUndefined();
    await store.close();
  });
});

describe('a damaged database file', () => {
  it('stops the start with a message that says what to do', () => {
    const store = openStore({ dataDir: dir });
    void store.close();
    const file = databasePath(dir);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 0, 100); // the header: no longer an SQLite file
    writeFileSync(file, bytes);
    expect(() => openStore({ dataDir: dir })).toThrow(/loanbot\.sqlite is damaged .*restore it from a backup/);
  });
});

describe('reading damaged rows', () => {
  it('lists a row whose JSON columns are corrupt, with request null and no alerts', async () => {
    const store = openStore({ dataDir: dir });
    const { write } = await store.outbox.record(newWrite({ loanId: 'LN-DAMAGED' }));
    await store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: '1.2' });
    await store.outbox.markConfirmed(write.id, { result: { ok: true } });

    const raw = new Database(databasePath(dir));
    raw.prepare("UPDATE outbox_writes SET request = '{not json', result = '[1,', alerts = 'nope' WHERE id = ?").run(write.id);
    raw.close();

    const [listed] = await store.outbox.listByLoan('LN-DAMAGED', { limit: 10, offset: 0 });
    expect(listed).toMatchObject({ id: write.id, request: null, result: null, alerts: [], state: 'confirmed' });
    // and an alert can still be added to it, replacing the unreadable list
    await store.outbox.addAlert(write.id, { channel: 'C_ALERTS', ts: '3.4' });
    expect((await store.outbox.get(write.id))?.alerts).toEqual([{ channel: 'C_ALERTS', ts: '3.4' }]);
    await store.close();
  });

  it('keeps the well-formed alerts of a partly damaged list', async () => {
    const store = openStore({ dataDir: dir });
    const { write } = await store.outbox.record(newWrite());
    const raw = new Database(databasePath(dir));
    raw.prepare('UPDATE outbox_writes SET alerts = ? WHERE id = ?').run(JSON.stringify([{ channel: 'C1', ts: '1.1' }, { channel: 7 }, 'x']), write.id);
    raw.close();
    expect((await store.outbox.get(write.id))?.alerts).toEqual([{ channel: 'C1', ts: '1.1' }]);
    await store.close();
  });
});
