/**
 * Dates as lenders write them and as people read them. Credgenics writes "2020-07-05",
 * "2020-09-12 00:59:51.418571" and, in speed-post tracking, "05/10/2020"; Apollo wants "12/03/2023".
 */
import { format, isValid, parse } from 'date-fns';

const FORMATS = ['yyyy-MM-dd HH:mm:ss.SSSSSS', 'yyyy-MM-dd HH:mm:ss.SSS', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy'];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const DMY = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function fromParts(y: number, mo: number, d: number, h = 0, mi = 0, se = 0, ms = 0): Date | undefined {
  const date = new Date(y, mo - 1, d, h, mi, se, ms);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d && h < 24 && mi < 60 && se < 60 ? date : undefined;
}

/** Parse a lender date string (wall-clock, no zone) into a Date, or undefined. */
export function parseLenderDate(value: string | null | undefined): Date | undefined {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  // The shapes lenders actually send, without trying date-fns patterns one by one (a hot path in summaries).
  const iso = ISO.exec(text);
  if (iso) return fromParts(+iso[1]!, +iso[2]!, +iso[3]!, +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0), Math.floor(+((iso[7] ?? '0').padEnd(3, '0').slice(0, 3))));
  const dmy = DMY.exec(text);
  if (dmy) return fromParts(+dmy[3]!, +dmy[2]!, +dmy[1]!, +(dmy[4] ?? 0), +(dmy[5] ?? 0), +(dmy[6] ?? 0));
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

/** Building an Intl.DateTimeFormat is costly (the profile showed it per request): one per zone and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, cached);
  }
  return cached;
}

/** Today's calendar date (YYYY-MM-DD) in the given IANA zone. */
export function todayIn(now: Date, timeZone: string): string {
  return formatter('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A wall-clock time in the given zone, e.g. "14:02". */
export function clockIn(at: Date, timeZone: string): string {
  return formatter('en-GB', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** To the second, e.g. "14:02:05": for what happens within a minute or two (a failure, the next try, the settle window). */
export function clockSecondsIn(at: Date, timeZone: string): string {
  return formatter('en-GB', timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

/** "25 Nov 2026, 14:02 IST"-like stamp in the given zone. */
export function stampIn(at: Date, timeZone: string): string {
  return formatter('en-IN', timeZone, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
}
