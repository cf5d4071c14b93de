/**
 * Group commit for SQLite: every change made in one turn of the event loop joins one transaction, and
 * one fsync (synchronous=FULL) commits them all, so a burst of Confirms, claims and outcomes costs one
 * disk flush instead of one each, and the event loop is held by the disk once per turn, not once per
 * change. Each change still runs in its own savepoint (a failing one is rolled back alone), and its
 * promise settles only after the commit: nothing is acknowledged before it is on disk.
 *
 * Other connections and processes see a group's changes when it commits; the write lock is held from the
 * first change to the commit (one turn). If the commit itself fails (disk full, I/O error) every change of
 * the group is rolled back and every caller hears it.
 */
import type Database from 'better-sqlite3';

interface Waiting {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private waiting: Waiting[] = [];
  private scheduled = false;
  /** Transactions committed so far (for tests and the bench). */
  commits = 0;

  constructor(private readonly db: Database.Database) {}

  /** Runs `change` now, inside the open group (opening one if needed); resolves with its result once committed. */
  run<T>(change: () => T): Promise<T> {
    try {
      if (!this.db.inTransaction) {
        this.db.exec('BEGIN IMMEDIATE');
        this.schedule();
      }
      const value = change();
      return new Promise<T>((resolve, reject) => this.waiting.push({ resolve: () => resolve(value), reject }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Commits the open group now (before closing the database, say). */
  flush(): void {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    if (!this.db.inTransaction) {
      for (const w of waiting) w.resolve();
      return;
    }
    try {
      this.db.exec('COMMIT');
      this.commits += 1;
    } catch (error) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // the connection is in trouble either way; every caller hears the commit's error
      }
      for (const w of waiting) w.reject(error);
      return;
    }
    for (const w of waiting) w.resolve();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
