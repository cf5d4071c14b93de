/** Slack requests already handled, on Postgres: one row per signature, shared by every instance. */
import type pg from 'pg';
import { checkEpochMs, checkText } from '../inputs.ts';
import type { ReplayMemory } from '../types.ts';
import { NOW, type DatabaseClock } from './db-clock.ts';
import { named } from './named.ts';

/** Expired rows are swept every this many new ones (per instance). */
const SWEEP_EVERY = 500;

// New, or seen before but expired (a replay of an expired request is refused by its timestamp anyway).
// Two instances remembering one key at once: the second INSERT waits for the first and then finds a
// live row, so exactly one of them answers true.
const REMEMBER = named(`
  INSERT INTO seen_requests (key, expires_at) VALUES (@key, @expiresAt::bigint)
  ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_requests.expires_at < ${NOW}`);
const SWEEP = named<'now'>(`DELETE FROM seen_requests WHERE expires_at < ${NOW}`);

export class PostgresReplayMemory implements ReplayMemory {
  private added = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Pick<DatabaseClock, 'sqlNow'>,
  ) {}

  async remember(key: string, expiresAt: number): Promise<boolean> {
    const now = this.clock.sqlNow();
    const params = { key: checkText(key, 'key'), expiresAt: checkEpochMs(expiresAt, 'expiresAt'), now };
    const fresh = (await this.pool.query(REMEMBER(params))).rowCount === 1;
    if (fresh && ++this.added % SWEEP_EVERY === 0) await this.pool.query(SWEEP({ now }));
    return fresh;
  }
}
