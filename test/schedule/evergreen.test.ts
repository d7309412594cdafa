import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import type { Calendar, LedgerView, PublishStateName } from '../../src/calendar/model.js';
import { runRules } from '../../src/rules/index.js';
import { evergreenRotation } from '../../src/schedule/evergreen.js';
import { scheduleCalendar } from '../../src/schedule/run.js';
import { BASE_CONFIG, calendarDir, removeDir } from '../support/calendar-dir.js';

// Evergreen rotation without git: the file format and its mistakes, which posts go back into the
// queue for which ledger states, and where the next occurrence may go. The real publish path is
// in evergreen-publish.test.ts.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// 2027-03-02 is a Tuesday; Berlin is on UTC+1 until March 28, UTC+2 after.
const CONFIG = `${BASE_CONFIG}queues:
  tips:
    slots:
      - { days: [tue, thu], times: ["10:00"] }
`;
const TIP = 'queue: tips\nevergreen: { every: 60 days }\nchannels: [bluesky]\ntext: Run only the tests a change touches\n';

function load(posts: Record<string, string>, config = CONFIG) {
  const files: Record<string, string> = { 'socialcal.yaml': config };
  for (const [name, body] of Object.entries(posts)) files[`posts/${name}.yaml`] = body;
  const dir = calendarDir(files);
  dirs.push(dir);
  return loadCalendar(dir);
}

function calendarOf(posts: Record<string, string>, config = CONFIG): Calendar {
  const { calendar, problems } = load(posts, config);
  expect(problems.filter((p) => p.severity !== 'warning')).toEqual([]);
  return calendar!;
}

/** A ledger that has recorded these states (and when) per post id, on every account. */
function ledger(states: Record<string, [PublishStateName, string?]>): LedgerView {
  return {
    freezes: [],
    status: (id) => (states[id] ? { state: states[id][0], ...(states[id][1] ? { at: new Date(states[id][1]!) } : {}) } : undefined),
  };
}

describe('evergreen posts in files', () => {
  it('occurrences are the history and `at`: the first keeps the id, later ones are <id>@<date>; queue stays', () => {
    const cal = calendarOf({ tip: 'queue: tips\nat: 2027-05-11 10:00\nevergreen:\n  every: 60 days\n  history: [2027-01-05 10:00, 2027-03-09 10:00]\nchannels: [bluesky]\ntext: Tip\n' });
    expect(cal.posts.filter((p) => p.series === 'tip').map((p) => [p.id, p.atText, p.evergreen?.latest])).toEqual([
      ['tip', '2027-01-05 10:00', false],
      ['tip@2027-03-09', '2027-03-09 10:00', false],
      ['tip@2027-05-11', '2027-05-11 10:00', true],
    ]);
    expect(cal.queued).toEqual([]);
  });

  it('without `at` it waits in its queue like any queued post', () => {
    const cal = calendarOf({ tip: TIP });
    expect(cal.queued.map((p) => [p.id, p.queue, p.series, p.evergreen?.occurrences])).toEqual([['tip', 'tips', 'tip', 0]]);
  });

  it('human mistakes are located errors with a hint, and the post is left out rather than published as a plain post', () => {
    const cases: [string, string, RegExp][] = [
      ['evergreen: { every: 60 days }\nat: 2027-03-02 10:00', 'evergreen', /needs `queue: <name>`/],
      ['queue: tips\nevergreen: { every: 3 days }', 'evergreen.every', /every 3 days is too often for an evergreen post: the gap is at least 7 days/],
      ['queue: tips\nevergreen: { every: often }', 'evergreen.every', /"often" is not a gap/],
      ['queue: tips\nat: 2027-03-02 10:00\nrepeat: { every: 1 week }\nevergreen: { every: 60 days }', 'evergreen', /cannot both `repeat` and be `evergreen`/],
      ['queue: tips\nevergreen: { every: 60 days, history: [2027-01-05 10:00] }', 'evergreen.history', /lists earlier occurrences but the post has no `at`/],
      ['queue: tips\nat: 2027-02-02 10:00\nevergreen: { every: 60 days, history: [2027-01-05 10:00] }', 'at', /2027-02-02 10:00 comes sooner than every 60 days after the one at 2027-01-05 10:00/],
      ['queue: tips\nat: 2027-09-07 10:00\nevergreen: { every: 60 days, count: 2, history: [2027-01-05 10:00, 2027-05-11 10:00] }', 'evergreen.count', /count is 2 but the post already has 3 occurrences/],
      ['queue: tips\nat: 2027-05-11 10:00\nevergreen: { every: 60 days, until: 2027-04-30 }', 'evergreen.until', /after `until`/],
      ['queue: typo\nevergreen: { every: 60 days }', 'queue', /queue/],
    ];
    for (const [lines, path, message] of cases) {
      const { problems, calendar } = load({ tip: `${lines}\nchannels: [bluesky]\ntext: Tip\n` });
      expect(problems, lines).toMatchObject([{ file: 'posts/tip.yaml', path, message: expect.stringMatching(message), severity: 'error' }]);
      expect(problems[0].hint, lines).toBeTruthy();
      expect([...calendar!.posts, ...calendar!.queued].filter((p) => p.file === 'posts/tip.yaml'), lines).toEqual([]);
    }
  });

  it('duplicate-text does not flag a post\'s own evergreen occurrences, but flags another post with the same text', () => {
    const cal = calendarOf({
      tip: 'queue: tips\nat: 2027-03-09 10:00\nevergreen: { every: 8 weeks, history: [2027-01-12 10:00] }\nchannels: [bluesky]\ntext: Same tip\n',
      copy: 'at: 2027-03-20 12:00\nchannels: [bluesky]\ntext: same tip\n',
    }, CONFIG + 'rules:\n  duplicate-text: { severity: error, days: 90 }\n');
    const dupes = runRules(cal, { now: new Date('2027-01-01T00:00:00Z') }).filter((p) => p.rule === 'duplicate-text');
    expect(dupes.map((p) => [p.file, p.message])).toEqual([['posts/copy.yaml', expect.stringContaining('same text as "tip@2027-03-09"')]]);
  });
});

describe('which evergreen posts go back into the queue', () => {
  const NOW = new Date('2027-03-20T00:00:00Z');
  const posts = {
    tip: 'queue: tips\nat: 2027-03-09 10:00\nevergreen: { every: 60 days, history: [2027-01-05 10:00] }\nchannels: [bluesky, mastodon]\ntext: Tip\n',
  };

  it('published (or missed) on every channel: re-queued from the day `every` after the later of its time and the record', () => {
    const cal = calendarOf(posts);
    const r = evergreenRotation(cal, ledger({ 'tip@2027-03-09': ['published', '2027-03-09T09:03:00Z'] }), NOW);
    expect(r.queued.map((p) => [p.queue, p.after, p.notBefore?.toISOString()])).toEqual([
      ['tips', { id: 'tip@2027-03-09', at: new Date('2027-03-09T09:00:00Z'), atText: '2027-03-09 10:00', state: 'published' }, '2027-05-07T22:00:00.000Z'], // May 8 00:00, now CEST
    ]);
    const missed = evergreenRotation(cal, ledger({ 'tip@2027-03-09': ['missed'] }), NOW);
    expect(missed.queued.map((p) => [p.after?.state, p.notBefore?.toISOString()])).toEqual([['missed', '2027-05-07T22:00:00.000Z']]);
  });

  it('waits (with the reason) while the occurrence is unsettled, not yet recorded, in the future, or the rotation is over', () => {
    const cal = calendarOf(posts);
    for (const state of ['claimed', 'failed', 'unknown'] as const) {
      const r = evergreenRotation(cal, ledger({ 'tip@2027-03-09': [state] }), NOW);
      expect(r.queued, state).toEqual([]);
      expect(r.waiting.map((w) => w.reason)).toEqual([`tip@2027-03-09 is ${state} on bluesky; the rotation waits until publish settles it`]);
    }
    expect(evergreenRotation(cal, ledger({}), NOW).waiting.map((w) => w.reason)).toEqual([expect.stringContaining('has no publish record on bluesky yet')]);
    expect(evergreenRotation(cal, ledger({}), new Date('2027-03-01T00:00:00Z'))).toEqual({ queued: [], waiting: [], needLedger: [] });
    const counted = calendarOf({ tip: posts.tip.replace('every: 60 days', 'every: 60 days, count: 2') });
    expect(evergreenRotation(counted, ledger({ 'tip@2027-03-09': ['published'] }), NOW).waiting.map((w) => w.reason)).toEqual(['rotation finished: all 2 occurrences are in the file']);
    const until = calendarOf({ tip: posts.tip.replace('every: 60 days', 'every: 60 days, until: 2027-04-30') });
    expect(evergreenRotation(until, ledger({ 'tip@2027-03-09': ['published'] }), NOW).waiting.map((w) => w.reason)).toEqual([expect.stringMatching(/^rotation finished: the next occurrence could not come before 2027-05-08, after `until`/)]);
  });

  it('without a readable ledger it cannot tell, and says which posts need it (never re-queues blindly)', () => {
    const r = evergreenRotation(calendarOf(posts), undefined, NOW);
    expect(r.queued).toEqual([]);
    expect(r.needLedger.map((p) => p.id)).toEqual(['tip@2027-03-09']);
  });
});

describe('placing the next occurrence', () => {
  const NOW = new Date('2027-03-20T00:00:00Z');

  it('takes the first free slot at or after last + every that every rule accepts, with its own occurrence id', () => {
    const config = `${CONFIG}blackouts:\n  - { name: Quiet week, from: 2027-05-10, to: 2027-05-16 }\n`;
    const cal = calendarOf({
      tip: 'queue: tips\nat: 2027-03-09 10:00\nevergreen: { every: 60 days }\nchannels: [bluesky]\ntext: Tip\n',
      // The first slot after 60 days (Tue May 11 is in the blackout; so is Thu May 13) …
      other: 'at: 2027-05-18 10:00\nchannels: [bluesky]\ntext: Something else\n',
    }, config);
    const rotation = evergreenRotation(cal, ledger({ tip: ['published', '2027-03-09T09:01:00Z'] }), NOW);
    const result = scheduleCalendar(cal, { now: NOW, ledger: ledger({}), requeued: rotation.queued });
    // May 8 is 60 days on; May 11 and 13 are in the blackout, May 18 is taken: May 20.
    expect(result.placed.map((p) => [p.post.file, p.atText])).toEqual([['posts/tip.yaml', '2027-05-20 10:00']]);
    expect(result.unplaced).toEqual([]);
  });

  it('the first occurrence of a new evergreen post takes the earliest free slot', () => {
    const cal = calendarOf({ tip: TIP });
    const result = scheduleCalendar(cal, { now: NOW });
    expect(result.placed.map((p) => [p.post.id, p.atText])).toEqual([['tip', '2027-03-23 10:00']]);
  });
});
