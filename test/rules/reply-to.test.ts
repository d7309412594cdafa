import { describe } from 'vitest';
import { ruleTester } from './support.js';

const reply = (channels: string, url: string) => `at: 2027-01-12 10:00\nchannels: [${channels}]\nreply_to: ${url}\ntext: Thanks! The fix ships Tuesday.\n`;
const BSKY = 'https://bsky.app/profile/fan.bsky.social/post/3kq2m5yf2xk2a';
const MASTO = 'https://fosstodon.org/@fan/113456789012345678';
const X = 'https://x.com/fan/status/1790000000000000000';

describe('reply-to', () => {
  ruleTester('reply-to', {
    valid: [
      { name: 'a Bluesky answer from Bluesky', post: reply('bluesky', BSKY) },
      { name: 'a fediverse status answered from Mastodon', post: reply('mastodon', MASTO) },
      { name: 'an X post answered from X (twitter.com works too)', post: reply('x', X.replace('x.com', 'twitter.com')) },
      { name: 'no reply_to: any channel', post: 'at: 2027-01-12 10:00\nchannels: [linkedin]\ntext: Hi\n' },
    ],
    invalid: [
      {
        name: 'an answer sent to LinkedIn, which cannot reply',
        post: reply('bluesky, linkedin', BSKY),
        errors: [{ messageId: 'unsupported', data: { account: 'linkedin', platform: 'linkedin' }, path: 'channels[1]', line: 2 }],
      },
      {
        name: 'a Bluesky post answered from Mastodon and X',
        post: reply('mastodon, x', BSKY),
        errors: [
          { messageId: 'other-platform', data: { account: 'mastodon', target: 'bluesky' }, path: 'channels[0]' },
          { messageId: 'other-platform', data: { account: 'x', target: 'bluesky' }, path: 'channels[1]' },
        ],
      },
      {
        name: 'a Mastodon status answered from Bluesky',
        post: reply('bluesky', MASTO),
        errors: [{ messageId: 'other-platform', data: { account: 'bluesky', target: 'mastodon', url: MASTO } }],
      },
    ],
  });
});
