import { describe } from 'vitest';
import { ruleTester } from './support.js';

const withMedia = (channels: string, files: string[]) =>
  `at: 2027-01-12 10:00\nchannels: [${channels}]\ntext: Look\nmedia:\n${files.map((f) => `  - file: ${f}\n    alt: A picture\n`).join('')}`;

describe('media', () => {
  ruleTester('media', {
    valid: [
      { name: 'a png on bluesky', post: withMedia('bluesky', ['media/a.png']), media: { 'media/a.png': 1_000_000 } },
      { name: 'four images on bluesky', post: withMedia('bluesky', ['media/a.png', 'media/b.png', 'media/c.png', 'media/d.png']) },
      { name: 'a jpeg on instagram', post: withMedia('instagram', ['media/a.jpg']), media: { 'media/a.jpg': 100 } },
      { name: 'size unknown (missing file is the loader\'s problem)', post: withMedia('bluesky', ['media/gone.png']) },
    ],
    invalid: [
      {
        name: 'five images on bluesky',
        post: withMedia('bluesky', ['media/a.png', 'media/b.png', 'media/c.png', 'media/d.png', 'media/e.png']),
        errors: [{ messageId: 'tooMany', data: { count: 5, max: 4, platform: 'bluesky' }, path: 'media', line: 5 }],
      },
      {
        name: 'png on instagram',
        post: withMedia('instagram', ['media/a.png']),
        media: { 'media/a.png': 100 },
        errors: [{ messageId: 'type', data: { file: 'media/a.png', type: 'image/png', platform: 'instagram' }, path: 'media[0].file', line: 5 }],
      },
      {
        name: 'unknown extension',
        post: withMedia('bluesky', ['media/a.bmp']),
        errors: [{ messageId: 'type', data: { type: 'unknown type' }, path: 'media[0].file' }],
      },
      {
        name: 'too large for bluesky',
        post: withMedia('bluesky, mastodon', ['media/big.png']),
        media: { 'media/big.png': 3 * 1024 * 1024 },
        errors: [{ messageId: 'tooLarge', data: { size: 3, max: 1.9, platform: 'bluesky' }, path: 'media[0].file', line: 5 }],
      },
      {
        name: 'a thread item\'s media',
        post: 'at: 2027-01-12 10:00\nchannels: [instagram]\ntext: Look\nthread:\n  - text: more\n    media:\n      - { file: media/x.webp, alt: X }\n',
        errors: [{ messageId: 'type', path: 'thread[0].media[0].file', line: 7 }],
      },
    ],
  });
});
