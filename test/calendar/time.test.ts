import { describe, expect, it } from 'vitest';
import { formatWall, offsetAt, parseDuration, parseRelativeTime, parseWallTime, shiftWall } from '../../src/calendar/time.js';

describe('wall times in IANA zones', () => {
  it.each([
    ['2027-01-12 10:00', 'Europe/Berlin', '2027-01-12T09:00:00.000Z'],
    ['2027-07-12 10:00', 'Europe/Berlin', '2027-07-12T08:00:00.000Z'],
    ['2027-03-28 01:59', 'Europe/Berlin', '2027-03-28T00:59:00.000Z'],
    ['2027-03-28 03:00', 'Europe/Berlin', '2027-03-28T01:00:00.000Z'],
    ['2027-03-14 03:00', 'America/New_York', '2027-03-14T07:00:00.000Z'],
    ['2027-01-12', 'Asia/Tokyo', '2027-01-11T15:00:00.000Z'],
    ['2027-01-12T10:00', 'UTC', '2027-01-12T10:00:00.000Z'],
    ['2027-10-31 02:30+02:00', 'Europe/Berlin', '2027-10-31T00:30:00.000Z'],
    ['2027-10-31 02:30+01:00', 'Europe/Berlin', '2027-10-31T01:30:00.000Z'],
    ['2027-10-03 01:45', 'Australia/Lord_Howe', '2027-10-02T15:15:00.000Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    const r = parseWallTime(text, zone);
    expect(r.ok && r.instant.toISOString()).toBe(iso);
  });

  it('rejects a time in the spring-forward gap and suggests the shifted time (Berlin)', () => {
    expect(parseWallTime('2027-03-28 02:30', 'Europe/Berlin')).toEqual({ ok: false, reason: 'gap', suggestion: '2027-03-28 03:30' });
  });

  it('rejects a time in the spring-forward gap (New York)', () => {
    expect(parseWallTime('2027-03-14 02:15', 'America/New_York')).toEqual({ ok: false, reason: 'gap', suggestion: '2027-03-14 03:15' });
  });

  it('rejects the half-hour gap of Lord Howe Island', () => {
    expect(parseWallTime('2027-10-03 02:15', 'Australia/Lord_Howe')).toMatchObject({ ok: false, reason: 'gap' });
  });

  it('calls the repeated hour ambiguous and offers both offsets (Berlin)', () => {
    expect(parseWallTime('2027-10-31 02:30', 'Europe/Berlin')).toEqual({
      ok: false,
      reason: 'ambiguous',
      first: '2027-10-31 02:30+02:00',
      second: '2027-10-31 02:30+01:00',
    });
  });

  it('calls the repeated hour ambiguous (New York)', () => {
    expect(parseWallTime('2027-11-07 01:30', 'America/New_York')).toEqual({
      ok: false,
      reason: 'ambiguous',
      first: '2027-11-07 01:30-04:00',
      second: '2027-11-07 01:30-05:00',
    });
  });

  it('either suggested offset resolves the ambiguity', () => {
    const first = parseWallTime('2027-11-07 01:30-04:00', 'America/New_York');
    const second = parseWallTime('2027-11-07 01:30-05:00', 'America/New_York');
    expect(first.ok && second.ok && second.instant.getTime() - first.instant.getTime()).toBe(3_600_000);
  });

  it.each(['tomorrow', '2027-13-01 10:00', '2027-02-29 10:00', '2027-01-01 24:00', '2027-01-01 10:60', '12/01/2027'])('rejects %s', (text) => {
    expect(parseWallTime(text, 'UTC')).toEqual({ ok: false, reason: 'format' });
  });

  it.each(['+25:00', '-13:00', '+14:30', '+05:60', '+9999'])('rejects the offset %s as out of range', (offset) => {
    expect(parseWallTime(`2027-05-04T10:00:00${offset}`, 'UTC')).toEqual({ ok: false, reason: 'offset', offset });
  });

  it.each([
    ['+14:00', '2027-05-03T20:00:00.000Z'],
    ['-12:00', '2027-05-04T22:00:00.000Z'],
    ['+0530', '2027-05-04T04:30:00.000Z'],
    ['Z', '2027-05-04T10:00:00.000Z'],
  ])('accepts the offset %s', (offset, iso) => {
    const r = parseWallTime(`2027-05-04T10:00:00${offset}`, 'UTC');
    expect(r.ok && r.instant.toISOString()).toBe(iso);
  });

  it('rejects an unknown zone', () => {
    expect(parseWallTime('2027-01-01 10:00', 'Mars/Olympus')).toEqual({ ok: false, reason: 'zone' });
  });

  it('gets the offset right inside the hour after a change', () => {
    expect(offsetAt('Europe/Berlin', Date.parse('2027-03-28T01:30:00Z'))).toBe(7_200_000);
    expect(offsetAt('Europe/Berlin', Date.parse('2027-03-28T00:59:00Z'))).toBe(3_600_000);
    expect(formatWall(new Date('2027-10-31T01:30:00Z'), 'Europe/Berlin')).toBe('2027-10-31 02:30');
  });
});

describe('durations and milestone-relative times', () => {
  it.each([
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('reads `launch - 2d` and `launch`', () => {
    expect(parseRelativeTime('launch - 2d')).toEqual({ milestone: 'launch', offsetMs: -172_800_000 });
    expect(parseRelativeTime('launch+90m')).toEqual({ milestone: 'launch', offsetMs: 5_400_000 });
    expect(parseRelativeTime('launch')).toEqual({ milestone: 'launch', offsetMs: 0 });
    expect(parseRelativeTime('launch - soon')).toBeUndefined();
  });

  it('shifts the wall clock, and gives up past the years a wall time can be written in', () => {
    const launch = new Date('2027-03-10T09:00:00Z');
    expect(shiftWall(launch, -2 * 86_400_000, 'Europe/Berlin')).toBe('2027-03-08 10:00');
    expect(shiftWall(launch, -99999999999 * 86_400_000, 'Europe/Berlin')).toBeUndefined();
    expect(shiftWall(launch, 8000 * 365 * 86_400_000, 'Europe/Berlin')).toBeUndefined();
    expect(shiftWall(launch, -2025 * 365 * 86_400_000, 'Europe/Berlin')).toMatch(/^000[1-9]-/);
    expect(parseWallTime('0002-01-01 10:00', 'UTC')).toEqual({ ok: true, instant: new Date('0002-01-01T10:00:00Z') });
  });
});
