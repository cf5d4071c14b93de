/** How a store is opened, and what it says about this instance's clock. */

export interface OpenStoreOptions {
  /** Directory for loanbot.sqlite (created if missing), or ':memory:' for tests. Ignored with `databaseUrl`. */
  dataDir: string | ':memory:';
  /** postgres://…: use Postgres instead of SQLite. */
  databaseUrl?: string | undefined;
  /**
   * This instance's own clock, epoch ms; defaults to Date.now. SQLite (one process) stamps everything with
   * it. Postgres stamps and compares everything the instances share with the database server's clock, and
   * uses this one only to learn how far off it is (Store.now, onClockSkew).
   */
  now?: () => number;
  /**
   * Postgres, for tests: stands in for the database server's clock (every stored time, every lease and due
   * time compared), so a test can move shared time without waiting. Default: the server's own.
   */
  databaseClock?: () => number;
  /**
   * Postgres: told when this instance's clock is more than CLOCK_SKEW_WARN_MS off the database server's, at
   * open and at every later check (every CLOCK_CHECK_EVERY_MS of the instance's clock, while it is used).
   */
  onClockSkew?: (skew: ClockSkew) => void;
}

/** How far this instance's clock is from the database server's. */
export interface ClockSkew {
  /** The database's time minus this instance's (negative: this instance is ahead). */
  offsetMs: number;
  /** How long the measuring query took: the measurement is good to about half of it. */
  roundTripMs: number;
}

/**
 * More than this apart and the instance says so. Shared times no longer depend on it, but Slack's request
 * signatures (5 minutes) and log times still read the instance's own clock.
 */
export const CLOCK_SKEW_WARN_MS = 3_000;
/** How often (on the instance's clock) the offset is measured again: one tiny query a minute. */
export const CLOCK_CHECK_EVERY_MS = 60_000;
