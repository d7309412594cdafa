import { describe } from 'vitest';
import { ruleTester } from './support.js';

const options = { phrases: [{ phrase: 'game changer', reason: 'house style' }, 'synergy', { phrase: 'best-in-class' }] };
const p = (text: string) => `at: 2027-01-12 10:00\nchannels: [bluesky, mastodon]\ntext: "${text}"\n`;

describe('banned-phrases', () => {
  ruleTester('banned-phrases', {
    valid: [
      { name: 'nothing configured', post: p('A game changer') },
      { name: 'clean text', options, post: p('Builds four times faster') },
      { name: 'part of a longer word', options, post: p('synergyless, gamechanger') },
    ],
    invalid: [
      {
        name: 'case and spacing ignored, reason given',
        options,
        post: p('A real Game  Changer'),
        errors: [{ messageId: 'banned', data: { found: 'Game  Changer', because: ' (house style)' }, path: 'text', line: 3 }],
      },
      {
        name: 'several, in a thread too',
        options,
        post: 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: Synergy!\nthread:\n  - text: truly best-in-class\n',
        errors: [
          { messageId: 'banned', data: { found: 'Synergy', because: '' }, path: 'text', line: 3 },
          { messageId: 'banned', data: { found: 'best-in-class', because: '' }, path: 'thread[0].text', line: 5 },
        ],
      },
    ],
  });
});
