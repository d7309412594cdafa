import { describe, expect, it } from 'vitest';
import { bareLinksTo, SHORTENERS, withoutSchemeLinks } from '../../src/rules/links.js';
import { hostIn } from '../../src/rules/text.js';
import { fuzzCase } from '../fuzz/corpus.js';
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
        name: 'a campaign link without a scheme next to one with it',
        files: campaign,
        post: p('see https://acme.example/live or acme.example/live', 'campaign: launch\n'),
        errors: [{ messageId: 'noScheme', data: { link: 'acme.example/live', campaign: 'launch' }, path: 'text', line: 4 }],
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

// Links without a scheme are looked for only in texts that mention a domain outside their
// https:// links; the full scan (as before that shortcut) must find the same links everywhere.
describe('links without a scheme: the mention shortcut', () => {
  const SCHEME_LINK = /https?:\/\/[^\s<>"'`]+/g;
  const BARE_LINK = /(?<![\w@./:-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![a-z0-9-])(\/[^\s<>"'`]*)?/giu;
  const fullScan = (text: string, domains: readonly string[]) =>
    [...text.replace(SCHEME_LINK, ' ').matchAll(BARE_LINK)]
      .filter((m) => hostIn(m[1], domains))
      .map((m) => ({ link: m[0].replace(/[.,;:!?)\]}'"]+$/, ''), host: m[1].toLowerCase() }));
  const DOMAINS = [SHORTENERS, ['acme.example'], ['example.org', 'docs.acme.example'], ['k.co']];
  const TEXTS = [
    'see https://acme.example/live and acme.example/live',
    'see https://acme.example/live only',
    'ACME.EXAMPLE/x and https://bit.ly/a bit.ly/b',
    'Node.js and t.co-workers, mail me@acme.example',
    'https://x.example/acme.example acme.example.',
    'a link \u212a.co/x (a Kelvin sign folds to k)',
    'sub.docs.acme.example/page?utm_source=x, www.example.org',
    '',
  ];
  it('finds what the full scan finds, on a table of texts and the fuzz corpus', () => {
    const texts = [...TEXTS];
    for (let i = 0; i < 60; i++) {
      for (const content of fuzzCase(17, i).files.values()) if (Buffer.isBuffer(content)) texts.push(content.toString('utf8'));
    }
    let found = 0;
    for (const text of texts) {
      for (const domains of DOMAINS) {
        const want = fullScan(text, domains);
        found += want.length;
        expect(bareLinksTo(withoutSchemeLinks(text), domains), text).toEqual(want);
      }
    }
    // The table itself has links of each kind.
    expect(found).toBeGreaterThan(8);
  });
});
