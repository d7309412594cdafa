import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import { channelAt } from '../../src/calendar/stagger.js';
import { csvRows, toCsv } from '../../src/export/csv.js';
import { icsEvents, toIcs } from '../../src/export/ics.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { emptyCopy, load, plan, write } from '../import/support.js';

// Exports of a staggered post: ICS has one event per channel time, CSV each account's own time
// and the stagger as written, which `import csv` reads back.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CONFIG = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
  linkedin: { platform: linkedin, author: "urn:li:organization:2414183" }
`;

function repo(posts: Record<string, string>): string {
  const dir = calendarDir({ 'socialcal.yaml': CONFIG, ...posts }, { base: false });
  dirs.push(dir);
  return dir;
}
const SPREAD = 'at: 2027-03-16 11:00\nchannels: [bluesky, mastodon, linkedin]\nstagger: { mastodon: 45m, linkedin: 3h }\ntext: Deep dive\n';
const EVERY = 'at: 2027-03-17 09:00\nchannels: [linkedin, bluesky]\nstagger: 30m\ntext: Interval\n';

describe('export of staggered posts', () => {
  it('ICS: one event per channel time; the first keeps the post\'s UID, later ones are stable per account', () => {
    const calendar = load(repo({ 'posts/spread.yaml': SPREAD }));
    const events = icsEvents(calendar, { stamp: new Date('2027-01-01T00:00:00Z') });
    expect(events.map((e) => [e.uid, (e.start as Date).toISOString(), e.summary.replace(/^.*\[/, '[')])).toEqual([
      ['post-spread@socialcal', '2027-03-16T10:00:00.000Z', '[bluesky]'],
      ['post-spread~mastodon@socialcal', '2027-03-16T10:45:00.000Z', '[mastodon]'],
      ['post-spread~linkedin@socialcal', '2027-03-16T13:00:00.000Z', '[linkedin]'],
    ]);
    expect(events[1].description).toContain('Staggered: bluesky 11:00, mastodon 11:45, linkedin 14:00');
    // A calendar app reads it: three VEVENTs with those UIDs.
    const parsed = new ICAL.Component(ICAL.parse(toIcs(calendar))).getAllSubcomponents('vevent');
    expect(parsed.map((e) => e.getFirstPropertyValue('uid'))).toEqual(events.map((e) => e.uid));
    // Another offset keeps the UIDs, so a subscribed calendar moves the event instead of adding one.
    const moved = load(repo({ 'posts/spread.yaml': SPREAD.replace('45m', '1h') }));
    expect(icsEvents(moved).map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });

  it('CSV: each row has its account\'s own time and the stagger as written', () => {
    const calendar = load(repo({ 'posts/spread.yaml': SPREAD }));
    expect(csvRows(calendar).map((r) => [r.account, r.local_time, r.channel_time, r.stagger])).toEqual([
      ['bluesky', '2027-03-16 11:00', '2027-03-16 11:00', 'mastodon: 45m, linkedin: 3h'],
      ['mastodon', '2027-03-16 11:00', '2027-03-16 11:45', 'mastodon: 45m, linkedin: 3h'],
      ['linkedin', '2027-03-16 11:00', '2027-03-16 14:00', 'mastodon: 45m, linkedin: 3h'],
    ]);
  });

  it('export csv → import csv keeps the stagger, both forms', () => {
    const source = repo({ 'posts/spread.yaml': SPREAD, 'posts/every.yaml': EVERY });
    const before = load(source);
    const target = emptyCopy(source);
    dirs.push(target);
    const result = plan(target, toCsv(before));
    expect(result.errors).toEqual([]);
    expect(result.posts.map((p) => [p.data.id ?? p.path, p.data.stagger])).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('spread'), { mastodon: '45m', linkedin: '3h' }],
        [expect.stringContaining('every'), '30m'],
      ]),
    );
    write(target, result);
    const after = load(target);
    const times = (cal: typeof before) => cal.posts.map((p) => [p.id, p.channels.map((c) => channelAt(p, c).toISOString())]);
    expect(times(after)).toEqual(times(before));
  });

  it('a bad stagger cell is a located import error, and nothing is written', () => {
    const before = load(repo({ 'posts/every.yaml': EVERY }));
    const target = emptyCopy(repo({}));
    dirs.push(target);
    const csv = toCsv(before).replaceAll(',30m', ',30');
    const result = plan(target, csv);
    expect(result.posts).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, column: 'stagger', message: expect.stringContaining('"30" has no unit') })]);
  });
});
