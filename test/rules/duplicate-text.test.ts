import { describe } from 'vitest';
import { ruleTester } from './support.js';

const p = (at: string, text: string, channels = 'bluesky') => `at: ${at}\nchannels: [${channels}]\ntext: "${text}"\n`;

describe('duplicate-text', () => {
  ruleTester('duplicate-text', {
    valid: [
      { name: 'different text', files: { 'posts/a.yaml': p('2027-01-01 10:00', 'Join us'), 'posts/b.yaml': p('2027-01-05 10:00', 'Join us today') } },
      { name: 'same text, other account', files: { 'posts/a.yaml': p('2027-01-01 10:00', 'Join us'), 'posts/b.yaml': p('2027-01-05 10:00', 'Join us', 'mastodon') } },
      { name: 'same text, 30 days later', files: { 'posts/a.yaml': p('2027-01-01 10:00', 'Join us'), 'posts/b.yaml': p('2027-01-31 10:00', 'Join us') } },
      { name: 'a shorter window', options: { days: 3 }, files: { 'posts/a.yaml': p('2027-01-01 10:00', 'Join us'), 'posts/b.yaml': p('2027-01-05 10:00', 'Join us') } },
    ],
    invalid: [
      {
        name: 'same text modulo case, spaces and links',
        files: { 'posts/a.yaml': p('2027-01-01 10:00', 'Join us https://a.example/1'), 'posts/b.yaml': p('2027-01-20 10:00', 'join   US https://a.example/2', 'bluesky, mastodon') },
        errors: [{ messageId: 'duplicate', data: { other: 'a', account: 'bluesky', days: 19, min: 30 }, path: 'text', line: 3, file: 'posts/b.yaml' }],
      },
      {
        name: 'compared with the latest earlier copy',
        files: { 'posts/a.yaml': p('2027-01-01 10:00', 'Join us'), 'posts/b.yaml': p('2027-01-20 10:00', 'Join us'), 'posts/c.yaml': p('2027-02-10 10:00', 'Join us') },
        errors: [
          { messageId: 'duplicate', data: { other: 'a', days: 19 }, file: 'posts/b.yaml' },
          { messageId: 'duplicate', data: { other: 'b', days: 21 }, file: 'posts/c.yaml' },
        ],
      },
    ],
  });
});
