import { describe, expect, it } from 'vitest';
import { inferDateOrder, parseSheetDate } from '../../src/import/dates.js';

describe('sheet dates', () => {
  it.each([
    ['2027-01-20 10:00', undefined, '2027-01-20 10:00'],
    ['2027-1-5T9:30', undefined, '2027-01-05 09:30'],
    ['2027-01-20 10:00:30', undefined, '2027-01-20 10:00:30'],
    ['2027-01-20T10:00:00Z', undefined, '2027-01-20 10:00Z'],
    ['2027-01-20 10:00 +0530', undefined, '2027-01-20 10:00+05:30'],
    ['20/01/2027 10:00', 'dmy', '2027-01-20 10:00'],
    ['01/20/2027 10:00', 'mdy', '2027-01-20 10:00'],
    ['05.03.2027 18:05', 'dmy', '2027-03-05 18:05'],
    ['3/5/2027 6:05 PM', 'mdy', '2027-03-05 18:05'],
    ['3/5/2027 12:00 AM', 'mdy', '2027-03-05 00:00'],
    // Excel: 46407 is 2027-01-20; .4166… is 10:00 (rounded to the minute).
    ['46407.41666666', undefined, '2027-01-20 10:00'],
  ] as const)('%s (%s) → %s', (cell, order, wall) => {
    expect(parseSheetDate(cell, order)).toEqual({ ok: true, wall });
  });

  it.each([
    ['2027-01-20', undefined, 'no-time'],
    ['20/01/2027', 'dmy', 'no-time'],
    ['46407', undefined, 'no-time'],
    ['01/02/2027 10:00', undefined, 'ambiguous'],
    ['01/20/2027 10:00', 'dmy', 'order'],
    ['20/01/2027 10:00', 'mdy', 'order'],
    ['13/5/2027 13:00 PM', 'dmy', 'format'],
    ['next tuesday', undefined, 'format'],
  ] as const)('%s (%s) is refused: %s', (cell, order, reason) => {
    expect(parseSheetDate(cell, order)).toMatchObject({ ok: false, reason });
  });

  it('infers the order only when a date shows it, and refuses a sheet that mixes both', () => {
    expect(inferDateOrder(['01/02/2027 10:00', '03/04/2027 10:00'])).toBe('ambiguous');
    expect(inferDateOrder(['01/02/2027 10:00', '25/04/2027 10:00'])).toBe('dmy');
    expect(inferDateOrder(['01/02/2027 10:00', '04/25/2027 10:00'])).toBe('mdy');
    expect(inferDateOrder(['25/01/2027 10:00', '04/25/2027 10:00'])).toBe('mixed');
    expect(inferDateOrder(['2027-01-20 10:00'])).toBeUndefined();
  });
});
