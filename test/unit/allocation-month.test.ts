import { describe, expect, it } from 'vitest';
import { currentYearMonth, formatAllocationMonth, parseAllocationMonth, recentMonths } from '../../src/domain/allocation-month.ts';

describe('allocation month', () => {
  it('is written with no leading zero and day 01, as the docs insist', () => {
    expect(formatAllocationMonth({ year: 2021, month: 2 })).toBe('2021-2-01');
    expect(formatAllocationMonth({ year: 2026, month: 11 })).toBe('2026-11-01');
  });

  it('reads both the documented and the zero-padded form', () => {
    expect(parseAllocationMonth('2021-2-01')).toEqual({ year: 2021, month: 2 });
    expect(parseAllocationMonth('2021-02-01')).toEqual({ year: 2021, month: 2 });
    expect(parseAllocationMonth('2021-13-01')).toBeUndefined();
    expect(parseAllocationMonth('')).toBeUndefined();
  });

  it('decides "this month" in the team’s time zone: 00:30 IST on the 1st is the new month', () => {
    const justAfterMidnightIst = new Date('2026-11-30T19:00:00Z'); // 1 Dec 2026, 00:30 IST
    expect(currentYearMonth(justAfterMidnightIst, 'Asia/Kolkata')).toEqual({ year: 2026, month: 12 });
    expect(currentYearMonth(justAfterMidnightIst, 'UTC')).toEqual({ year: 2026, month: 11 });
  });

  it('lists recent months across a year boundary', () => {
    expect(recentMonths(new Date('2026-02-10T06:00:00Z'), 'Asia/Kolkata', 3).map(formatAllocationMonth)).toEqual([
      '2026-2-01',
      '2026-1-01',
      '2025-12-01',
    ]);
  });
});
