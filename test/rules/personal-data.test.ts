import { describe } from 'vitest';
import { ruleTester } from './support.js';

const p = (text: string, tags = '[ugc]') => `at: 2027-01-12 10:00\nchannels: [bluesky]\ntags: ${tags}\ntext: "${text}"\n`;

describe('personal-data', () => {
  ruleTester('personal-data', {
    valid: [
      { name: 'untagged posts may carry contacts', post: p('Write to press@acme.example', '[]') },
      { name: 'user content without contacts', post: p('Love this tool! — Ana, via Mastodon') },
      { name: 'dates, times and versions are not phone numbers', post: p('On 2027-01-12 at 10:00, v2.10.3, 70% faster, 1,500 sign-ups') },
      { name: 'a mention is not an email', post: p('thanks @ana@fosstodon.org') },
      { name: 'phones turned off', options: { phones: false }, post: p('call +49 30 1234567') },
    ],
    invalid: [
      {
        name: 'an email',
        post: p('Love it — Ana (ana.silva@example.com)'),
        errors: [{ messageId: 'email', data: { masked: 'an…om' }, path: 'text', line: 4 }],
      },
      {
        name: 'phone numbers',
        post: p('call +49 30 1234567 or (555) 123-4567'),
        errors: [
          { messageId: 'phone', data: { masked: '+4…67' }, path: 'text' },
          { messageId: 'phone', data: { masked: '(5…67' }, path: 'text' },
        ],
      },
      {
        name: 'configured tags',
        options: { tags: ['community-quote'] },
        post: p('ana.silva@example.com', '[community-quote]'),
        errors: [{ messageId: 'email' }],
      },
    ],
  });
});
