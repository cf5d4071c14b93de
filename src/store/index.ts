/**
 * The durable store: the outbox of lender writes (recorded before sending, claimed by a worker under a
 * lease, so a crash is recoverable, a failure retryable, and nothing is sent twice), the audit trail and
 * the memory of Slack requests already handled. SQLite by default; Postgres when a database URL is given.
 */
import { storeClock } from './clock.ts';
import { resolve } from 'node:path';
import { closeDatabase, databasePath, openDatabase } from './sqlite.ts';
import { SqliteAuditTrail } from './sqlite-audit.ts';
import { SqliteOutbox } from './sqlite-outbox.ts';
import { SqliteReplayMemory } from './sqlite-replays.ts';
import { GroupCommit } from './sqlite-group-commit.ts';
import { SqliteBulkBatches, SqliteSendPacing } from './sqlite-bulk.ts';
import type { OpenStoreOptions, Store } from './types.ts';

export * from './types.ts';
export * from './bulk-types.ts';
export { BATCH_ID_PATTERN } from './bulk-mapping.ts';
export { WRITE_ID_PATTERN } from './ids.ts';
export { storeClock } from './clock.ts';
export { CLOCK_CHECK_EVERY_MS, CLOCK_SKEW_WARN_MS } from './open-options.ts';

/**
 * One connection (and one commit group) per database file in a process, shared by every store opened on
 * it: a group holds the file's write lock until the end of the event-loop turn, so a second connection in
 * the same thread would wait for a lock that cannot be released until it stops waiting.
 */
const shared = new Map<string, { db: ReturnType<typeof openDatabase>; group: GroupCommit; users: number }>();

function connect(dataDir: string): { db: ReturnType<typeof openDatabase>; group: GroupCommit; release: () => void } {
  const key = dataDir === ':memory:' ? undefined : resolve(databasePath(dataDir));
  let entry = key === undefined ? undefined : shared.get(key);
  if (!entry || !entry.db.open) {
    const db = openDatabase(dataDir);
    entry = { db, group: new GroupCommit(db), users: 0 };
    if (key !== undefined) shared.set(key, entry);
  }
  const opened = entry;
  opened.users += 1;
  let released = false;
  return {
    db: opened.db,
    group: opened.group,
    release: () => {
      if (released) return;
      released = true;
      opened.users -= 1;
      if (opened.users > 0 || !opened.db.open) return;
      opened.group.flush();
      closeDatabase(opened.db);
      if (key !== undefined && shared.get(key) === opened) shared.delete(key);
    },
  };
}

/** SQLite: opens (creating and migrating as needed) `<dataDir>/loanbot.sqlite`, or an in-memory store for ':memory:'. */
export function openSqliteStore(options: OpenStoreOptions): Store {
  const now = storeClock(options);
  const { db, group, release } = connect(options.dataDir);
  return {
    kind: 'sqlite',
    outbox: new SqliteOutbox(db, now, group),
    audit: new SqliteAuditTrail(db, now, group),
    replays: new SqliteReplayMemory(db, now, group),
    bulk: new SqliteBulkBatches(db, now),
    pacing: new SqliteSendPacing(db, now, group),
    now,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => release(),
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
