import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { laterOccurrences, parseEvery } from '../../src/calendar/repeat.js';
import { parseWallTime } from '../../src/calendar/time.js';
import { runRules } from '../../src/rules/index.js';
import { BASE_CONFIG, calendarDir, removeDir } from '../support/calendar-dir.js';

// Recurring posts: occurrences on the post's own clock, across DST changes and month ends.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const at = (wall: string, zone = 'Europe/Berlin') => {
  const r = parseWallTime(wall, zone);
  if (!r.ok) throw new Error(wall);
  return r.instant;
};
const walls = (first: string, rule: Parameters<typeof laterOccurrences>[2], zone = 'Europe/Berlin') =>
  laterOccurrences(at(first, zone), zone, rule).map((o) => o.wall);

describe('occurrences', () => {
  it('reads intervals', () => {
    expect(parseEvery('6 weeks')).toEqual({ every: 6, unit: 'week' });
    expect(parseEvery('month')).toEqual({ every: 1, unit: 'month' });
    expect(parseEvery('10d')).toEqual({ every: 10, unit: 'day' });
    expect(parseEvery('0 weeks')).toBeUndefined();
    expect(parseEvery('fortnightly')).toBeUndefined();
  });

  it('weekly keeps the wall time across the spring-forward change', () => {
    const rule = { every: 1, unit: 'week' as const, count: 3 };
    expect(walls('2027-03-21 10:00', rule)).toEqual(['2027-03-28 10:00', '2027-04-04 10:00']);
    const instants = laterOccurrences(at('2027-03-21 10:00'), 'Europe/Berlin', rule).map((o) => o.at.toISOString());
    expect(instants).toEqual(['2027-03-28T08:00:00.000Z', '2027-04-04T08:00:00.000Z']);
  });

  it('a daily repeat at 02:30 moves forward on the night the hour is skipped, and takes the first 02:30 when it repeats', () => {
    const spring = laterOccurrences(at('2027-03-27 02:30'), 'Europe/Berlin', { every: 1, unit: 'day', count: 2 });
    expect(spring[0].at.toISOString()).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST, as the clock shows
    const autumn = laterOccurrences(at('2027-10-30 02:30'), 'Europe/Berlin', { every: 1, unit: 'day', count: 2 });
    expect(autumn[0].at.toISOString()).toBe('2027-10-31T00:30:00.000Z'); // the first 02:30 (CEST)
  });

  it('monthly on the 31st skips months without one (RFC 5545)', () => {
    expect(walls('2027-01-31 09:00', { every: 1, unit: 'month', count: 5 })).toEqual(['2027-03-31 09:00', '2027-05-31 09:00', '2027-07-31 09:00', '2027-08-31 09:00']);
  });

  it('the first Monday, the last Friday and the 5th Monday of the month', () => {
    expect(walls('2027-01-04 10:00', { every: 1, unit: 'month', weekday: 1, nth: 1, count: 4 })).toEqual(['2027-02-01 10:00', '2027-03-01 10:00', '2027-04-05 10:00']);
    expect(walls('2027-01-29 16:00', { every: 1, unit: 'month', weekday: 5, nth: -1, count: 3 })).toEqual(['2027-02-26 16:00', '2027-03-26 16:00']);
    // 2027 months with five Mondays after March: May, August, November.
    expect(walls('2027-03-29 10:00', { every: 1, unit: 'month', weekday: 1, nth: 5, until: at('2027-12-31 23:59') })).toEqual(['2027-05-31 10:00', '2027-08-30 10:00', '2027-11-29 10:00']);
  });

  it('every 6 weeks until a date, in New York across its DST change', () => {
    const rule = { every: 6, unit: 'week' as const, until: at('2027-05-01 00:00', 'America/New_York') };
    expect(walls('2027-02-01 09:00', rule, 'America/New_York')).toEqual(['2027-03-15 09:00', '2027-04-26 09:00']);
  });

  it('an open repeat stops after three years', () => {
    const list = walls('2027-01-01 09:00', { every: 1, unit: 'month' });
    expect(list).toHaveLength(36);
    expect(list.at(-1)).toBe('2030-01-01 09:00');
  });
});

describe('repeating posts in the calendar', () => {
  function load(post: string) {
    const dir = calendarDir({ 'posts/tip.yaml': post, 'socialcal.yaml': BASE_CONFIG });
    dirs.push(dir);
    return loadCalendar(dir);
  }

  it('each occurrence is its own post: the first keeps the id, later ones are <id>@<date>', () => {
    const { calendar, problems } = load('at: 2027-03-02 09:00\nrepeat: { every: 2 weeks, count: 3 }\nchannels: [bluesky]\ntext: Tip\n');
    expect(problems).toEqual([]);
    const tips = calendar!.posts.filter((p) => p.series === 'tip');
    expect(tips.map((p) => [p.id, p.atText])).toEqual([
      ['tip', '2027-03-02 09:00'],
      ['tip@2027-03-16', '2027-03-16 09:00'],
      ['tip@2027-03-30', '2027-03-30 09:00'],
    ]);
    expect(calendar!.postsById.get('tip@2027-03-16')?.file).toBe('posts/tip.yaml');
  });

  it('duplicate-text does not flag a post\'s own repeats, but still flags another post with the same text', () => {
    const dir = calendarDir({
      'socialcal.yaml': BASE_CONFIG,
      'posts/tip.yaml': 'at: 2027-03-02 09:00\nrepeat: { every: 1 week, count: 3 }\nchannels: [bluesky]\ntext: Same tip\n',
      'posts/copy.yaml': 'at: 2027-03-20 12:00\nchannels: [bluesky]\ntext: same tip\n',
    });
    dirs.push(dir);
    const { calendar } = loadCalendar(dir);
    const dupes = runRules(calendar!, { now: new Date('2027-01-01T00:00:00Z') }).filter((p) => p.rule === 'duplicate-text');
    expect(dupes.map((p) => [p.file, p.message])).toEqual([['posts/copy.yaml', expect.stringContaining('same text as "tip@2027-03-16"')]]);
  });

  it('rules see every occurrence (spacing against another post)', () => {
    const dir = calendarDir({
      'socialcal.yaml': BASE_CONFIG,
      'posts/tip.yaml': 'at: 2027-03-02 09:00\nrepeat: { every: 1 week, count: 2 }\nchannels: [bluesky]\ntext: Tip\n',
      'posts/other.yaml': 'at: 2027-03-09 09:30\nchannels: [bluesky]\ntext: Other\n',
    });
    dirs.push(dir);
    const { calendar } = loadCalendar(dir);
    const spacing = runRules(calendar!, { now: new Date('2027-01-01T00:00:00Z') }).filter((p) => p.rule === 'spacing');
    expect(spacing.map((p) => p.message)).toEqual([expect.stringContaining('after "tip@2027-03-09"')]);
  });

  it('mistakes are located: unreadable interval, weekday on a weekly repeat, nth without weekday, until before at', () => {
    const cases: [string, string, RegExp][] = [
      ['repeat: { every: fortnightly }', 'repeat.every', /"fortnightly" is not a repeat interval/],
      ['repeat: { every: 1 week, weekday: mon }', 'repeat.weekday', /only go with a monthly repeat/],
      ['repeat: { every: 1 month, nth: 2 }', 'repeat.nth', /`nth` needs a `weekday`/],
      ['repeat: { every: 1 month, until: 2027-01-01 }', 'repeat.until', /before the first occurrence \(2027-03-02 09:00\)/],
    ];
    for (const [line, path, message] of cases) {
      const { problems, calendar } = load(`at: 2027-03-02 09:00\n${line}\nchannels: [bluesky]\ntext: Tip\n`);
      expect(problems, line).toMatchObject([{ file: 'posts/tip.yaml', line: 2, code: 'repeat-invalid', path, message: expect.stringMatching(message) }]);
      expect(calendar!.posts.filter((p) => p.file === 'posts/tip.yaml')).toHaveLength(1);
    }
  });

  it('the 5th Monday every month and the 31st are warnings that say which months are skipped', () => {
    const fifth = load('at: 2027-03-29 10:00\nrepeat: { every: month, weekday: mon, nth: 5, count: 3 }\nchannels: [bluesky]\ntext: Tip\n');
    expect(fifth.problems).toMatchObject([{ severity: 'warning', code: 'repeat-skips', message: 'not every month has a 5th Monday: months without one have no occurrence', hint: expect.stringContaining('nth: last') }]);
    const thirtyFirst = load('at: 2027-01-31 10:00\nrepeat: { every: 1 month, count: 2 }\nchannels: [bluesky]\ntext: Tip\n');
    expect(thirtyFirst.problems).toMatchObject([{ severity: 'warning', code: 'repeat-skips', message: expect.stringContaining('a 31st day') }]);
  });
});
