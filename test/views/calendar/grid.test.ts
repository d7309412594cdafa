import { describe, expect, it } from 'vitest';
import { buildGrid } from '../../../src/views/calendar/grid.js';
import { parseMonth, parseWeek } from '../../../src/views/calendar/period.js';
import { CAMPAIGN, ledger, memoryCalendar, post } from '../support/calendar.js';

const now = new Date('2027-03-20T12:00:00Z');

function fixture() {
  return memoryCalendar({
    'campaigns/spring.yaml': CAMPAIGN,
    'posts/a.yaml': post('2027-03-23 10:00', 'campaign: spring\ntags: [promotional]\n'),
    'posts/b.yaml': post('2027-03-24 10:00', 'campaign: spring\ntags: [promotional]\n'),
    'posts/c.yaml': post('2027-03-24 23:30', 'tags: [education]\nstatus: draft\n'),
    'posts/d.yaml': post('2027-03-28 09:00', 'campaign: spring\nchannels: [linkedin]\n'),
    'posts/e.yaml': post('2027-04-02 09:00'),
  });
}

describe('buildGrid', () => {
  it('puts each post on its day in the calendar zone, with its local time', () => {
    const grid = buildGrid(fixture(), parseMonth('2027-03'), { now });
    const day = (date: string) => grid.days.find((d) => d.date === date)!;
    expect(day('2027-03-23').posts.map((p) => [p.id, p.time])).toEqual([['a', '10:00']]);
    // 23:30 Berlin is 22:30 UTC: still the 24th locally.
    expect(day('2027-03-24').posts.map((p) => [p.id, p.time, p.status])).toEqual([
      ['b', '10:00', 'ready'],
      ['c', '23:30', 'draft'],
    ]);
    // After the switch to summer time on the 28th, 09:00 is 07:00 UTC.
    expect(day('2027-03-28').posts[0].at.toISOString()).toBe('2027-03-28T07:00:00.000Z');
    // Trailing days of the month view belong to April and are marked so.
    expect(day('2027-04-02')).toMatchObject({ inPeriod: false, posts: [{ id: 'e' }] });
    expect(day('2027-03-20').today).toBe(true);
  });

  it('marks milestones, blackouts (day and matching posts) and empty days of a running campaign', () => {
    const grid = buildGrid(fixture(), parseMonth('2027-03'), { now });
    const day = (date: string) => grid.days.find((d) => d.date === date)!;
    expect(day('2027-03-29').milestones).toMatchObject([{ campaign: 'spring', id: 'launch', title: 'Launch day', time: '10:00' }]);
    expect(day('2027-03-24').blackouts).toEqual(['earnings']);
    expect(day('2027-03-26').blackouts).toEqual([]);
    // Only the promotional post is inside the tag-limited blackout.
    expect(day('2027-03-24').posts.map((p) => [p.id, p.blackouts])).toEqual([
      ['b', ['earnings']],
      ['c', []],
    ]);
    expect(day('2027-03-21').gaps).toEqual([]); // before the campaign starts
    expect(day('2027-03-22').gaps).toEqual(['spring']);
    expect(day('2027-03-23').gaps).toEqual([]);
    expect(day('2027-03-31').gaps).toEqual(['spring']);
    expect(day('2027-04-01').gaps).toEqual([]); // after it ends
  });

  it('filters by account, campaign and tag, and the campaign filter hides other milestones', () => {
    const cal = fixture();
    const ids = (g: ReturnType<typeof buildGrid>) => g.days.flatMap((d) => d.posts.map((p) => p.id));
    expect(ids(buildGrid(cal, parseMonth('2027-03'), { now, filter: { accounts: ['linkedin'] } }))).toEqual(['d']);
    expect(ids(buildGrid(cal, parseMonth('2027-03'), { now, filter: { tags: ['education'] } }))).toEqual(['c']);
    const other = buildGrid(cal, parseMonth('2027-03'), { now, filter: { campaigns: ['nope'] } });
    expect(other.days.flatMap((d) => d.milestones)).toEqual([]);
    expect(other.days.flatMap((d) => d.gaps)).toEqual([]);
  });

  it('shows publish state, freezes from the day they start and the posts a freeze holds', () => {
    const view = ledger({ 'a/bluesky': { state: 'published', url: 'https://bsky.app/x' } }, [{ reason: 'incident', tags: ['promotional'], at: new Date('2027-03-24T06:00:00Z') }]);
    const grid = buildGrid(fixture(), parseMonth('2027-03'), { now, ledger: view });
    const day = (date: string) => grid.days.find((d) => d.date === date)!;
    expect(day('2027-03-23').posts[0].published).toEqual({ bluesky: 'published' });
    expect(day('2027-03-23').freezes).toEqual([]);
    expect(day('2027-03-24').freezes).toEqual(['incident']);
    expect(day('2027-03-24').posts.map((p) => [p.id, p.held])).toEqual([
      ['b', true],
      ['c', false], // not a promotional post
    ]);
  });

  it('builds a week of 7 days with hours, and names neighbouring periods', () => {
    const grid = buildGrid(fixture(), parseWeek('2027-W12'), { now });
    expect(grid.days.map((d) => d.date)).toEqual(['2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26', '2027-03-27', '2027-03-28']);
    expect(grid.days.every((d) => d.inPeriod)).toBe(true);
    expect(grid.days[6].posts[0].hour).toBe(9);
    expect([grid.previous, grid.code, grid.next]).toEqual(['2027-W11', '2027-W12', '2027-W13']);
  });

  it('narrows with a search predicate', () => {
    const grid = buildGrid(fixture(), parseMonth('2027-03'), { now, match: (p) => p.id === 'd' });
    expect(grid.days.flatMap((d) => d.posts.map((p) => p.id))).toEqual(['d']);
  });
});
