/**
 * The time every instance shares, on Postgres: the database server's, as graphile-worker takes it. The SQL
 * reads it itself (NOW): every stored time, lease, due time and settle window is stamped and compared on the
 * one clock, whichever instance asks, so an instance whose own clock is minutes off neither takes a live
 * lease as run out nor a settle window as passed. What the use cases compute outside SQL ("now + the
 * backoff", "is the settle window over?") reads `now()`: this instance's clock corrected by its offset to the
 * server's, measured at open and again every CLOCK_CHECK_EVERY_MS (one tiny query; good to half its round
 * trip, a few milliseconds). An offset beyond CLOCK_SKEW_WARN_MS is reported each time it is measured.
 */
import type pg from 'pg';
import { CLOCK_CHECK_EVERY_MS, CLOCK_SKEW_WARN_MS, type ClockSkew } from '../open-options.ts';

/**
 * The shared time in SQL, epoch ms: `@now` when a test stands in for the server's clock, else the server's
 * (the statement's start: one value for the whole statement, a fresh one for the next).
 */
export const NOW = `COALESCE(@now::bigint, floor(extract(epoch from statement_timestamp()) * 1000)::bigint)`;

const SERVER_TIME = 'SELECT floor(extract(epoch from clock_timestamp()) * 1000)::bigint AS t';
/** A measurement whose query took longer than this (a saturated pool) is not trusted. */
const MAX_ROUND_TRIP_MS = 1_000;
/** Measurements at open; the one with the shortest round trip is kept. */
const SAMPLES_AT_OPEN = 3;

export class DatabaseClock {
  private offsetMs = 0;
  private checkedAt: number | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    /** This instance's own clock. */
    private readonly own: () => number,
    /** A test's stand-in for the server's clock. */
    private readonly standIn: (() => number) | undefined,
    private readonly onSkew: ((skew: ClockSkew) => void) | undefined,
  ) {}

  /** `@now` for the SQL: the stand-in's reading, or null (the SQL then reads the server's clock). */
  sqlNow(): number | null {
    return this.standIn ? this.standIn() : null;
  }

  /** The shared time, epoch ms (measured again first when a check is due: in the background on the server). */
  now(): number {
    if (this.checkDue()) void this.check(1);
    return this.standIn ? this.standIn() : this.own() + this.offsetMs;
  }

  /** Measures the offset (at open: the best of a few), reports it if it is too large. Never throws. */
  check(samples = SAMPLES_AT_OPEN): Promise<void> {
    if (this.checking) return this.checking;
    try {
      this.checkedAt = this.own();
      // A stand-in is read at once: a test sees the check's outcome as soon as it moved its clocks.
      if (this.standIn) {
        this.adopt(this.skew(this.checkedAt, this.standIn(), this.own()));
        return Promise.resolve();
      }
    } catch {
      return Promise.resolve(); // a clock that throws is reported where it is used
    }
    this.checking = (async () => {
      let best: ClockSkew | undefined;
      for (let i = 0; i < samples; i++) {
        const skew = await this.measure().catch(() => undefined); // the server unreachable: the last offset stays
        if (skew && (!best || skew.roundTripMs < best.roundTripMs)) best = skew;
      }
      this.adopt(best);
    })().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private adopt(skew: ClockSkew | undefined): void {
    if (!skew || skew.roundTripMs > MAX_ROUND_TRIP_MS) return;
    this.offsetMs = skew.offsetMs;
    if (Math.abs(skew.offsetMs) <= CLOCK_SKEW_WARN_MS) return;
    try {
      this.onSkew?.(skew);
    } catch {
      // the warning is the caller's; it never breaks the store's work
    }
  }

  private checkDue(): boolean {
    if (this.checking) return false;
    const t = this.own();
    return this.checkedAt === undefined || t - this.checkedAt >= CLOCK_CHECK_EVERY_MS || t < this.checkedAt;
  }

  private skew(before: number, server: number, after: number): ClockSkew {
    return { offsetMs: Math.round(server - (before + after) / 2), roundTripMs: after - before };
  }

  private async measure(): Promise<ClockSkew | undefined> {
    const before = this.own();
    const server = Number((await this.pool.query<{ t: string | number }>(SERVER_TIME)).rows[0]?.t);
    return Number.isFinite(server) ? this.skew(before, server, this.own()) : undefined;
  }
}
