import { describe } from 'vitest';
import { ruleTester } from './support.js';

const p = (at: string, channels = 'bluesky') => `at: ${at}\nchannels: [${channels}]\ntext: Hi\n`;

describe('quiet-hours', () => {
  ruleTester('quiet-hours', {
    valid: [
      { name: 'daytime', post: p('2027-01-12 10:00') },
      { name: '07:00 is after quiet hours', post: p('2027-01-12 07:00') },
      { name: '21:59 is before', post: p('2027-01-12 21:59') },
      { name: 'an account turned off', options: { accounts: { bluesky: 'off' } }, post: p('2027-01-12 23:00') },
      { name: 'a window in another zone', options: { accounts: { bluesky: { from: '22:00', to: '07:00', timezone: 'America/New_York' } } }, post: p('2027-01-12 23:00') },
      { name: 'a daytime window', options: { from: '12:00', to: '13:00' }, post: p('2027-01-12 23:00') },
    ],
    invalid: [
      {
        name: 'late at night',
        post: p('2027-01-12 23:30', 'bluesky, mastodon'),
        errors: [{ messageId: 'quiet', data: { time: '23:30', zone: 'Europe/Berlin', from: '22:00', to: '07:00', accounts: 'bluesky, mastodon' }, path: 'at', line: 1 }],
      },
      {
        name: 'early morning',
        post: p('2027-01-12 06:59'),
        errors: [{ messageId: 'quiet', data: { time: '06:59' } }],
      },
      {
        name: 'an account with its own window in its own zone',
        options: { accounts: { mastodon: { from: '00:00', to: '06:00', timezone: 'America/New_York' } } },
        post: p('2027-01-12 10:00', 'bluesky, mastodon'),
        errors: [{ messageId: 'quiet', data: { time: '04:00', zone: 'America/New_York', from: '00:00', to: '06:00', accounts: 'mastodon' } }],
      },
      {
        name: 'wall time right after the clocks spring forward (cached offsets change on time)',
        options: { from: '03:00', to: '03:45' },
        post: p('2027-03-28 03:30'),
        errors: [{ messageId: 'quiet', data: { time: '03:30' } }],
      },
      {
        name: 'a daytime window',
        options: { from: '12:00', to: '13:00' },
        post: p('2027-01-12 12:15'),
        errors: [{ messageId: 'quiet', data: { from: '12:00', to: '13:00' } }],
      },
    ],
  });
});
