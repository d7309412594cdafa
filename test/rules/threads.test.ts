import { describe } from 'vitest';
import { ruleTester } from './support.js';

const thread = (channels: string, extra = '') => `at: 2027-01-12 10:00\nchannels: [${channels}]\ntext: Five things we learned\nthread:\n  - text: 1. Ship smaller.\n  - text: 2. Test more.\n${extra}`;

describe('threads', () => {
  ruleTester('threads', {
    valid: [
      { name: 'a thread on x, bluesky, mastodon and telegram', post: thread('x, bluesky, mastodon, telegram') },
      { name: 'discord posts thread items one after another', post: thread('discord, slack') },
      { name: 'linkedin without a thread', post: 'at: 2027-01-12 10:00\nchannels: [linkedin]\ntext: One post\n' },
      { name: 'linkedin told to skip the thread by override', post: thread('x, linkedin', 'overrides:\n  linkedin:\n    thread: []\n') },
    ],
    invalid: [
      {
        name: 'a thread sent to linkedin',
        post: thread('x, linkedin'),
        errors: [{ messageId: 'unsupported', data: { account: 'linkedin', platform: 'linkedin', count: 2 }, path: 'thread', line: 5 }],
      },
      {
        name: 'a thread for Instagram and Facebook Pages',
        post: thread('instagram, facebook', 'media:\n  - file: media/x.jpg\n    alt: A box\n'),
        errors: [
          { messageId: 'unsupported', data: { account: 'instagram', platform: 'instagram', count: 2 }, path: 'thread', line: 5 },
          { messageId: 'unsupported', data: { account: 'facebook', platform: 'facebook', count: 2 }, path: 'thread', line: 5 },
        ],
      },
      {
        name: 'a thread given to linkedin in an override',
        post: 'at: 2027-01-12 10:00\nchannels: [linkedin]\ntext: Hi\noverrides:\n  linkedin:\n    thread:\n      - text: more\n',
        errors: [{ messageId: 'unsupported', data: { count: 1, plural: '' }, path: 'overrides.linkedin.thread', line: 7 }],
      },
    ],
  });
});
