import { describe } from 'vitest';
import { ruleTester } from './support.js';

describe('alt-text', () => {
  ruleTester('alt-text', {
    valid: [
      { name: 'alt present', post: 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: Look\nmedia:\n  - { file: media/a.png, alt: A cat }\n' },
      { name: 'no media', post: 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: Look\n' },
      { name: 'telegram drops alt text, so any length is fine', post: `at: 2027-01-12 10:00\nchannels: [telegram]\ntext: Look\nmedia:\n  - { file: media/a.png, alt: ${'a'.repeat(3000)} }\n` },
    ],
    invalid: [
      {
        name: 'missing alt',
        post: 'at: 2027-01-12 10:00\nchannels: [bluesky, mastodon]\ntext: Look\nmedia:\n  - file: media/a.png\n',
        errors: [{ messageId: 'missing', data: { file: 'media/a.png' }, path: 'media[0]', line: 5 }],
      },
      {
        name: 'blank alt in an override',
        post: 'at: 2027-01-12 10:00\nchannels: [linkedin]\ntext: Look\noverrides:\n  linkedin:\n    media:\n      - { file: media/b.png, alt: "  " }\n',
        errors: [{ messageId: 'missing', data: { file: 'media/b.png' }, path: 'overrides.linkedin.media[0]', line: 7 }],
      },
      {
        name: 'alt longer than X allows',
        post: `at: 2027-01-12 10:00\nchannels: [x, bluesky]\ntext: Look\nmedia:\n  - file: media/a.png\n    alt: ${'a'.repeat(1001)}\n`,
        errors: [{ messageId: 'tooLong', data: { length: 1001, max: 1000, platform: 'x' }, path: 'media[0].alt', line: 6 }],
      },
    ],
  });
});
