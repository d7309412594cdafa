import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { buildGrid } from '../../../src/views/calendar/grid.js';
import { postDetail } from '../../../src/views/calendar/detail.js';
import { parseMonth, parseWeek } from '../../../src/views/calendar/period.js';
import { renderMonth, renderWeek } from '../../../src/views/calendar/render-text.js';
import { memoryCalendar, post } from '../support/calendar.js';

// A staggered post in the calendar views: shown at each channel's time, later channels marked ».

const plain = new Chalk({ level: 0 });
const now = new Date('2027-03-20T12:00:00Z');
const calendar = () =>
  memoryCalendar({
    'posts/spread.yaml': post('2027-03-23 10:00', 'channels: [bluesky, mastodon, linkedin]\nstagger: { mastodon: 45m, linkedin: 14h }\n'),
    'posts/plain.yaml': post('2027-03-23 12:00'),
  });

describe('calendar views with a stagger', () => {
  it('the grid has the post at each channel time, on the day that time falls on', () => {
    const grid = buildGrid(calendar(), parseMonth('2027-03'), { now });
    const day = (date: string) => grid.days.find((d) => d.date === date)!.posts.map((p) => [p.id, p.time, p.channels.join(','), p.stagger ?? '']);
    expect(day('2027-03-23')).toEqual([
      ['spread', '10:00', 'bluesky', 'first'],
      ['spread', '10:45', 'mastodon', 'later'],
      ['plain', '12:00', 'bluesky,mastodon', ''],
    ]);
    // 10:00 + 14h is after midnight: the next day.
    expect(day('2027-03-24')).toEqual([['spread', '00:00', 'linkedin', 'later']]);
  });

  it('with an account filter only that account\'s time of a staggered post is shown', () => {
    const grid = buildGrid(calendar(), parseMonth('2027-03'), { now, filter: { accounts: ['linkedin'] } });
    expect(grid.days.flatMap((d) => d.posts.map((p) => [d.date, p.time, p.channels.join(',')]))).toEqual([['2027-03-24', '00:00', 'linkedin']]);
  });

  it('a channel staggered into the first day of a view is shown even though the post starts the day before', () => {
    const grid = buildGrid(calendar(), parseWeek('2027-W12'), { now });
    expect(grid.days.flatMap((d) => d.posts.map((p) => [d.date, p.time]))).toEqual([
      ['2027-03-23', '10:00'],
      ['2027-03-23', '10:45'],
      ['2027-03-23', '12:00'],
      ['2027-03-24', '00:00'],
    ]);
    const next = buildGrid(calendar(), parseWeek('2027-W13'), { now });
    expect(next.days.flatMap((d) => d.posts)).toEqual([]);
  });

  it('month and week text mark the later channels and explain the mark', () => {
    const month = renderMonth(buildGrid(calendar(), parseMonth('2027-03'), { now }), { width: 120, chalk: plain });
    expect(month).toContain('10:45»M');
    expect(month).toContain('» staggered channel');
    const week = renderWeek(buildGrid(calendar(), parseWeek('2027-W12'), { now }), { width: 120, chalk: plain });
    expect(week).toContain('10:45»M');
    // Without a stagger on the page the legend stays as it was.
    const quiet = renderMonth(buildGrid(memoryCalendar({ 'posts/plain.yaml': post('2027-03-23 12:00') }), parseMonth('2027-03'), { now }), { width: 120, chalk: plain });
    expect(quiet).not.toContain('staggered');
  });

  it('the post detail gives each account its own time', () => {
    const cal = calendar();
    const detail = postDetail(cal, cal.postsById.get('spread')!);
    expect(detail.accounts.map((a) => [a.name, a.local, a.offsetMinutes])).toEqual([
      ['bluesky', '2027-03-23 10:00', 0],
      ['mastodon', '2027-03-23 10:45', 45],
      ['linkedin', '2027-03-24 00:00', 840],
    ]);
  });
});
