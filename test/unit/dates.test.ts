import { describe, expect, it } from 'vitest';
import { displayDate, displayDateTime, parseLenderDate, stampIn, todayIn } from '../../src/domain/dates.ts';

describe('lender dates', () => {
  it.each([
    ['2020-07-05', '5 Jul 2020'],
    ['2020-09-12 00:59:51.418571', '12 Sep 2020'],
    ['2020-11-04 17:16:32', '4 Nov 2020'],
    ['05/10/2020', '5 Oct 2020'],
    ['29/09/2020 16:17:42', '29 Sep 2020'],
  ])('reads %s', (text, shown) => {
    expect(displayDate(text)).toBe(shown);
  });

  it('keeps the time when the lender gave one', () => {
    expect(displayDateTime('2020-11-04 17:16:32')).toBe('4 Nov 2020, 17:16');
    expect(displayDateTime('2020-11-04')).toBe('4 Nov 2020');
  });

  it('refuses impossible dates and passes unknown text through for display', () => {
    expect(parseLenderDate('2021-02-30')).toBeUndefined();
    expect(parseLenderDate('31/04/2021')).toBeUndefined();
    expect(parseLenderDate('2021-13-01')).toBeUndefined();
    expect(displayDate('next Tuesday')).toBe('next Tuesday');
    expect(displayDate('')).toBeUndefined();
  });

  it('decides today and stamps in the team’s zone', () => {
    const at = new Date('2026-11-30T19:00:00Z'); // 1 Dec 2026, 00:30 IST
    expect(todayIn(at, 'Asia/Kolkata')).toBe('2026-12-01');
    expect(todayIn(at, 'UTC')).toBe('2026-11-30');
    expect(stampIn(at, 'Asia/Kolkata')).toMatch(/1 Dec 2026.*00:30/);
  });
});
