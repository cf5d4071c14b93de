/**
 * Wall-clock readings of instants in a lender's time zone (both lenders write Indian time),
 * and the date formats the sandboxes share.
 */

export const DAY_MS = 86_400_000;

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown time zone: surface it at start-up.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for an unknown time zone; call it at start-up. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The wall-clock reading of an instant in a time zone. */
export function wallClock(instant: Date | number, timeZone: string): WallClock {
  const date = typeof instant === 'number' ? new Date(instant) : instant;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((date.getTime() % 1000) + 1000) % 1000,
  };
}

export const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** "YYYY-MM-DD" */
export function formatYmd(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** "DD/MM/YYYY" */
export function formatDmy(w: WallClock): string {
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)}`;
}

/** "HH:mm" */
export function formatHm(w: WallClock): string {
  return `${pad(w.hour)}:${pad(w.minute)}`;
}
