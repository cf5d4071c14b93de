/**
 * Apollo's dates and times: "DD/MM/YYYY" for loan dates, "DD/MM/YYYY HH:mm" for the end of the edit
 * window, both as wall-clock readings in Apollo's time zone (India).
 */
import { differenceInCalendarDays, isValid, parse } from 'date-fns';
import { DAY_MS, formatDmy as formatWallDmy, formatHm, wallClock } from '../kit/clock.ts';

/** The docs: "these updates/changes can be made only within 3 days of the loan creation". */
export const EDIT_WINDOW_MS = 3 * DAY_MS;

/** "12/03/2023" */
export function formatDmy(ms: number, timeZone: string): string {
  return formatWallDmy(wallClock(ms, timeZone));
}

/** "12/03/2023 14:05" */
export function formatDmyHm(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${formatWallDmy(w)} ${formatHm(w)}`;
}

/** A real calendar date written exactly DD/MM/YYYY, or undefined. */
export function parseDmy(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{2}\/\d{2}\/\d{4}$/.test(value)) return undefined;
  const date = parse(value, 'dd/MM/yyyy', new Date(2000, 0, 1));
  return isValid(date) ? date : undefined;
}

/** Calendar days from `from` to `to` (both DD/MM/YYYY dates). */
export const daysBetween = (from: Date, to: Date): number => differenceInCalendarDays(to, from);
