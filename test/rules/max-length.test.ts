import { describe } from 'vitest';
import { post, ruleTester } from './support.js';

const long = (n: number) => 'a'.repeat(n);

describe('max-length', () => {
  ruleTester('max-length', {
    valid: [
      { name: 'bluesky at its limit', post: post({ text: long(300) }) },
      { name: 'bluesky counts graphemes', post: post({ text: '🙂'.repeat(300) }) },
      { name: 'mastodon counts a real remote mention by its local part', post: post({ channels: ['mastodon'], text: `${long(490)} @alice@example.com` }) },
      { name: 'x: a bare domain counted as 23 still fits', post: post({ channels: ['x'], text: `${long(256)} acme.com` }) },
      { name: 'mastodon counts a URL as 23', post: post({ channels: ['mastodon'], text: `${long(470)} https://example.com/${long(100)}` }) },
      { name: 'linkedin override is long, the short text goes to bluesky', post: post({ channels: ['bluesky', 'linkedin'], text: 'short', overrides: { linkedin: { text: long(2900) } } }) },
      { name: 'telegram text without media uses the message limit', post: post({ channels: ['telegram'], text: long(4000) }) },
    ],
    invalid: [
      {
        name: 'bluesky over by one',
        post: post({ text: long(301) }),
        errors: [{ messageId: 'tooLong', data: { length: 301, limit: 300, over: 1, platform: 'bluesky' }, path: 'text', line: 4 }],
      },
      {
        name: 'bluesky: 121 family emoji are 121 graphemes but 3,025 bytes',
        post: post({ text: '👨‍👩‍👧‍👦'.repeat(121) }),
        errors: [{ messageId: 'tooManyBytes', data: { bytes: 3025, limit: 3000, platform: 'bluesky' }, path: 'text' }],
      },
      {
        name: 'x counts a bare domain as a 23-character link',
        post: post({ channels: ['x'], text: `${long(260)} acme.com` }),
        errors: [{ messageId: 'tooLong', data: { length: 284, limit: 280, over: 4, platform: 'x' }, path: 'text' }],
      },
      {
        name: 'x refuses U+FEFF',
        post: post({ channels: ['x'], text: 'Hello\uFEFF world' }),
        errors: [{ messageId: 'invalidCharacter', data: { char: 'U+FEFF', platform: 'x' }, path: 'text' }],
      },
      {
        name: 'mastodon: a=@alice@example.com is no mention and counts in full',
        post: post({ channels: ['mastodon'], text: `${long(490)} a=@alice@example.com` }),
        errors: [{ messageId: 'tooLong', data: { length: 511, limit: 500, platform: 'mastodon' }, path: 'text' }],
      },
      {
        name: 'x counts CJK as two',
        post: post({ channels: ['x'], text: '日'.repeat(141) }),
        errors: [{ messageId: 'tooLong', data: { length: 282, limit: 280, platform: 'x' }, path: 'text' }],
      },
      {
        name: 'the override is what linkedin gets',
        post: post({ channels: ['linkedin'], overrides: { linkedin: { text: long(3001) } } }),
        errors: [{ messageId: 'tooLong', data: { length: 3001, platform: 'linkedin' }, path: 'overrides.linkedin.text', line: 7 }],
      },
      {
        name: 'a thread item',
        post: post({ thread: [{ text: 'ok' }, { text: 'ok' }, { text: long(310) }] }),
        errors: [{ messageId: 'tooLong', data: { length: 310 }, path: 'thread[2].text', line: 8 }],
      },
      {
        name: 'UTM parameters count',
        files: { 'campaigns/launch.yaml': 'name: Launch\nutm: { medium: social }\n' },
        post: post({ campaign: 'launch', text: `${long(250)} https://acme.example/x` }),
        errors: [{ messageId: 'tooLong', data: { platform: 'bluesky', limit: 300 }, path: 'text' }],
      },
      {
        // What UTM parameters add is worked out once per campaign and account, and per post when
        // a parameter names the post: the long id's link is longer than the short one's.
        name: 'UTM parameters that name the post count per post',
        files: {
          'campaigns/launch.yaml': "name: Launch\nutm: { content: '{post}' }\n",
          'posts/a.yaml': post({ campaign: 'launch', text: `${long(180)} https://acme.example/x` }),
          'posts/b-a-post-id-long-enough-to-push-the-link-over-the-limit.yaml': post({ campaign: 'launch', text: `${long(180)} https://acme.example/x` }),
        },
        errors: [{ messageId: 'tooLong', data: { platform: 'bluesky', limit: 300 }, path: 'text', file: 'posts/b-a-post-id-long-enough-to-push-the-link-over-the-limit.yaml' }],
      },
      {
        name: 'an account name holding {post} counts per post too',
        config: { accounts: { '{post}': { platform: 'bluesky' } } },
        files: {
          'campaigns/launch.yaml': "name: Launch\nutm: { source: '{account}' }\n",
          'posts/a.yaml': post({ campaign: 'launch', channels: ['{post}'], text: `${long(180)} https://acme.example/x` }),
          'posts/b-a-post-id-long-enough-to-push-the-link-over-the-limit.yaml': post({ campaign: 'launch', channels: ['{post}'], text: `${long(180)} https://acme.example/x` }),
        },
        errors: [{ messageId: 'tooLong', data: { platform: 'bluesky', limit: 300 }, path: 'text', file: 'posts/b-a-post-id-long-enough-to-push-the-link-over-the-limit.yaml' }],
      },
      {
        name: 'telegram caption with media',
        post: post({ channels: ['telegram'], text: long(1100), media: [{ file: 'media/a.png', alt: 'A' }] }),
        media: { 'media/a.png': 100 },
        errors: [{ messageId: 'captionTooLong', data: { length: 1100, limit: 1024, platform: 'telegram' }, path: 'text' }],
      },
      {
        name: 'a stricter house limit',
        options: { limits: { linkedin: 1300 } },
        post: post({ channels: ['linkedin'], text: long(1400) }),
        errors: [{ messageId: 'tooLong', data: { length: 1400, limit: 1300 }, path: 'text' }],
      },
      {
        name: 'accounts on one platform report once',
        config: { accounts: { one: { platform: 'bluesky' }, two: { platform: 'bluesky' } } },
        post: post({ channels: ['one', 'two'], text: long(301) }),
        errors: [{ messageId: 'tooLong', path: 'text' }],
      },
    ],
  });
});
