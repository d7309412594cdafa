import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { channelAt, channelPath, parseStaggerText, staggerText } from '../../src/calendar/stagger.js';
import { BASE_CONFIG, calendarDir, removeDir } from '../support/calendar-dir.js';

// `stagger:` on a post: each channel at its own time, and the mistakes people make writing it.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function load(post: string) {
  const dir = calendarDir({ 'posts/spread.yaml': post, 'socialcal.yaml': BASE_CONFIG });
  dirs.push(dir);
  const result = loadCalendar(dir);
  const mine = result.problems.filter((p) => p.file === 'posts/spread.yaml');
  return { ...result, mine, post: result.calendar!.postsById.get('spread') };
}
const times = (post: ReturnType<typeof load>['post']) => post!.channels.map((c) => [c, channelAt(post!, c).toISOString()]);

describe('stagger', () => {
  it('an interval puts each channel after the one before it, in the order of `channels`', () => {
    const { post, mine } = load('at: 2027-03-02 09:00\nchannels: [linkedin, bluesky, mastodon]\nstagger: 45m\ntext: Hi\n');
    expect(mine).toEqual([]);
    expect(times(post)).toEqual([
      ['linkedin', '2027-03-02T08:00:00.000Z'],
      ['bluesky', '2027-03-02T08:45:00.000Z'],
      ['mastodon', '2027-03-02T09:30:00.000Z'],
    ]);
    expect(channelPath(post!, 'linkedin')).toEqual(['at']);
    expect(channelPath(post!, 'mastodon')).toEqual(['stagger']);
  });

  it('per-account offsets; channels left out go at `at`; two channels at the same offset are fine', () => {
    const { post, mine } = load('at: 2027-03-02 09:00\nchannels: [bluesky, mastodon, linkedin]\nstagger: { linkedin: 2h, mastodon: 0m }\ntext: Hi\n');
    expect(mine).toEqual([]);
    expect(times(post)).toEqual([
      ['bluesky', '2027-03-02T08:00:00.000Z'],
      ['mastodon', '2027-03-02T08:00:00.000Z'],
      ['linkedin', '2027-03-02T10:00:00.000Z'],
    ]);
    expect(channelPath(post!, 'linkedin')).toEqual(['stagger', 'linkedin']);
  });

  it('every occurrence of a repeating post is staggered the same way', () => {
    const dir = calendarDir({ 'posts/tip.yaml': 'at: 2027-03-02 09:00\nrepeat: { every: 1 week, count: 2 }\nchannels: [bluesky, mastodon]\nstagger: 30m\ntext: Tip\n' });
    dirs.push(dir);
    const { calendar } = loadCalendar(dir);
    const later = calendar!.postsById.get('tip@2027-03-09')!;
    expect(channelAt(later, 'bluesky').toISOString()).toBe('2027-03-09T08:00:00.000Z');
    expect(channelAt(later, 'mastodon').toISOString()).toBe('2027-03-09T08:30:00.000Z');
  });

  it('a number without a unit is an error at the stagger line, with the fix', () => {
    const { mine, post } = load('at: 2027-03-02 09:00\nchannels: [bluesky, mastodon]\nstagger: 45\ntext: Hi\n');
    expect(mine).toMatchObject([{ code: 'stagger-invalid', line: 3, severity: 'error', message: '"45" has no unit' }]);
    expect(mine[0].hint).toContain('`45m`');
    // The broken post stays in the calendar unstaggered (publish holds it for the error).
    expect(post!.stagger).toBeUndefined();
  });

  it('an account the post does not go to: did you mean, located at the key', () => {
    const { mine } = load('at: 2027-03-02 09:00\nchannels: [bluesky, linkedin]\nstagger:\n  bluesky: 0m\n  linkdin: 45m\ntext: Hi\n');
    expect(mine).toMatchObject([{ code: 'stagger-account', line: 5, column: 3, path: 'stagger.linkdin' }]);
    expect(mine[0].message).toContain('did you mean "linkedin"?');
    // An account of the config that the post does not publish to is the same mistake.
    const other = load('at: 2027-03-02 09:00\nchannels: [bluesky, linkedin]\nstagger: { mastodon: 45m }\ntext: Hi\n').mine;
    expect(other).toMatchObject([{ code: 'stagger-account', path: 'stagger.mastodon' }]);
    expect(other[0].hint).toContain('add "mastodon" to `channels`');
  });

  it('negative, unreadable and over-a-day offsets are errors', () => {
    const cases: [string, RegExp][] = [
      ['{ linkedin: -10m }', /negative/],
      ['{ linkedin: soon }', /not a duration/],
      ['{ linkedin: 2d }', /not a duration/],
      ['{ linkedin: 25h }', /more than 24 hours/],
      ['13h', /more than 24 hours/], // 13h × 2 gaps between three channels
    ];
    for (const [stagger, message] of cases) {
      const { mine } = load(`at: 2027-03-02 09:00\nchannels: [bluesky, mastodon, linkedin]\nstagger: ${stagger}\ntext: Hi\n`);
      expect(mine.map((p) => p.code), stagger).toEqual(['stagger-invalid']);
      expect(mine[0].message, stagger).toMatch(message);
    }
  });

  it('stagger on a single-channel post is a warning', () => {
    const { mine } = load('at: 2027-03-02 09:00\nchannels: [bluesky]\nstagger: 45m\ntext: Hi\n');
    expect(mine).toMatchObject([{ code: 'stagger-single', severity: 'warning', line: 3 }]);
  });

  it('a typo in the field name is an unknown field with did-you-mean', () => {
    const { mine } = load('at: 2027-03-02 09:00\nchannels: [bluesky, mastodon]\nstager: 45m\ntext: Hi\n');
    expect(mine).toMatchObject([{ code: 'field-unknown', line: 3 }]);
    expect(mine[0].message).toContain('did you mean "stagger"?');
  });

  it('reads back its one-line text form', () => {
    for (const written of ['45m', { bluesky: '0m', linkedin: '45m' }] as const) expect(parseStaggerText(staggerText(written))).toEqual(written);
  });
});
