import { describe } from 'vitest';
import type { LedgerView } from '../../src/calendar/model.js';
import { ruleTester } from './support.js';

const p = (at: string, status = 'ready', channels = 'bluesky, mastodon') => `at: ${at}\nchannels: [${channels}]\ntext: Hi\nstatus: ${status}\n`;
const now = '2027-01-12T12:00:00Z'; // 13:00 in Berlin
const ledger: LedgerView = {
  freezes: [],
  status: (post, account) => (post === 'post' && account === 'bluesky' ? { state: 'published' } : undefined),
};

describe('past-due', () => {
  ruleTester('past-due', {
    valid: [
      { name: 'in the future', now, post: p('2027-01-12 14:00') },
      { name: 'late but within the grace period (6h)', now, post: p('2027-01-12 08:00') },
      { name: 'published everywhere', now, post: p('2027-01-10 10:00', 'ready', 'bluesky'), ledger },
      { name: 'an idea', now, post: p('2027-01-01 10:00', 'idea') },
      { name: 'a shorter grace period still covers it', now, config: { publish: { grace: '2h' } }, post: p('2027-01-12 11:30') },
    ],
    invalid: [
      {
        name: 'never published',
        now,
        post: p('2027-01-10 10:00'),
        errors: [{ messageId: 'missed', data: { at: '2027-01-10 10:00', accounts: 'bluesky, mastodon' }, path: 'at', line: 1 }],
      },
      {
        name: 'published on one account only',
        now,
        ledger,
        post: p('2027-01-10 10:00'),
        errors: [{ messageId: 'missed', data: { accounts: 'mastodon' } }],
      },
      {
        name: 'a draft whose time has passed',
        now,
        post: p('2027-01-12 12:30', 'draft'),
        errors: [{ messageId: 'draft', data: { status: 'draft', at: '2027-01-12 12:30' }, path: 'at' }],
      },
      {
        name: 'past a shorter grace period',
        now,
        config: { publish: { grace: '30m' } },
        post: p('2027-01-12 12:00'),
        errors: [{ messageId: 'missed' }],
      },
    ],
  });
});
