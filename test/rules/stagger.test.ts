import { describe } from 'vitest';
import { ruleTester } from './support.js';

// Rules that judge when posts are see each channel of a staggered post at its own time, and
// locate what they find at the `stagger` field that moved that channel.

const p = (at: string, channels: string, stagger?: string) => `at: ${at}\nchannels: [${channels}]\n${stagger ? `stagger: ${stagger}\n` : ''}text: Hi ${at}\n`;

describe('quiet-hours with a stagger', () => {
  ruleTester('quiet-hours', {
    valid: [{ name: 'every channel before 22:00', post: p('2027-01-12 21:00', 'bluesky, mastodon', '45m') }],
    invalid: [
      {
        name: '21:30 with a 45m stagger: only the second channel is in quiet hours, located at the stagger line',
        post: p('2027-01-12 21:30', 'bluesky, mastodon', '45m'),
        errors: [{ messageId: 'quiet', data: { time: '22:15', accounts: 'mastodon' }, path: 'stagger', line: 3 }],
      },
      {
        name: 'per-account offsets: the offset of that account',
        post: 'at: 2027-01-12 20:00\nchannels: [bluesky, mastodon, linkedin]\nstagger:\n  mastodon: 30m\n  linkedin: 3h\ntext: Hi\n',
        errors: [{ messageId: 'quiet', data: { time: '23:00', accounts: 'linkedin' }, path: 'stagger.linkedin', line: 5 }],
      },
    ],
  });
});

describe('spacing with a stagger', () => {
  ruleTester('spacing', {
    valid: [
      {
        name: 'the staggered channel clears the other post on that account',
        files: { 'posts/a.yaml': p('2027-01-12 10:00', 'bluesky, mastodon', '2h'), 'posts/b.yaml': p('2027-01-12 11:00', 'mastodon') },
        options: { minutes: 60 },
      },
    ],
    invalid: [
      {
        name: 'the staggered channel lands next to another post',
        files: { 'posts/a.yaml': p('2027-01-12 10:00', 'bluesky, mastodon', '45m'), 'posts/b.yaml': p('2027-01-12 11:00', 'mastodon') },
        errors: [{ messageId: 'tooClose', data: { gap: 15, other: 'a', account: 'mastodon' }, file: 'posts/b.yaml', path: 'at' }],
      },
      {
        name: 'a post whose channel is staggered after another post is located at its stagger',
        files: { 'posts/a.yaml': p('2027-01-12 10:00', 'bluesky, mastodon', '{ mastodon: 90m }'), 'posts/b.yaml': p('2027-01-12 11:00', 'mastodon') },
        errors: [{ messageId: 'tooClose', data: { gap: 30, other: 'b', account: 'mastodon' }, file: 'posts/a.yaml', path: 'stagger.mastodon' }],
      },
    ],
  });
});

describe('daily-limit with a stagger', () => {
  ruleTester('daily-limit', {
    valid: [
      {
        name: 'a channel staggered past midnight counts on the next day',
        options: { max: 1 },
        files: { 'posts/a.yaml': p('2027-01-12 21:00', 'bluesky, mastodon', '{ mastodon: 4h }'), 'posts/b.yaml': p('2027-01-12 10:00', 'mastodon') },
      },
    ],
    invalid: [
      {
        name: 'the staggered channel is the second post of its day',
        options: { max: 1 },
        files: { 'posts/a.yaml': p('2027-01-12 21:00', 'bluesky, mastodon', '{ mastodon: 4h }'), 'posts/b.yaml': p('2027-01-13 10:00', 'mastodon') },
        errors: [{ messageId: 'tooMany', data: { account: 'mastodon', day: '2027-01-13' }, file: 'posts/b.yaml' }],
      },
    ],
  });
});

describe('blackout with a stagger', () => {
  const config = { blackouts: [{ name: 'Keynote', from: '2027-01-12 11:00', to: '2027-01-12 12:00' }] };
  ruleTester('blackout', {
    valid: [{ name: 'both channels before the blackout', config, post: p('2027-01-12 10:00', 'bluesky, mastodon', '30m') }],
    invalid: [
      {
        name: 'the staggered channel falls inside it',
        config,
        post: p('2027-01-12 10:30', 'bluesky, mastodon', '45m'),
        errors: [{ messageId: 'inBlackout', data: { accounts: 'mastodon' }, path: 'stagger', line: 3 }],
      },
    ],
  });
});

describe('campaign-dates with a stagger', () => {
  const files = { 'campaigns/launch.yaml': 'name: Launch\nstarts: 2027-01-04\nends: 2027-01-12\n' };
  ruleTester('campaign-dates', {
    valid: [{ name: 'every channel on the last day', files: { ...files, 'posts/a.yaml': p('2027-01-12 20:00', 'bluesky, mastodon', '2h') + 'campaign: launch\n' } }],
    invalid: [
      {
        name: 'the staggered channel goes out after the campaign ends',
        files: { ...files, 'posts/a.yaml': p('2027-01-12 22:30', 'bluesky, mastodon', '2h') + 'campaign: launch\n' },
        errors: [{ messageId: 'afterEnd', path: 'stagger' }],
      },
    ],
  });
});

describe('past-due with a stagger', () => {
  const now = '2027-01-12T12:00:00Z'; // 13:00 in Berlin; grace 6h
  ruleTester('past-due', {
    valid: [{ name: 'the first channel went out; the staggered one is not due yet', now, post: p('2027-01-12 06:00', 'bluesky, mastodon', '{ mastodon: 10h }'), ledger: { freezes: [], status: (_post, account) => (account === 'bluesky' ? { state: 'published' } : undefined) } }],
    invalid: [
      {
        name: 'only the channels whose own time plus grace has passed are missed',
        now,
        post: p('2027-01-12 06:00', 'bluesky, mastodon', '{ mastodon: 10h }'),
        errors: [{ messageId: 'missed', data: { accounts: 'bluesky' } }],
      },
    ],
  });
});
