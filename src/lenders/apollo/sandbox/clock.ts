/**
 * Apollo's dates and times: "DD/MM/YYYY" for loan dates, "DD/MM/YYYY HH:mm" for the end of the edit
 * window, both as wall-clock readings in Apollo's time zone (India).
 */
import { differenceInCalendarDays, isValid, parse } from 'date-fns';

export const DAY_MS = 86_400_000;
/** The docs: "these updates/changes can be made only within 3 days of the loan creation". */
export const EDIT_WINDOW_MS = 3 * DAY_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown zone: surfaces at start-up.
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) out[part.type] = part.value;
  return out;
}

/** "12/03/2023" */
export function formatDmy(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "12/03/2023 14:05" */
export function formatDmyHm(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** A real calendar date written exactly DD/MM/YYYY, or undefined. */
export function parseDmy(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{2}\/\d{2}\/\d{4}$/.test(value)) return undefined;
  const date = parse(value, 'dd/MM/yyyy', new Date(2000, 0, 1));
  return isValid(date) ? date : undefined;
}

/** Calendar days from `from` to `to` (both DD/MM/YYYY dates). */
export const daysBetween = (from: Date, to: Date): number => differenceInCalendarDays(to, from);

/** Checks the zone once, at start-up. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}
