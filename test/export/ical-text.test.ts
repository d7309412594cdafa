import ICAL from 'ical.js';
import { convertIcsCalendar } from 'ts-ics';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, writeIcs } from '../../src/export/ical-text.js';

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('RFC 5545 text', () => {
  it('folds at 75 octets, never inside a UTF-8 sequence or surrogate pair, and unfolds to the same line', () => {
    const cases = ['a'.repeat(75), 'a'.repeat(76), 'é'.repeat(100), `x${'€'.repeat(60)}`, '😀'.repeat(40), `${'a'.repeat(74)}😀b`];
    for (const line of cases) {
      const folded = foldLine(line);
      for (const part of folded.split('\r\n')) {
        expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
        expect(part).not.toMatch(/[\ud800-\udbff]$/); // no lone high surrogate at a fold
      }
      expect(unfold(folded)).toBe(line);
    }
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldLine('a'.repeat(76)).split('\r\n')).toEqual(['a'.repeat(75), ' a']);
  });

  it('escapes TEXT: backslash, semicolon, comma and every kind of line break; drops control characters', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg\u0000h\ti')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'h\ti');
  });

  it('writes events both parsers read back: UTC times, all-day dates, durations, categories, URL', () => {
    const stamp = new Date('2027-01-01T00:00:00Z');
    const text = writeIcs({
      productId: '-//test//EN',
      name: 'Test, calendar',
      events: [
        { uid: 'a@x', stamp, start: new Date('2027-03-28T01:30:00Z'), minutes: 90, summary: 'Summer time; starts', description: 'line 1\nline 2, with comma', categories: ['one,two', 'three'], status: 'CONFIRMED', transparent: true, url: 'https://example.com/a?b=c,d' },
        { uid: 'b@x', stamp, start: '2027-10-30', endDay: '2027-11-01', summary: 'All day', outOfOffice: true },
      ],
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const ical = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(ical[0].startDate.toJSDate().toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(ical[0].duration.toSeconds()).toBe(90 * 60);
    expect(ical[0].summary).toBe('Summer time; starts');
    expect(ical[0].description).toBe('line 1\nline 2, with comma');
    expect(ical[0].component.getFirstProperty('categories')!.getValues()).toEqual(['one,two', 'three']);
    expect(ical[0].component.getFirstPropertyValue('url')).toBe('https://example.com/a?b=c,d');
    expect([ical[1].startDate.toString(), ical[1].endDate.toString()]).toEqual(['2027-10-30', '2027-11-01']);
    const ts = convertIcsCalendar(undefined, text).events!;
    expect(ts[0].start.date.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(ts[0].description).toBe('line 1\nline 2, with comma');
    expect(ts[1].start.type).toBe('DATE');
  });
});
