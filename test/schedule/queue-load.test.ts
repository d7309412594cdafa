import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { BASE_CONFIG, calendarDir, removeDir } from '../support/calendar-dir.js';

// Queues in socialcal.yaml and queued posts: how they load, and the mistakes people make.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const QUEUES = `queues:
  main:
    slots:
      - days: [tue, thu]
        times: ["15:30", "10:00"]
  linkedin-only:
    timezone: America/New_York
    slots:
      - days: [monday]
        times: ["09:00"]
        accounts: [linkedin]
        pillars: [education]
`;
const Q = 'posts/queue/q.yaml';

function load(files: Record<string, string>) {
  const dir = calendarDir({ 'socialcal.yaml': BASE_CONFIG + QUEUES, ...files });
  dirs.push(dir);
  return loadCalendar(dir);
}

describe('queues and queued posts', () => {
  it('loads queues with sorted times, weekday numbers and their zone', () => {
    const { calendar, problems } = load({});
    expect(problems).toEqual([]);
    expect(calendar!.config.queues.main).toEqual({
      name: 'main',
      timezone: 'Europe/Berlin',
      slots: [{ days: [2, 4], times: [600, 930], accounts: undefined, pillars: undefined, index: 0 }],
    });
    expect(calendar!.config.queues['linkedin-only'].timezone).toBe('America/New_York');
    expect(calendar!.config.queues['linkedin-only'].slots[0].days).toEqual([1]);
  });

  it('a post without `at` that names a queue waits in calendar.queued, not among the posts', () => {
    const { calendar, problems } = load({ [Q]: 'queue: main\npriority: 2\nchannels: [bluesky]\ntext: evergreen tip\n' });
    expect(problems).toEqual([]);
    expect(calendar!.posts.map((p) => p.id)).toEqual(['teaser']);
    expect(calendar!.queued).toMatchObject([{ id: 'q', queue: 'main', priority: 2, channels: ['bluesky'] }]);
    expect(calendar!.postsById.has('q')).toBe(false);
  });

  it('`at: next-slot` with a queue is queued too; without one it takes the only or `default` queue', () => {
    const named = load({ [Q]: 'at: next-slot\nqueue: main\nchannels: [bluesky]\ntext: a\n' });
    expect(named.problems).toEqual([]);
    expect(named.calendar!.queued[0].queue).toBe('main');

    const dir = calendarDir({
      'socialcal.yaml': BASE_CONFIG + 'queues:\n  only:\n    slots: [{ days: [fri], times: ["11:00"] }]\n',
      [Q]: 'at: next-slot\nchannels: [bluesky]\ntext: a\n',
    });
    dirs.push(dir);
    const only = loadCalendar(dir);
    expect(only.problems).toEqual([]);
    expect(only.calendar!.queued[0].queue).toBe('only');
  });

  it('`at: next-slot` with several queues and none named default asks which queue', () => {
    const { calendar, problems } = load({ [Q]: 'at: next-slot\nchannels: [bluesky]\ntext: a\n' });
    expect(problems).toMatchObject([{ file: Q, line: 1, column: 5, code: 'queue-unnamed', hint: expect.stringContaining('main, linkedin-only') }]);
    expect(calendar!.queued).toEqual([]);
  });

  it('an unknown queue name is a located error with did-you-mean', () => {
    const { calendar, problems } = load({ [Q]: 'queue: mains\nchannels: [bluesky]\ntext: a\n' });
    expect(problems).toMatchObject([{ file: Q, line: 1, column: 8, code: 'ref-queue', path: 'queue', message: 'unknown queue "mains" (did you mean "main"?)' }]);
    expect(calendar!.queued).toEqual([]);
  });

  it('`at` and `queue` together is an error on `queue`', () => {
    const { problems } = load({ [Q]: 'at: 2027-03-09 10:00\nqueue: main\nchannels: [bluesky]\ntext: a\n' });
    expect(problems).toMatchObject([{ file: Q, line: 2, code: 'queue-and-at', message: expect.stringContaining('2027-03-09 10:00') }]);
  });

  it('neither `at` nor `queue` is a missing `at`', () => {
    const { problems } = load({ [Q]: 'channels: [bluesky]\ntext: a\n' });
    expect(problems).toMatchObject([{ file: Q, code: 'field-required', path: 'at' }]);
  });

  it('a queued post keeps its id: a scheduled post with the same id is a duplicate', () => {
    const { problems } = load({ [Q]: 'id: teaser\nqueue: main\nchannels: [bluesky]\ntext: a\n' });
    expect(problems).toMatchObject([{ code: 'id-duplicate' }]);
  });

  it('config mistakes are located: no slots, bad weekday, bad time, unknown account and pillar', () => {
    const dir = calendarDir({
      'socialcal.yaml':
        BASE_CONFIG +
        `queues:
  empty:
    slots: []
  typo:
    slots:
      - days: [tue]
        times: ["25:00", "9:30"]
        accounts: [blusky]
        pillars: [educaton]
`,
    });
    dirs.push(dir);
    const { problems } = loadCalendar(dir);
    const codes = problems.map((p) => [p.code, p.line, p.path]);
    expect(codes).toEqual([
      ['queue-no-slots', 9, 'queues.empty.slots'],
      ['queue-time', 13, 'queues.typo.slots[0].times[0]'],
      ['ref-account', 14, 'queues.typo.slots[0].accounts[0]'],
      ['ref-pillar', 15, 'queues.typo.slots[0].pillars[0]'],
    ]);
    expect(problems[2].message).toContain('did you mean "bluesky"');
  });

  it('a misspelt weekday is located with did-you-mean', () => {
    const dir = calendarDir({ 'socialcal.yaml': BASE_CONFIG + 'queues:\n  q:\n    slots:\n      - days: [thurs]\n        times: ["10:00"]\n' });
    dirs.push(dir);
    const { problems } = loadCalendar(dir);
    expect(problems).toMatchObject([{ code: 'field-invalid', line: 10, path: 'queues.q.slots[0].days[0]', hint: 'did you mean "thu"?' }]);
  });
});
