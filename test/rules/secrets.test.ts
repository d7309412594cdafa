import { describe } from 'vitest';
import { ruleTester } from './support.js';

// Built from parts so this file does not itself look like it holds secrets.
const gh = 'ghp' + '_' + 'a1B2'.repeat(9);
const aws = 'AKIA' + 'IOSFODNN7EXAMPLE';
const slack = 'xox' + 'b-1234567890-abcdefghij';
const google = 'AIza' + 'Sy' + 'A'.repeat(33);
const stripe = 'sk_' + 'live_' + '4eC39HqLyjWDarjtT1zdp7dc';
const jwt = 'eyJ' + 'hbGciOiJIUzI1NiJ9.eyJ' + 'zdWIiOiIxMjM0NTY3ODkwIn0.' + 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const pem = '-----BEGIN ' + 'RSA PRIVATE KEY-----';

const p = (text: string, extra = '') => `at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: "${text}"\n${extra}`;

describe('secrets', () => {
  ruleTester('secrets', {
    valid: [
      { name: 'ordinary text', post: p('Our API is at https://api.acme.example; tokens live in CI secrets') },
      { name: 'a prefix alone', post: p('ghp_ tokens start with ghp_; keys with AKIA') },
    ],
    invalid: [
      { name: 'GitHub token in the text', post: p(`token ${gh}`), errors: [{ messageId: 'secret', data: { kind: 'a GitHub token', preview: 'ghp_' }, path: 'text', line: 3 }] },
      { name: 'AWS key in notes', post: p('Hi', `notes: "aws ${aws}"\n`), errors: [{ messageId: 'secret', data: { kind: 'an AWS access key', preview: 'AKIA' }, path: 'notes', line: 4 }] },
      { name: 'Slack token', post: p(slack), errors: [{ messageId: 'secret', data: { kind: 'a Slack token' } }] },
      { name: 'Google API key in alt text', post: p('Hi', `media:\n  - { file: media/a.png, alt: "${google}" }\n`), errors: [{ messageId: 'secret', data: { kind: 'a Google API key' }, path: 'media[0].alt', line: 5 }] },
      { name: 'Stripe key in an override thread', post: p('Hi', `overrides:\n  bluesky:\n    thread:\n      - text: "${stripe}"\n`), errors: [{ messageId: 'secret', data: { kind: 'a Stripe secret key', preview: 'sk_l' }, path: 'overrides.bluesky.thread[0].text', line: 7 }] },
      { name: 'JWT', post: p(jwt), errors: [{ messageId: 'secret', data: { kind: 'a JSON Web Token' } }] },
      { name: 'private key block', post: p('Hi', `notes: |\n  ${pem}\n  MIIEow\n`), errors: [{ messageId: 'secret', data: { kind: 'a private key', preview: '-----BEGIN' }, path: 'notes' }] },
    ],
  });
});
