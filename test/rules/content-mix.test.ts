import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/rules/content-mix.js';
import { ruleTester } from './support.js';

/** One post a day on bluesky from Monday 2027-01-11; `promo` marks which ones are promotional. */
function week(promo: number[], n = 5, extra = ''): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `posts/d${i}.yaml`,
      `at: 2027-01-${String(11 + i).padStart(2, '0')} 10:00\nchannels: [bluesky]\ntags: [${promo.includes(i) ? 'promotional' : 'tips'}]\n${extra}text: Day ${i}\n`,
    ]),
  );
}

describe('content-mix', () => {
  ruleTester('content-mix', {
    valid: [
      { name: 'one in five', files: week([0]) },
      { name: 'a small week is not judged', files: week([0, 1], 4) },
      { name: 'a larger share allowed', options: { share: 0.4 }, files: week([0, 1]) },
      { name: 'weeks are ISO weeks: Sunday ends the week', files: { ...week([0]), 'posts/sun.yaml': 'at: 2027-01-17 10:00\nchannels: [bluesky]\ntags: [promotional]\ntext: Sun\n', 'posts/mon.yaml': 'at: 2027-01-18 10:00\nchannels: [bluesky]\ntags: [promotional]\ntext: Mon\n' }, options: { share: 0.34 } },
    ],
    invalid: [
      {
        name: 'two in five',
        files: week([1, 3]),
        errors: [{ messageId: 'tooPromotional', data: { count: 2, total: 5, account: 'bluesky', week: '2027-W02', percent: 40, max: 20 }, file: 'posts/d3.yaml', path: 'tags[0]', line: 3 }],
      },
      {
        name: 'the promotion pillar counts too',
        files: { ...week([0]), 'posts/d4.yaml': 'at: 2027-01-15 10:00\nchannels: [bluesky]\npillar: promotion\ntext: Day 4\n' },
        errors: [{ messageId: 'tooPromotional', data: { count: 2 }, file: 'posts/d4.yaml', path: 'pillar', line: 3 }],
      },
    ],
  });

  it.each([
    [{ year: 2027, month: 1, day: 4 }, '2027-W01'],
    [{ year: 2027, month: 1, day: 3 }, '2026-W53'],
    [{ year: 2026, month: 12, day: 31 }, '2026-W53'],
    [{ year: 2024, month: 12, day: 30 }, '2025-W01'],
  ])('isoWeek(%o) = %s', (date, expected) => {
    expect(isoWeek(date)).toBe(expected);
  });
});
