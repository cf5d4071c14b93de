/**
 * Dates as lenders write them and as people read them. Credgenics writes "2020-07-05",
 * "2020-09-12 00:59:51.418571" and, in speed-post tracking, "05/10/2020"; Apollo wants "12/03/2023".
 */
import { format, isValid, parse } from 'date-fns';

const FORMATS = ['yyyy-MM-dd HH:mm:ss.SSSSSS', 'yyyy-MM-dd HH:mm:ss.SSS', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy'];

/** Parse a lender date string (wall-clock, no zone) into a Date, or undefined. */
export function parseLenderDate(value: string | null | undefined): Date | undefined {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  // date-fns parses at most milliseconds: drop extra fractional digits.
  const trimmed = text.replace(/(\.\d{3})\d+$/, '$1');
  for (const pattern of FORMATS) {
    const date = parse(trimmed, pattern.replace('.SSSSSS', '.SSS'), new Date(2000, 0, 1));
    if (isValid(date)) return date;
  }
  return undefined;
}

/** "12 Sep 2020", or the text as given when it is not a date we know. */
export function displayDate(value: string | null | undefined): string | undefined {
  const date = parseLenderDate(value);
  if (date) return format(date, 'd MMM yyyy');
  const text = (value ?? '').trim();
  return text || undefined;
}

/** "12 Sep 2020, 00:59" when the lender gave a time. */
export function displayDateTime(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim();
  const date = parseLenderDate(text);
  if (!date) return text || undefined;
  return /\d{1,2}:\d{2}/.test(text) ? format(date, 'd MMM yyyy, HH:mm') : format(date, 'd MMM yyyy');
}

/** Today's calendar date (YYYY-MM-DD) in the given IANA zone. */
export function todayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A wall-clock time in the given zone, e.g. "14:02". */
export function clockIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

/** "25 Nov 2026, 14:02 IST"-like stamp in the given zone. */
export function stampIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-IN', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(at);
}
