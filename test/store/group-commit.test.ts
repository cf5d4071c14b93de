import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { databasePath } from '../../src/store/sqlite.ts';
import { makeTempDir, newWrite, removeDir } from './helpers.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

/** What another process sees: a separate, read-only connection to the file. */
function countFromOutside(): number {
  const other = new Database(databasePath(dir), { readonly: true });
  try {
    return (other.prepare('SELECT COUNT(*) AS n FROM outbox_writes').get() as { n: number }).n;
  } finally {
    other.close();
  }
}

describe('SQLite group commit', () => {
  it('commits a burst of changes made in one turn of the event loop with one disk flush', async () => {
    const commits = () => (store as unknown as { outbox: { group: { commits: number } } }).outbox.group.commits;
    const before = commits();
    const recorded = await Promise.all(Array.from({ length: 50 }, () => store.outbox.record(newWrite())));
    expect(recorded.every((r) => r.created)).toBe(true);
    expect(commits() - before).toBe(1);
    expect(countFromOutside()).toBe(50);
  });

  it('settles a change only once it is committed: what was acknowledged is what another process reads', async () => {
    let seenOutside = -1;
    const recording = store.outbox.record(newWrite()).then(() => {
      seenOutside = countFromOutside();
    });
    expect(countFromOutside()).toBe(0); // not yet committed, not yet acknowledged
    await recording;
    expect(seenOutside).toBe(1);
  });

  it('rolls back only the change that failed, not the others of its group', async () => {
    const good = store.outbox.record(newWrite({ idempotencyKey: 'good' }));
    const bad = store.audit.append({ actor: 'U1', action: 'x', loanId: null, lender: null, outcome: 'o', detail: 'd', writeId: 'w_nosuchwrite0' });
    await expect(bad).rejects.toThrow(/FOREIGN KEY/);
    expect((await good).created).toBe(true);
    expect(countFromOutside()).toBe(1);
  });
});
