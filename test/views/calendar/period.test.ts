import { describe, expect, it } from 'vitest';
import { isoWeekOf, parseMonth, parseWeek, periodAt, periodCode, periodDays, shiftPeriod } from '../../../src/views/calendar/period.js';
import { startOfDay } from '../../../src/calendar/time.js';

describe('periods', () => {
  it('shows a month as whole weeks from Monday to Sunday', () => {
    const days = periodDays(parseMonth('2027-03'));
    expect(days[0]).toBe('2027-03-01'); // a Monday
    expect(days.at(-1)).toBe('2027-04-04');
    expect(days).toHaveLength(35);
    const feb = periodDays(parseMonth('2027-02'));
    expect([feb[0], feb.at(-1)]).toEqual(['2027-02-01', '2027-02-28']);
  });

  it('reads ISO weeks, including week 53 and weeks that start in the previous year', () => {
    expect(periodDays(parseWeek('2027-W01'))[0]).toBe('2027-01-04');
    expect(periodDays(parseWeek('2026-W53'))).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(isoWeekOf('2027-01-01')).toEqual({ kind: 'week', year: 2026, week: 53 });
    expect(() => parseWeek('2027-W53')).toThrow(/not an ISO week/);
  });

  it('rejects malformed flags with the expected shape in the hint', () => {
    expect(() => parseMonth('2027-13')).toThrow(/--month 2027-13: not a month/);
    expect(() => parseMonth('March')).toThrow(/not a month/);
    expect(() => parseWeek('2027-10')).toThrow(/--week/);
  });

  it('steps months and weeks across year ends', () => {
    expect(periodCode(shiftPeriod(parseMonth('2027-12'), 1))).toBe('2028-01');
    expect(periodCode(shiftPeriod(parseMonth('2027-01'), -1))).toBe('2026-12');
    expect(periodCode(shiftPeriod(parseWeek('2026-W53'), 1))).toBe('2027-W01');
  });

  it('takes the current month in the calendar zone, not UTC', () => {
    const instant = new Date('2027-02-28T23:30:00Z'); // already March 1 in Berlin
    expect(periodCode(periodAt('month', instant, 'Europe/Berlin'))).toBe('2027-03');
    expect(periodCode(periodAt('month', instant, 'UTC'))).toBe('2027-02');
  });

  it('finds where a day starts in a zone, also on a DST change day', () => {
    expect(startOfDay('2027-03-28', 'Europe/Berlin').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(startOfDay('2027-03-29', 'Europe/Berlin').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    // Midnight does not exist in Santiago on the day DST starts; the day starts at 01:00.
    expect(startOfDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });
});
