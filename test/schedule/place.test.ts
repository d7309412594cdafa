import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import type { Calendar, LedgerView } from '../../src/calendar/model.js';
import { scheduleCalendar, type ScheduleOptions } from '../../src/schedule/run.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

// The scheduler against every rule it must respect: each test makes the first slot break one
// rule and expects the post in the next slot that does not.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// 2027-03-01 is a Monday; Berlin is on UTC+1 until March 28.
const NOW = new Date('2027-03-01T00:00:00Z');

function config(opts: { rules?: string; slots?: string; extra?: string } = {}): string {
  return `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
pillars: [education, promotion]
queues:
  main:
    slots:
${opts.slots ?? '      - { days: [tue, thu], times: ["10:00"] }'}
${opts.rules ? `rules:\n${opts.rules}` : ''}
${opts.extra ?? ''}`;
}

function calendar(configText: string, posts: Record<string, string>, more: Record<string, string> = {}): Calendar {
  const files: Record<string, string> = { 'socialcal.yaml': configText, ...more };
  for (const [name, body] of Object.entries(posts)) files[`posts/${name}.yaml`] = body;
  const dir = calendarDir(files, { base: false });
  dirs.push(dir);
  const { calendar, problems } = loadCalendar(dir);
  expect(problems).toEqual([]);
  return calendar!;
}

const queued = (text: string, extra = '') => `queue: main\nchannels: [bluesky]\ntext: ${text}\n${extra}`;
const fixed = (at: string, text: string, extra = '') => `at: ${at}\nchannels: [bluesky]\ntext: ${text}\n${extra}`;

function run(cal: Calendar, opts: Partial<ScheduleOptions> = {}) {
  const result = scheduleCalendar(cal, { now: NOW, ...opts });
  return {
    placed: Object.fromEntries(result.placed.map((p) => [p.post.id, p.atText])),
    unplaced: Object.fromEntries(result.unplaced.map((u) => [u.post.id, u.reason])),
  };
}

describe('schedule: slots and order', () => {
  it('fills the next free slots in file order', () => {
    const cal = calendar(config(), { a: queued('first'), b: queued('second'), c: queued('third') });
    expect(run(cal).placed).toEqual({ a: '2027-03-02 10:00', b: '2027-03-04 10:00', c: '2027-03-09 10:00' });
  });

  it('higher priority goes first; equal priorities keep file order', () => {
    const cal = calendar(config(), { a: queued('first'), b: queued('second', 'priority: 5'), c: queued('third', 'priority: 5') });
    expect(run(cal).placed).toEqual({ b: '2027-03-02 10:00', c: '2027-03-04 10:00', a: '2027-03-09 10:00' });
  });

  it('a slot where one of the post\'s channels already has a post is taken, even with every rule off', () => {
    const off = '  spacing: off\n  daily-limit: off\n  quiet-hours: off\n  duplicate-text: off\n';
    const cal = calendar(config({ rules: off }), {
      a: 'queue: main\nchannels: [bluesky, mastodon]\ntext: queued\n',
      held: 'at: 2027-03-02 10:00\nchannels: [mastodon]\ntext: already there\n',
    });
    expect(run(cal).placed).toEqual({ a: '2027-03-04 10:00' });
  });

  it('starts at now, or --from when later; slots before are never used', () => {
    const cal = calendar(config(), { a: queued('first') });
    expect(run(cal, { now: new Date('2027-03-02T09:30:00Z') }).placed).toEqual({ a: '2027-03-04 10:00' });
    expect(run(cal, { from: new Date('2027-03-05T00:00:00Z') }).placed).toEqual({ a: '2027-03-09 10:00' });
  });

  it('slots limited to accounts or pillars only take the posts that fit them', () => {
    const slots = '      - { days: [tue], times: ["10:00"], accounts: [mastodon] }\n      - { days: [thu], times: ["10:00"], pillars: [education] }';
    const cal = calendar(config({ slots }), {
      edu: queued('education', 'pillar: education'),
      masto: 'queue: main\nchannels: [mastodon]\ntext: mastodon only\n',
      other: queued('no pillar, bluesky'),
    });
    const { placed, unplaced } = run(cal);
    expect(placed).toEqual({ edu: '2027-03-04 10:00', masto: '2027-03-02 10:00' });
    expect(unplaced.other).toMatch(/only for accounts mastodon; pillars education; the post goes to bluesky/);
  });

  it('ideas and frozen posts stay queued, with the reason', () => {
    const ledger: LedgerView = { status: () => undefined, freezes: [{ reason: 'incident', tags: ['promo'], at: NOW }] };
    const cal = calendar(config(), { idea: queued('later', 'status: idea'), promo: queued('buy now', 'tags: [promo]'), fine: queued('hello') });
    const { placed, unplaced } = run(cal, { ledger });
    expect(placed).toEqual({ fine: '2027-03-02 10:00' });
    expect(unplaced.idea).toMatch(/it is an idea/);
    expect(unplaced.promo).toMatch(/publishing is frozen for tag promo: incident/);
  });

  it('a post no slot can take before the horizon is reported with the first rule that turned a slot down', () => {
    const cal = calendar(config({ extra: 'blackouts:\n  - { name: Spring break, from: 2027-03-01, to: 2027-12-31 }' }), { a: queued('hi') });
    const { unplaced } = run(cal, { horizonMs: 60 * 86_400_000 });
    expect(unplaced.a).toMatch(/^every free slot before 2027-04-30 \d\d:\d\d is turned down; the first by blackout: scheduled during blackout "Spring break"/);
  });

  it('the best-times seam: a preferred slot within the window wins over an earlier one, never past the window', () => {
    const cal = calendar(config({ slots: '      - { days: [tue, thu], times: ["10:00", "15:30"] }' }), { a: queued('first'), b: queued('second') });
    const afternoon = { account: 'bluesky', weekday: 2, hour: 15, rate: 0.02, n: 5, low: 0.01, high: 0.03 };
    const afternoons = (_post: unknown, at: Date) => (at.getUTCHours() === 14 ? { score: 1, why: [afternoon] } : undefined);
    const within = scheduleCalendar(cal, { now: NOW, prefer: afternoons, preferWithinMs: 86_400_000 });
    expect(within.placed.map((p) => [p.post.id, p.atText, p.preferred ?? false, p.preference?.why])).toEqual([
      ['a', '2027-03-02 15:30', true, [afternoon]],
      // Thursday's 15:30 is two days after b's earliest slot, past the one-day window.
      ['b', '2027-03-02 10:00', false, undefined],
    ]);
    const none = scheduleCalendar(cal, { now: NOW, prefer: () => undefined, preferWithinMs: 7 * 86_400_000 });
    expect(none.placed.map((p) => p.atText)).toEqual(['2027-03-02 10:00', '2027-03-02 15:30']);
  });

  it('the best-times seam: the highest score in the window wins; equal scores keep the earliest', () => {
    const cal = calendar(config({ slots: '      - { days: [tue, thu], times: ["10:00", "15:30"] }' }), { a: queued('first') });
    const score = (at: Date) => ({ '2027-03-02T14:30:00.000Z': 1, '2027-03-04T09:00:00.000Z': 3, '2027-03-04T14:30:00.000Z': 3 })[at.toISOString()];
    const best = scheduleCalendar(cal, { now: NOW, prefer: (_p, at) => (score(at) ? { score: score(at)!, why: [] } : undefined), preferWithinMs: 7 * 86_400_000 });
    expect(best.placed.map((p) => [p.atText, p.preference?.score, p.earliest?.toISOString()])).toEqual([['2027-03-04 10:00', 3, '2027-03-02T09:00:00.000Z']]);
  });

  it('is deterministic: the same calendar gives the same schedule', () => {
    const posts = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${String(i).padStart(2, '0')}`, queued(`post ${i}`, `priority: ${i % 3}`)]));
    const one = run(calendar(config(), posts));
    const two = run(calendar(config(), posts));
    expect(two).toEqual(one);
    expect(Object.keys(one.placed)).toEqual(['p02', 'p05', 'p08', 'p11', 'p01', 'p04', 'p07', 'p10', 'p00', 'p03', 'p06', 'p09']);
  });
});

describe('schedule: every time rule', () => {
  it('spacing: a slot too close to another post on the account is skipped', () => {
    const cal = calendar(config({ rules: '  spacing: { minutes: 90 }' }), { a: queued('queued'), b: fixed('2027-03-02 09:00', 'earlier') });
    expect(run(cal).placed).toEqual({ a: '2027-03-04 10:00' });
  });

  it('spacing: also when the existing post comes after the slot', () => {
    const cal = calendar(config(), { a: queued('queued'), b: fixed('2027-03-02 10:30', 'later') });
    expect(run(cal).placed).toEqual({ a: '2027-03-04 10:00' });
  });

  it('daily-limit: a day that has its posts already is skipped', () => {
    const cal = calendar(config({ rules: '  daily-limit: { max: 1 }' }), { a: queued('queued'), b: fixed('2027-03-02 16:00', 'same day') });
    expect(run(cal).placed).toEqual({ a: '2027-03-04 10:00' });
  });

  it('quiet-hours: a slot inside quiet hours is skipped (warnings count too)', () => {
    const slots = '      - { days: [tue], times: ["06:30", "10:00"] }';
    const cal = calendar(config({ slots }), { a: queued('queued') });
    expect(run(cal).placed).toEqual({ a: '2027-03-02 10:00' });
  });

  it('blackout: slots inside a blackout for the post\'s tags are skipped; other posts still use them', () => {
    const cal = calendar(config({ extra: 'blackouts:\n  - { name: Embargo, from: 2027-03-02, to: 2027-03-02, tags: [product] }' }), {
      a: queued('product news', 'tags: [product]'),
      b: queued('a tip'),
    });
    expect(run(cal).placed).toEqual({ a: '2027-03-04 10:00', b: '2027-03-02 10:00' });
  });

  it('content-mix: a promotional post waits for a week where it keeps the share', () => {
    const rules = '  content-mix: { share: 0.2, minPosts: 5 }\n  daily-limit: { max: 5 }';
    const week = Object.fromEntries(['01', '02', '03', '04'].map((d, i) => [`w${i}`, fixed(`2027-03-${d} 1${i}:00`, `edu ${i}`, i === 0 ? 'tags: [promotional]' : '')]));
    const cal = calendar(config({ rules }), { ...week, promo: queued('buy it', 'tags: [promotional]') });
    expect(run(cal).placed).toEqual({ promo: '2027-03-09 10:00' });
  });

  it('campaign-dates: a campaign post waits for the campaign to start', () => {
    const cal = calendar(config(), { a: queued('launch', 'campaign: spring') }, { 'campaigns/spring.yaml': 'name: Spring\nstarts: 2027-03-08\nends: 2027-03-31\n' });
    expect(run(cal).placed).toEqual({ a: '2027-03-09 10:00' });
  });

  it('duplicate-text: the same text is not queued within the rule\'s days of its twin', () => {
    const cal = calendar(config({ rules: '  duplicate-text: { days: 7 }' }), { a: queued('Same words'), b: fixed('2027-02-26 12:00', 'same  WORDS') });
    expect(run(cal).placed).toEqual({ a: '2027-03-09 10:00' });
  });

  it('freezes: a freeze on every post holds every queued post', () => {
    const ledger: LedgerView = { status: () => undefined, freezes: [{ reason: 'outage', at: NOW }] };
    const cal = calendar(config(), { a: queued('x') });
    expect(run(cal, { ledger }).unplaced.a).toBe('publishing is frozen: outage');
  });

  it('placed posts count for the ones after them (spacing between two queued posts)', () => {
    const slots = '      - { days: [tue], times: ["10:00", "10:30", "12:00"] }';
    const cal = calendar(config({ slots }), { a: queued('one'), b: queued('two') });
    expect(run(cal).placed).toEqual({ a: '2027-03-02 10:00', b: '2027-03-02 12:00' });
  });

  it('a rule switched off does not turn slots down', () => {
    const cal = calendar(config({ rules: '  spacing: off' }), { a: queued('queued'), b: fixed('2027-03-02 09:30', 'earlier') });
    expect(run(cal).placed).toEqual({ a: '2027-03-02 10:00' });
  });
});

describe('schedule: slots across daylight-saving changes', () => {
  const rules = '  quiet-hours: off';
  it('a slot time inside the spring-forward gap does not happen that day', () => {
    const cal = calendar(config({ rules, slots: '      - { days: [sun], times: ["02:30"] }' }), { a: queued('night owl') });
    expect(run(cal, { now: new Date('2027-03-27T00:00:00Z') }).placed).toEqual({ a: '2027-04-04 02:30' });
  });

  it('a slot time that happens twice is taken at its first occurrence, written with its offset', () => {
    const cal = calendar(config({ rules, slots: '      - { days: [sun], times: ["02:30"] }' }), { a: queued('night owl') });
    const result = scheduleCalendar(cal, { now: new Date('2027-10-30T00:00:00Z') });
    expect(result.placed[0].atText).toBe('2027-10-31 02:30+02:00');
    expect(result.placed[0].at.toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });

  it('slot times stay on the wall clock across the change (10:00 before and after)', () => {
    const cal = calendar(config({ slots: '      - { days: [sun], times: ["10:00"] }' }), { a: queued('one'), b: queued('two') });
    const result = scheduleCalendar(cal, { now: new Date('2027-03-27T00:00:00Z') });
    expect(result.placed.map((p) => p.at.toISOString())).toEqual(['2027-03-28T08:00:00.000Z', '2027-04-04T08:00:00.000Z']);
  });

  it('a queue in another zone writes the time in the post\'s zone', () => {
    const cal = calendar(config({ slots: '      - { days: [tue], times: ["09:00"] }\n    timezone: America/New_York' }), { a: queued('hello') });
    expect(run(cal).placed).toEqual({ a: '2027-03-02 15:00' });
  });
});
