import { describe } from 'vitest';
import { ruleTester } from './support.js';

const p = (at: string, channels = 'bluesky', extra = '') => `at: ${at}\nchannels: [${channels}]\ntext: Hi ${at}\n${extra}`;

describe('spacing', () => {
  ruleTester('spacing', {
    valid: [
      { name: 'an hour apart', files: { 'posts/a.yaml': p('2027-01-12 10:00'), 'posts/b.yaml': p('2027-01-12 11:00') } },
      { name: 'same time, different accounts', files: { 'posts/a.yaml': p('2027-01-12 10:00'), 'posts/b.yaml': p('2027-01-12 10:00', 'mastodon') } },
      { name: 'ideas do not count', files: { 'posts/a.yaml': p('2027-01-12 10:00'), 'posts/b.yaml': p('2027-01-12 10:10', 'bluesky', 'status: idea\n') } },
      { name: 'per-account minimum', options: { accounts: { bluesky: 10 } }, files: { 'posts/a.yaml': p('2027-01-12 10:00'), 'posts/b.yaml': p('2027-01-12 10:10') } },
    ],
    invalid: [
      {
        name: 'twenty minutes apart',
        files: { 'posts/a.yaml': p('2027-01-12 10:00', 'bluesky, mastodon'), 'posts/b.yaml': p('2027-01-12 10:20', 'bluesky, mastodon') },
        errors: [
          { messageId: 'tooClose', data: { gap: 20, other: 'a', account: 'bluesky', min: 60 }, path: 'at', line: 1, file: 'posts/b.yaml' },
          { messageId: 'tooClose', data: { gap: 20, other: 'a', account: 'mastodon', min: 60 }, path: 'at', line: 1, file: 'posts/b.yaml' },
        ],
      },
      {
        name: 'configured minimum, compared with the previous post only',
        options: { minutes: 120 },
        files: { 'posts/a.yaml': p('2027-01-12 10:00'), 'posts/b.yaml': p('2027-01-12 11:00'), 'posts/c.yaml': p('2027-01-12 14:00') },
        errors: [{ messageId: 'tooClose', data: { gap: 60, other: 'a', min: 120 }, file: 'posts/b.yaml' }],
      },
    ],
  });
});
