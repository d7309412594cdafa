import { describe } from 'vitest';
import { ruleTester } from './support.js';

/** n posts on bluesky, two hours apart from `start` (Berlin time). */
function day(date: string, n: number, startHour = 8): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`posts/${date}-${i}.yaml`, `at: ${date} ${String(startHour + 2 * i).padStart(2, '0')}:00\nchannels: [bluesky]\ntext: Post ${date} ${i}\n`]),
  );
}

describe('daily-limit', () => {
  ruleTester('daily-limit', {
    valid: [
      { name: 'five a day', files: day('2027-01-12', 5) },
      { name: 'five on each of two days', files: { ...day('2027-01-12', 5), ...day('2027-01-13', 5) } },
      { name: 'per-account limit', options: { accounts: { bluesky: 7 } }, files: day('2027-01-12', 7, 6) },
      {
        name: 'days are local: 00:30 Berlin is the next day',
        files: { ...day('2027-01-12', 5), 'posts/late.yaml': 'at: 2027-01-13 00:30\nchannels: [bluesky]\ntext: Late\n' },
      },
    ],
    invalid: [
      {
        name: 'the sixth and seventh post of a day',
        files: day('2027-01-12', 7, 6),
        errors: [
          { messageId: 'tooMany', data: { account: 'bluesky', count: 7, day: '2027-01-12', max: 5 }, file: 'posts/2027-01-12-5.yaml', path: 'at', line: 1 },
          { messageId: 'tooMany', data: { count: 7 }, file: 'posts/2027-01-12-6.yaml' },
        ],
      },
      {
        name: 'configured maximum',
        options: { max: 2 },
        files: day('2027-01-12', 3),
        errors: [{ messageId: 'tooMany', data: { count: 3, max: 2 }, file: 'posts/2027-01-12-2.yaml' }],
      },
    ],
  });
});
