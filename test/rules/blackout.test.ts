import { describe } from 'vitest';
import { ruleTester } from './support.js';

const blackouts = [
  { name: 'Earnings', from: '2027-01-25', to: '2027-01-29', tags: ['promotional'], reason: 'quiet period' },
  { name: 'Mastodon migration', from: '2027-02-01 09:00', to: '2027-02-01 12:00', accounts: ['mastodon'] },
];
const config = { blackouts };
const p = (at: string, tags: string, channels = 'bluesky') => `at: ${at}\nchannels: [${channels}]\ntags: [${tags}]\ntext: Hi\n`;

describe('blackout', () => {
  ruleTester('blackout', {
    valid: [
      { name: 'outside', config, post: p('2027-01-30 10:00', 'promotional') },
      { name: 'inside, but not a blackout tag', config, post: p('2027-01-27 10:00', 'tips') },
      { name: 'inside, but another account', config, post: p('2027-02-01 10:00', 'tips', 'bluesky') },
      { name: 'an idea is never published', config, post: p('2027-01-27 10:00', 'promotional') + 'status: idea\n' },
    ],
    invalid: [
      {
        name: 'tag inside the period (a date alone for `to` includes the whole day)',
        config,
        post: p('2027-01-29 23:00', 'promotional'),
        errors: [{ messageId: 'inBlackout', data: { name: 'Earnings', from: '2027-01-25', to: '2027-01-29', accounts: 'bluesky', why: ' (quiet period)' }, path: 'at', line: 1 }],
      },
      {
        name: 'account inside the period: only that account is named',
        config,
        post: p('2027-02-01 10:00', 'tips', 'bluesky, mastodon'),
        errors: [{ messageId: 'inBlackout', data: { name: 'Mastodon migration', accounts: 'mastodon' }, path: 'at' }],
      },
    ],
  });
});
