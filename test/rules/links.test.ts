import { describe } from 'vitest';
import { ruleTester } from './support.js';

const campaign = { 'campaigns/launch.yaml': 'name: Launch\nutm: { medium: social, domains: [acme.example] }\n' };
const p = (text: string, extra = '') => `at: 2027-01-12 10:00\nchannels: [bluesky]\n${extra}text: "${text}"\n`;

describe('links', () => {
  ruleTester('links', {
    valid: [
      { name: 'any domain when none are configured', post: p('see https://example.org/x') },
      { name: 'an allowed subdomain', options: { allowedDomains: ['acme.example'] }, post: p('see https://docs.acme.example/x.') },
      { name: 'campaign UTM added by the campaign', files: campaign, post: p('see https://acme.example/live', 'campaign: launch\n') },
      { name: 'links to other domains need no UTM', files: campaign, post: p('see https://github.com/acme', 'campaign: launch\n') },
      { name: 'a campaign without utm requires none', files: { 'campaigns/meetups.yaml': 'name: Meetups\n' }, post: p('see https://acme.example/x', 'campaign: meetups\n') },
      { name: 'shorteners allowed when the list is emptied', options: { shorteners: [] }, post: p('see https://bit.ly/x') },
      { name: 'a word with a dot is not a shortener link', post: p('Node.js and t.co-workers') },
      { name: 'UTM not required when turned off', options: { requireUtm: false }, files: campaign, post: p('see acme.example/live', 'campaign: launch\n') },
    ],
    invalid: [
      {
        name: 'a domain that is not allowed',
        options: { allowedDomains: ['acme.example', 'https://github.com/acme'] },
        post: p('see https://evil.example/x and https://github.com/acme'),
        errors: [{ messageId: 'notAllowed', data: { host: 'evil.example', allowed: 'acme.example, github.com' }, path: 'text', line: 3 }],
      },
      {
        name: 'shorteners, with and without scheme',
        post: p('https://bit.ly/abc or buff.ly/xyz'),
        errors: [
          { messageId: 'shortener', data: { host: 'bit.ly' }, path: 'text', line: 3 },
          { messageId: 'shortener', data: { host: 'buff.ly' }, path: 'text', line: 3 },
        ],
      },
      {
        name: 'an empty UTM parameter written by hand is kept, so the final link lacks it',
        files: campaign,
        post: p('see https://acme.example/live?utm_campaign=', 'campaign: launch\n'),
        errors: [{ messageId: 'utmMissing', data: { link: 'https://acme.example/live?utm_campaign=&utm_source=bluesky&utm_medium=social', missing: 'utm_campaign' }, path: 'text', line: 4 }],
      },
      {
        name: 'a campaign link without a scheme gets no UTM',
        files: campaign,
        post: p('RSVP: acme.example/live.', 'campaign: launch\n'),
        errors: [{ messageId: 'noScheme', data: { link: 'acme.example/live', campaign: 'launch' }, path: 'text', line: 4 }],
      },
    ],
  });
});
