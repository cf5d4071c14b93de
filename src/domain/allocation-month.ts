/**
 * Credgenics allocation months: "2021-2-01" — the day is always 01 and the month has no leading zero
 * (the Update Payment docs insist on it). The GET samples write them the same way; we also accept
 * "2021-02-01" when reading, since a lender that zero-pads once will do it again.
 */
export interface YearMonth {
  year: number;
  month: number; // 1-12
}

export function parseAllocationMonth(value: string | null | undefined): YearMonth | undefined {
  const match = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec((value ?? '').trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { year, month };
}

/** The form the Update Payment API insists on: `2021-2-01`. */
export function formatAllocationMonth({ year, month }: YearMonth): string {
  return `${year}-${month}-01`;
}

export function isDocumentedAllocationMonth(value: string): boolean {
  return /^\d{4}-([1-9]|1[0-2])-01$/.test(value);
}

export function compareYearMonth(a: YearMonth, b: YearMonth): number {
  return a.year - b.year || a.month - b.month;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Feb 2021". */
export function labelYearMonth({ year, month }: YearMonth): string {
  return `${MONTHS[month - 1]} ${year}`;
}

/** The month it is now in the given IANA zone (00:30 IST on the 1st is already the new month). */
export function currentYearMonth(now: Date, timeZone: string): YearMonth {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  return { year, month };
}

export function addMonths({ year, month }: YearMonth, delta: number): YearMonth {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The current month and the `count - 1` before it, newest first. */
export function recentMonths(now: Date, timeZone: string, count: number): YearMonth[] {
  const current = currentYearMonth(now, timeZone);
  return Array.from({ length: count }, (_, i) => addMonths(current, -i));
}

/** "Nov 2026" for any form Credgenics writes ("2026-11-01", "2026-11-1", "2026-11"); the text as given otherwise. */
export function displayAllocationMonth(value: string | null | undefined): string {
  const parsed = parseAllocationMonth(value);
  return parsed ? labelYearMonth(parsed) : (value ?? '');
}
