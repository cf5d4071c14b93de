/** Slack requests already handled, on SQLite: one row per signature until it can no longer be replayed. */
import type Database from 'better-sqlite3';
import type { ReplayMemory } from './types.ts';
import type { GroupCommit } from './sqlite-group-commit.ts';

/** Expired rows are swept every this many new ones. */
const SWEEP_EVERY = 500;

export class SqliteReplayMemory implements ReplayMemory {
  private readonly remembered: Database.Statement;
  private readonly sweep: Database.Statement;
  private added = 0;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
    private readonly group: GroupCommit,
  ) {
    // New, or seen before but expired (a replay of an expired request is refused by its timestamp anyway).
    this.remembered = db.prepare(`
      INSERT INTO seen_requests (key, expires_at) VALUES (@key, @expiresAt)
      ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_requests.expires_at < @now`);
    this.sweep = db.prepare('DELETE FROM seen_requests WHERE expires_at < ?');
  }

  async remember(key: string, expiresAt: number): Promise<boolean> {
    const now = this.now();
    return this.group.run(() => {
      const fresh = this.remembered.run({ key, expiresAt, now }).changes === 1;
      if (fresh && ++this.added % SWEEP_EVERY === 0) this.sweep.run(now);
      return fresh;
    });
  }
}
