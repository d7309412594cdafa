import { describe, expect, it } from 'vitest';
import { addUtm, type UtmParams } from '../../src/calendar/render.js';

// addUtm writes a plain link's parameters without the URL parser (render.ts, PLAIN_LINK). Held
// here to the URL parser's way over links built from pieces the parser treats specially: upper
// case, ports, users, IP addresses, punycode, dot segments, escapes, queries, fragments, non-ASCII.

let seed = 17;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const some = (list: readonly string[], max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(list)).join('');

const LABELS = ['acme', 'example', 'a', 'b-c', '-x', 'y-', '0', '123', 'xn--nxasmq6b', 'xn--a', 'ACME', 'éx', 'com', 'org', 'io', '0x7f', 'localhost', 'a_b'];
const ENDS = ['example', 'com', 'de', 'x', '1', '0x1', 'COM', ''];
const PLAIN_HOSTS = ['acme.example', 'www.acme.example', 'b-c.com', 'x.other.org', 'a.example'];
const HOSTS = ['127.0.0.1', '[::1]', 'acme.example:443', 'acme.example:8080', 'user@acme.example', 'acme.example.', '..acme.example'];
const PLAIN_PIECES = ['/', 'a', 'B', '0', '-', '.', '_', '~', 'post', '.html'];
const PATH_PIECES = ['/', 'a', 'B', '0', '-', '.', '..', '_', '~', '%2e', '%41', ' ', 'é', '//', '\\', '(', ')', '{', '^', '`', '|', '!', '$', ';', '=', '@', ':', '*', "'", '+', ','];
const TAILS = ['', '', '', '', '', '?x=1', '?utm_source=mine', '?a=b%20c', '?q=a+b', '#frag', '?', '#', '?x=1#y'];
const TRAILING = ['', '', '.', ',', ')', '!?', '"'];

function link(): string {
  const scheme = pick(['https://', 'http://', 'https://', 'http://']);
  const host = random() < 0.4 ? pick(PLAIN_HOSTS) : random() < 0.15 ? pick(HOSTS) : `${some(LABELS, 3).length ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(LABELS)).join('.') : 'acme'}.${pick(ENDS)}`;
  const path = random() < 0.3 ? '' : `/${some(random() < 0.5 ? PLAIN_PIECES : PATH_PIECES, 6)}`;
  return `${scheme}${host}${path}${pick(TAILS)}${pick(TRAILING)}`;
}

/** Parameters as utmFor returns them: the UTM values, and the domains they apply to. */
const utm = (values: UtmParams, domains?: string[]) => Object.assign({ ...values }, domains ? { domains } : {});

const PARAMS = [
  utm({ utm_source: 'bluesky', utm_medium: 'social', utm_campaign: 'launch' }),
  utm({ utm_source: 'x', utm_medium: 'social media', utm_campaign: 'spring & summer', utm_content: 'post-1/é', utm_term: "a+b=c'~*" }, ['acme.example']),
  utm({ utm_source: 'mastodon', utm_medium: '', utm_campaign: 'c' }, ['example', 'b-c.com']),
  utm({ utm_source: 'linkedin', utm_medium: 'social', utm_campaign: 'spring' }, ['acme.example', 'other.org']),
  utm({}),
];

describe('addUtm on plain links', () => {
  it('gives what the URL parser gives, over 4,000 texts of generated links', () => {
    let plain = 0;
    for (let i = 0; i < 4000; i++) {
      const links = Array.from({ length: 1 + Math.floor(random() * 3) }, link);
      const text = links.map((l) => `${pick(['', 'see ', 'Read: ', '('])}${l}`).join(' and ');
      const params = pick(PARAMS);
      expect(addUtm(text, params), text).toBe(addUtm(text, params, false));
      plain += links.filter((l) => /^https?:\/\/[a-z0-9.-]+\.[a-z]+(\/[\w.~/-]*)?[.,)!?"]*$/.test(l)).length;
    }
    // The generator does make plain links, so the shortcut is exercised.
    expect(plain).toBeGreaterThan(100);
  });

  it('tags a plain link as the parser would, with / for an empty path', () => {
    const params = utm({ utm_source: 'bluesky', utm_medium: 'social media', utm_campaign: 'a&b' }, ['acme.example']);
    expect(addUtm('Go https://acme.example and https://www.acme.example/x/y.html.', params)).toBe(
      'Go https://acme.example/?utm_source=bluesky&utm_medium=social+media&utm_campaign=a%26b and https://www.acme.example/x/y.html?utm_source=bluesky&utm_medium=social+media&utm_campaign=a%26b.',
    );
    // Not the campaign's domain, a dot segment, a port: as the parser leaves or rewrites them.
    expect(addUtm('https://other.example/a', params)).toBe('https://other.example/a');
    expect(addUtm('https://acme.example/a/../b', params)).toBe('https://acme.example/b?utm_source=bluesky&utm_medium=social+media&utm_campaign=a%26b');
    expect(addUtm('https://acme.example:443/a', params)).toBe('https://acme.example/a?utm_source=bluesky&utm_medium=social+media&utm_campaign=a%26b');
  });
});
