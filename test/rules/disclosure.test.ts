import { describe } from 'vitest';
import { ruleTester } from './support.js';

const p = (tags: string, text: string, extra = '') => `at: 2027-01-12 10:00\nchannels: [bluesky, mastodon]\ntags: [${tags}]\ntext: "${text}"\n${extra}`;

describe('disclosure', () => {
  ruleTester('disclosure', {
    valid: [
      { name: 'untagged posts need nothing', post: p('product', 'Buy it') },
      { name: '#ad present', post: p('sponsored', '#ad Rotor is great') },
      { name: 'case-insensitive', post: p('partner', 'Rotor is great #AD') },
      { name: 'configured disclosure', post: p('influencer', 'Rotor is great #sponsored'), options: { disclosures: ['#sponsored', 'Paid partnership'] } },
      { name: 'configured tags', post: p('sponsored', 'Rotor is great'), options: { tags: ['paid'] } },
    ],
    invalid: [
      {
        name: 'missing',
        post: p('sponsored', 'Rotor is great'),
        errors: [{ messageId: 'missing', data: { tag: 'sponsored', accounts: 'bluesky, mastodon', disclosures: '#ad' }, path: 'text', line: 4 }],
      },
      {
        name: 'word-bounded: #adventure is not #ad',
        post: p('sponsored', 'Rotor #adventure'),
        errors: [{ messageId: 'missing', path: 'text' }],
      },
      {
        name: 'an override drops it for one account',
        post: p('partner', '#ad Rotor is great', 'overrides:\n  mastodon:\n    text: Rotor is great\n'),
        errors: [{ messageId: 'missing', data: { tag: 'partner', accounts: 'mastodon' }, path: 'overrides.mastodon.text', line: 7 }],
      },
    ],
  });
});
