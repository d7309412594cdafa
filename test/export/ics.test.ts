import ICAL from 'ical.js';
import { convertIcsCalendar } from 'ts-ics';
import { describe, expect, it } from 'vitest';
import { toIcs } from '../../src/export/ics.js';
import { CAMPAIGN, ledger, memoryCalendar, post } from '../views/support/calendar.js';

function fixture() {
  return memoryCalendar({
    'campaigns/spring.yaml': CAMPAIGN,
    // Berlin switches to summer time on 2027-03-28 and back on 2027-10-31.
    'posts/before-spring.yaml': post('2027-03-27 10:00', 'campaign: spring\ntags: [product]\n'),
    'posts/after-spring.yaml': post('2027-03-28 10:00', 'campaign: spring\noverrides:\n  mastodon:\n    text: Toot version\n'),
    'posts/before-autumn.yaml': post('2027-10-30 10:00'),
    'posts/after-autumn.yaml': post('2027-10-31 10:00', 'status: draft\n'),
    'posts/new-york.yaml': post('2027-10-31 10:00', 'timezone: America/New_York\n'),
  });
}

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('export ics', () => {
  const stamp = new Date('2027-01-01T00:00:00Z');

  it('is RFC 5545 that an independent parser reads, one event per post with UTC times across DST changes', () => {
    const text = toIcs(fixture(), { stamp });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const events = parse(text);
    const start = (uid: string) => events.find((e) => e.uid === uid)!.startDate;
    expect(start('post-before-spring@socialcal').toJSDate().toISOString()).toBe('2027-03-27T09:00:00.000Z'); // CET, +01:00
    expect(start('post-after-spring@socialcal').toJSDate().toISOString()).toBe('2027-03-28T08:00:00.000Z'); // CEST, +02:00
    expect(start('post-before-autumn@socialcal').toJSDate().toISOString()).toBe('2027-10-30T08:00:00.000Z');
    expect(start('post-after-autumn@socialcal').toJSDate().toISOString()).toBe('2027-10-31T09:00:00.000Z');
    expect(start('post-new-york@socialcal').toJSDate().toISOString()).toBe('2027-10-31T14:00:00.000Z'); // EDT until Nov 7
    expect(start('post-after-spring@socialcal').zone.tzid).toBe('UTC');
    const after = events.find((e) => e.uid === 'post-after-spring@socialcal')!;
    expect(after.duration.toSeconds()).toBe(15 * 60);
    // The second parser reads the same instants.
    const ts = convertIcsCalendar(undefined, text).events!;
    for (const e of events) expect(ts.find((t) => t.uid === e.uid)!.start.date.toISOString()).toBe(e.startDate.toJSDate().toISOString());
    expect(after.summary).toContain('[bluesky, mastodon]');
    expect(after.description).toContain('Accounts: bluesky (bluesky acme.bsky.social), mastodon (mastodon @acme@example.social)');
    expect(after.description).toContain('Campaign: Spring launch');
    expect(after.description).toContain('— mastodon:\nToot version');
    expect(events.find((e) => e.uid === 'post-after-autumn@socialcal')!.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
  });

  it('adds milestones, the campaign span and blackouts as events', () => {
    const events = parse(toIcs(fixture(), { stamp }));
    const milestone = events.find((e) => e.uid === 'milestone-spring-launch@socialcal')!;
    expect(milestone.summary).toBe('★ Launch day (Spring launch)');
    expect(milestone.startDate.toJSDate().toISOString()).toBe('2027-03-29T08:00:00.000Z');
    const blackout = events.find((e) => e.summary === 'Blackout: earnings')!;
    expect(blackout.startDate.isDate).toBe(true);
    expect(blackout.startDate.toString()).toBe('2027-03-24');
    expect(blackout.endDate.toString()).toBe('2027-03-26'); // exclusive: the 24th and 25th
    expect(blackout.description).toContain('Applies to tags: promotional');
    const span = events.find((e) => e.uid === 'campaign-spring@socialcal')!;
    expect([span.startDate.toString(), span.endDate.toString()]).toEqual(['2027-03-22', '2027-04-01']);
  });

  it('keeps UIDs stable across runs and calendar edits, and links published posts', () => {
    const first = parse(toIcs(fixture(), { stamp: new Date('2027-01-01T00:00:00Z') })).map((e) => e.uid);
    const again = parse(toIcs(fixture(), { stamp: new Date('2027-02-01T00:00:00Z') })).map((e) => e.uid);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    const view = ledger({ 'before-spring/bluesky': { state: 'published', url: 'https://bsky.app/profile/acme/post/3k' } });
    const published = parse(toIcs(fixture(), { stamp, ledger: view })).find((e) => e.uid === 'post-before-spring@socialcal')!;
    expect(published.component.getFirstPropertyValue('url')).toBe('https://bsky.app/profile/acme/post/3k');
    expect(published.description).toContain('bluesky (bluesky acme.bsky.social) — published');
  });

  it('exports only what the filter selects', () => {
    const events = parse(toIcs(fixture(), { stamp, filter: { campaigns: ['spring'] } }));
    expect(events.filter((e) => e.uid.startsWith('post-')).map((e) => e.uid)).toEqual(['post-before-spring@socialcal', 'post-after-spring@socialcal']);
  });

  // Found by the fuzz corpus: the ics package folded in quadratic time, so a 50,000-character
  // post (or tag) took about a minute and texts were clipped. The own writer folds in one pass:
  // the whole text goes out, and folding stays within 75 octets even for multi-byte text.
  it('writes a huge post text and tag whole, in linear time, and stays valid', () => {
    const huge = 'x'.repeat(25_000) + 'é€😀'.repeat(5_000);
    const tag = 't'.repeat(20_000);
    const calendar = memoryCalendar({ 'posts/huge.yaml': `at: 2027-03-08 10:00\nchannels: [bluesky]\ntags: [${tag}]\ntext: ${huge}\n` });
    const text = toIcs(calendar, { stamp });
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const [event] = parse(text);
    expect(event.description.endsWith(`\n\n${huge}`)).toBe(true);
    expect(event.component.getFirstProperty('categories')!.getValues()).toEqual([tag]);
    expect(convertIcsCalendar(undefined, text).events![0].description).toBe(event.description);
    expect(event.uid).toBe('post-huge@socialcal');
    // Milestone names are map keys of any length: their UIDs are hashed.
    const named = memoryCalendar({ 'campaigns/c.yaml': `name: C\nmilestones:\n  ${'m'.repeat(900)}: 2027-03-08 10:00\n` });
    expect(parse(toIcs(named, { stamp })).map((e) => e.uid)).toContainEqual(expect.stringMatching(/^post-[0-9a-f]{64}@socialcal$/));
  });
});

describe('export ics: zones and categories, read back by two independent parsers', () => {
  const stamp = new Date('2027-01-01T00:00:00Z');
  const text = toIcs(
    memoryCalendar({
      'campaigns/new-york.yaml': 'name: NY summit\ntimezone: America/New_York\nstarts: 2027-05-01\nends: 2027-05-31\n',
      'campaigns/tokyo.yaml': 'name: Tokyo meetup\ntimezone: Asia/Tokyo\nstarts: 2027-05-01\nends: 2027-05-03\n',
      'posts/tagged.yaml': post('2027-05-02 10:00', 'tags: ["a,b", "c;d", "back\\\\slash", plain]\n'),
      'posts/untagged.yaml': post('2027-05-03 10:00'),
    }),
    { stamp },
  );
  const icalEvents = parse(text);
  // A second parser: ts-ics.
  const tsEvents = convertIcsCalendar(undefined, text).events ?? [];
  const byUid = (uid: string) => ({ ical: icalEvents.find((e) => e.uid === uid)!, ts: tsEvents.find((e) => e.uid === uid)! });

  it('writes a campaign span in the campaign\'s own zone, not the calendar\'s', () => {
    const ny = byUid('campaign-new-york@socialcal');
    expect([ny.ical.startDate.toString(), ny.ical.endDate.toString()]).toEqual(['2027-05-01', '2027-06-01']); // not a day late
    const tokyo = byUid('campaign-tokyo@socialcal');
    expect([tokyo.ical.startDate.toString(), tokyo.ical.endDate.toString()]).toEqual(['2027-05-01', '2027-05-04']); // not a day early
    const days = (e: (typeof tsEvents)[number]) => [e.start, e.end!].map((d) => `${d.type} ${d.date.toISOString().slice(0, 10)}`);
    expect(days(tokyo.ts)).toEqual(['DATE 2027-05-01', 'DATE 2027-05-04']);
    expect(days(ny.ts)).toEqual(['DATE 2027-05-01', 'DATE 2027-06-01']);
  });

  it('escapes commas, semicolons and backslashes in tags, so each tag stays one category', () => {
    expect(text).toContain('CATEGORIES:a\\,b,c\\;d,back\\\\slash,plain');
    const tagged = byUid('post-tagged@socialcal');
    expect(tagged.ical.component.getFirstProperty('categories')!.getValues()).toEqual(['a,b', 'c;d', 'back\\slash', 'plain']);
    // ts-ics (like node-ical) splits CATEGORIES at every comma, escaped or not, against RFC 5545
    // §3.3.11; ical.js follows the RFC, so the escaping is checked with it and the raw text.
  });

  it('writes no CATEGORIES line for a post without tags or campaign', () => {
    const unfolded = text.replace(/\r\n /g, '');
    const event = unfolded.split('BEGIN:VEVENT').find((e) => e.includes('UID:post-untagged@socialcal'))!;
    expect(event).not.toMatch(/^CATEGORIES/m);
    expect(text).not.toMatch(/^CATEGORIES:\r?$/m);
    const untagged = byUid('post-untagged@socialcal');
    expect(untagged.ical.component.getFirstProperty('categories')).toBeNull();
    expect(untagged.ts.categories).toBeUndefined();
  });
});
