import { describe } from 'vitest';
import { BASE_CONFIG, ruleTester } from './support.js';

const image = 'media:\n  - file: media/a.jpg\n    alt: A box\n';
const noBaseUrl = { accounts: { ...BASE_CONFIG.accounts, instagram: { platform: 'instagram', userId: '1784' }, threads: { platform: 'threads', userId: '1789' } } };

describe('platform-fit', () => {
  ruleTester('platform-fit', {
    valid: [
      { name: 'an Instagram post with an image', post: `at: 2027-01-12 10:00\nchannels: [instagram]\ntext: Look\n${image}` },
      { name: 'a Threads thread (Threads has replies)', post: 'at: 2027-01-12 10:00\nchannels: [threads]\ntext: One\nthread:\n  - text: Two\n' },
      { name: 'a text-only Facebook post', post: 'at: 2027-01-12 10:00\nchannels: [facebook]\ntext: Hello page\n' },
      { name: 'Threads without mediaBaseUrl when no post has media', config: noBaseUrl, post: 'at: 2027-01-12 10:00\nchannels: [threads]\ntext: Only words\n' },
      {
        name: 'the thread folded away for Instagram by an override',
        post: `at: 2027-01-12 10:00\nchannels: [instagram, bluesky]\ntext: Look\n${image}thread:\n  - text: more\noverrides:\n  instagram:\n    thread: []\n`,
      },
      { name: 'a thread on Discord (posted as separate messages, as documented)', post: 'at: 2027-01-12 10:00\nchannels: [discord]\ntext: One\nthread:\n  - text: Two\n' },
    ],
    invalid: [
      {
        name: 'an Instagram post without an image',
        post: 'at: 2027-01-12 10:00\nchannels: [bluesky, instagram]\ntext: Words only\n',
        errors: [{ messageId: 'needsImage', data: { platform: 'instagram', account: 'instagram' }, path: 'text', line: 3 }],
      },
      {
        name: 'six links in one Threads post (five is fine in the reply)',
        post: `at: 2027-01-12 10:00\nchannels: [threads, bluesky]\ntext: ${Array.from({ length: 6 }, (_, i) => `https://acme.example/${i}`).join(' ')}\nthread:\n  - text: ${Array.from({ length: 5 }, (_, i) => `https://acme.example/r${i}`).join(' ')}\n`,
        errors: [{ messageId: 'tooManyLinks', data: { platform: 'threads', count: 6, max: 5 }, path: 'text', line: 3 }],
      },
      {
        name: 'images for Instagram and Threads accounts without mediaBaseUrl, reported once per account in socialcal.yaml',
        config: noBaseUrl,
        files: { 'posts/b.yaml': `at: 2027-01-13 10:00\nchannels: [threads]\ntext: Again\n${image}` },
        post: `at: 2027-01-12 10:00\nchannels: [instagram, threads]\ntext: Look\n${image}`,
        errors: [
          { messageId: 'imageNotPublic', data: { account: 'instagram' }, file: 'posts/post.yaml', path: 'media', line: 5 },
          { messageId: 'imageNotPublic', data: { account: 'threads' }, file: 'posts/post.yaml', path: 'media', line: 5 },
          { messageId: 'imageNotPublic', data: { account: 'threads' }, file: 'posts/b.yaml', path: 'media', line: 5 },
          { messageId: 'noMediaBaseUrl', data: { account: 'instagram', post: 'post' }, file: 'socialcal.yaml', path: 'accounts.instagram' },
          { messageId: 'noMediaBaseUrl', data: { account: 'threads', platform: 'threads' }, file: 'socialcal.yaml', path: 'accounts.threads' },
        ],
      },
    ],
  });
});
