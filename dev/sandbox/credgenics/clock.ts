/**
 * Credgenics' dates on the sandbox clock: it writes dates in Indian time, timestamps with
 * microseconds and allocation months without a leading zero on the month ("2026-2-01").
 */
import { isValid, parse } from 'date-fns';
import { assertTimeZone, DAY_MS, formatYmd, pad, wallClock, type WallClock } from '../kit/clock.ts';

/** "YYYY-MM-DD HH:mm:ss" (remarks, call times). */
export function formatDateTime(w: WallClock): string {
  return `${formatYmd(w)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** "YYYY-MM-DD HH:mm:ss.SSSSSS" (`created`, `recovery_date`). */
export function formatMicros(w: WallClock): string {
  return `${formatDateTime(w)}.${pad(w.millisecond, 3)}000`;
}

/** Credgenics' allocation month: no leading zero on the month, day always 01 ("2026-2-01"). */
export function allocationMonthOf(year: number, month: number): string {
  return `${year}-${month}-01`;
}

export const ALLOCATION_MONTH_PATTERN = /^\d{4}-([1-9]|1[0-2])-01$/;

/** Sort key of an allocation month ("2026-2-01" → 202602); NaN when it is not one. */
export function allocationMonthKey(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const match = /^(\d{4})-(\d{1,2})-01$/.exec(value);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number(match[2]);
}

/** `{year, month}` shifted by whole months. */
export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** A real calendar date written exactly "YYYY-MM-DD". */
export function isYmdDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = parse(value, 'yyyy-MM-dd', new Date(2000, 0, 1));
  return isValid(parsed);
}

/** Wall-clock helpers bound to the sandbox's clock and time zone. */
export class SandboxClock {
  constructor(
    private readonly nowFn: () => Date,
    readonly timeZone: string,
  ) {
    assertTimeZone(timeZone);
  }

  nowMs(): number {
    return this.nowFn().getTime();
  }

  wall(offsetMs = 0): WallClock {
    return wallClock(this.nowMs() + offsetMs, this.timeZone);
  }

  /** Allocation month `delta` months from the current one ("2026-11-01", "2026-2-01"). */
  allocationMonth(delta = 0): string {
    const w = this.wall();
    const shifted = shiftMonth(w.year, w.month, delta);
    return allocationMonthOf(shifted.year, shifted.month);
  }

  /** Epoch ms of the first instant of the current month (wall midnight on the 1st). */
  monthStartMs(): number {
    const w = this.wall();
    const sinceStart = (w.day - 1) * DAY_MS + w.hour * 3_600_000 + w.minute * 60_000 + w.second * 1000 + w.millisecond;
    return this.nowMs() - sinceStart;
  }

  /** "YYYY-MM-DD" `daysAgo` days before today. */
  ymd(daysAgo = 0): string {
    return formatYmd(this.wall(-daysAgo * DAY_MS));
  }

  /** "YYYY-MM-DD HH:mm:ss.SSSSSS" now. */
  micros(): string {
    return formatMicros(this.wall());
  }

  /** "YYYY-MM-DD HH:mm:ss" now. */
  dateTime(): string {
    return formatDateTime(this.wall());
  }
}
