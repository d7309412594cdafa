import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import type { Calendar } from '../../src/calendar/model.js';
import { scheduleCalendar } from '../../src/schedule/run.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

// `schedule` places a staggered queued post where every one of its channels, at its own time,
// satisfies the rules; the same post without a stagger would take the first slot.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// 2027-03-01 is a Monday; Berlin is on UTC+1.
const NOW = new Date('2027-03-01T00:00:00Z');

function calendar(slots: string, posts: Record<string, string>, rules = ''): Calendar {
  const files: Record<string, string> = {
    'socialcal.yaml': `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
queues:
  main:
    slots:
      - ${slots}
${rules ? `rules:\n${rules}` : ''}`,
  };
  for (const [name, body] of Object.entries(posts)) files[`posts/${name}.yaml`] = body;
  const dir = calendarDir(files, { base: false });
  dirs.push(dir);
  const { calendar, problems } = loadCalendar(dir);
  expect(problems).toEqual([]);
  return calendar!;
}

const queued = (stagger?: string) => `queue: main\nchannels: [bluesky, mastodon]\n${stagger ? `stagger: ${stagger}\n` : ''}text: queued\n`;
const placed = (cal: Calendar) => Object.fromEntries(scheduleCalendar(cal, { now: NOW }).placed.map((p) => [p.post.id, p.atText]));

describe('schedule: staggered posts', () => {
  it('quiet-hours: a slot whose staggered channel falls into quiet hours is skipped', () => {
    const slots = '{ days: [tue, thu], times: ["21:00"] }';
    expect(placed(calendar(slots, { a: queued() }))).toEqual({ a: '2027-03-02 21:00' });
    // 21:00 + 90m = 22:30 for mastodon: quiet. No 21:00 slot works; the other slot the day after does.
    const both = '{ days: [tue], times: ["21:00"] }\n      - { days: [wed], times: ["10:00"] }';
    expect(placed(calendar(both, { a: queued('90m') }))).toEqual({ a: '2027-03-03 10:00' });
  });

  it('spacing: the staggered channel is judged against posts near its own time', () => {
    const slots = '{ days: [tue, thu], times: ["10:00"] }';
    const near = 'at: 2027-03-02 11:40\nchannels: [mastodon]\ntext: already there\n';
    expect(placed(calendar(slots, { a: queued(), b: near }))).toEqual({ a: '2027-03-02 10:00' });
    // mastodon at 10:45 is 55 minutes before the 11:40 post (spacing wants 60).
    expect(placed(calendar(slots, { a: queued('45m'), b: near }))).toEqual({ a: '2027-03-04 10:00' });
  });

  it('a channel time another post already has is taken, even with every rule off', () => {
    const off = '  spacing: off\n  daily-limit: off\n  quiet-hours: off\n  duplicate-text: off\n';
    const slots = '{ days: [tue, thu], times: ["10:00"] }';
    const there = 'at: 2027-03-02 10:45\nchannels: [mastodon]\ntext: already there\n';
    expect(placed(calendar(slots, { a: queued(), b: there }, off))).toEqual({ a: '2027-03-02 10:00' });
    expect(placed(calendar(slots, { a: queued('{ mastodon: 45m }'), b: there }, off))).toEqual({ a: '2027-03-04 10:00' });
  });
});
