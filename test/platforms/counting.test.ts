import { RichText } from '@atproto/api';
import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, type PlatformId } from '../../src/calendar/model.js';
import { fitText, surelyFits } from '../../src/platforms/fit.js';
import { LIMITS, measureText } from '../../src/platforms/limits.js';

// Counting checked against material we did not write: twitter-text's parseTweet for X,
// atproto's RichText for Bluesky, and the cases of Mastodon's own StatusLengthValidator spec.

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'word ', ' ', '. ', 'Hello, world! ', 'é', 'e\u0301', '日本語', '한국어', 'ü', '👋', '👨‍👩‍👧‍👦', '🇩🇪', '🏳️‍⚧️', '✨',
  'acme.com', ' acme.com ', 'docs.acme.example/path', 'https://acme.example/launch?utm_source=x', ' http://b.co ', 'a.b.c',
  'x.com/', '@alice', ' @alice@example.com', 'a=@bob@example.org', '#launch', '\n', '\t', 'v1.2', 'e.g. ', '…', '—',
  '\uFEFF', '\uFFFE', '\uFFFF',
];

function generate(rand: () => number, maxPieces: number, pieces = PIECES): string {
  let s = '';
  const n = 1 + Math.floor(rand() * maxPieces);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)];
  return s;
}

describe('X: the same answer as twitter-text parseTweet', () => {
  const rand = random(11);
  const texts = Array.from({ length: 1500 }, () => generate(rand, 90));

  it('fits exactly when parseTweet says the post is valid, over 1,500 generated posts', () => {
    const disagree = texts.filter((text) => fitText('x', text).fits !== twitter.parseTweet(text.normalize('NFC')).valid);
    expect(disagree).toEqual([]);
    // Both sides of the limit were exercised.
    const fits = texts.filter((t) => fitText('x', t).fits).length;
    expect(fits).toBeGreaterThan(100);
    expect(texts.length - fits).toBeGreaterThan(100);
  });

  it('never takes the shortcut for a post parseTweet refuses', () => {
    const wrong = texts.filter((text) => surelyFits('x', text, 280, 0) && !twitter.parseTweet(text.normalize('NFC')).valid);
    expect(wrong).toEqual([]);
  });

  it('counts a bare domain as a 23-character link', () => {
    expect(measureText('x', 'acme.com')).toBe(23);
    const text = `${'a'.repeat(260)} acme.com`; // 261 characters, 284 weighted
    expect(fitText('x', text)).toMatchObject({ length: 284, fits: false });
    expect(surelyFits('x', text, 280, 0)).toBe(false);
  });

  it('refuses exactly the characters twitter-text refuses (its list is written out, not loaded)', () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (LIMITS.x.invalidChars!.test(char) !== twitter.regexen.invalidChars.test(char)) differ.push(code.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it.each(['\uFFFE', '\uFFFF', '\uFEFF'])('marks U+%s invalid, as twitter-text does', (char) => {
    const code = `U+${char.charCodeAt(0).toString(16).toUpperCase()}`;
    expect(twitter.parseTweet(`hi${char}`).valid).toBe(false);
    expect(fitText('x', `hi${char}`)).toMatchObject({ invalid: code, fits: false });
  });
});

describe('Bluesky: graphemes and bytes as atproto RichText counts them', () => {
  const rand = random(7);
  const emoji = ['👨‍👩‍👧‍👦', '👨‍👩‍👧‍👦', '🏳️‍⚧️', '🇩🇪', 'a'];
  const texts = [
    ...Array.from({ length: 700 }, () => generate(rand, 400)),
    ...Array.from({ length: 300 }, () => generate(rand, 320, emoji)),
  ];

  it('agrees with RichText on graphemes, bytes and fit (300 graphemes, 3,000 bytes), over 1,000 generated posts', () => {
    for (const text of texts) {
      const rt = new RichText({ text });
      const fit = fitText('bluesky', text);
      expect([fit.length, fit.bytes]).toEqual([rt.graphemeLength, rt.length]);
      expect(fit.fits).toBe(rt.graphemeLength <= 300 && rt.length <= 3000);
      if (surelyFits('bluesky', text, 300, 0)) expect(fit.fits).toBe(true);
    }
    // Some posts are within 300 graphemes yet over 3,000 bytes, some fit, some have too many graphemes.
    const kinds = new Set(texts.map((t) => new RichText({ text: t })).map((rt) => (rt.graphemeLength > 300 ? 'graphemes' : rt.length > 3000 ? 'bytes' : 'fits')));
    expect([...kinds].sort()).toEqual(['bytes', 'fits', 'graphemes']);
  });

  it('refuses 121 family emoji: 121 graphemes but 3,025 bytes', () => {
    const text = '👨‍👩‍👧‍👦'.repeat(121);
    expect(fitText('bluesky', text)).toMatchObject({ length: 121, bytes: 3025, byteLimit: 3000, fits: false });
    expect(surelyFits('bluesky', text, 300, 0)).toBe(false);
  });
});

describe('Mastodon: the cases of its StatusLengthValidator spec, and its mention and URL rules', () => {
  const fits = (text: string) => fitText('mastodon', text).fits;

  it.each([
    ['counts URLs as 23 characters flat', `${'a'.repeat(476)} http://${'b'.repeat(30)}.com/example`, true],
    ['does not count non-autolinkable URLs as 23 characters flat', `${'a'.repeat(476)}http://${'b'.repeat(30)}.com/example`, false],
    ['does not count overly long URLs as 23 characters flat', `http://example.com/valid?${'#foo?'.repeat(1000)}`, false],
    ['counts only the front part of remote usernames', `${'a'.repeat(475)} @alice@${'b'.repeat(30)}.com`, true],
    ['does count both parts of remote usernames for overly long domains', `@alice@${'b'.repeat(500)}.com`, false],
    ['counts multi byte emoji as single character', '✨'.repeat(500), true],
    ['counts ZWJ sequence emoji as single character', '🏳️‍⚧️'.repeat(500), true],
  ])('%s', (_name, text, expected) => {
    expect(fits(text)).toBe(expected);
  });

  it.each([
    ['a=@alice@example.com', 20], // preceded by "=": not a mention (MENTION_RE's lookbehind)
    ['path/@alice@example.com', 23], // preceded by "/": not a mention
    ['hi @alice@example.com', 9],
    ['@alice@example.com@', 19], // followed by "@": end_mention_match, not a mention
    ['example.com/no-scheme', 21], // no scheme: not a link
    ['gemini://capsule.org/very/long/path/indeed', 23], // one of Mastodon's own schemes
    ['https://acme.example/launch', 27], // twitter-text knows no TLD .example: not a link
    ['ftp://files.example/long/path/name.tar.gz', 41], // not one of them
    ['see https://acme.com/a(b)c now', 4 + 23 + 4],
    ['see https://acme.com/@team/ now', 4 + 23 + 4], // a path may hold "@" (Mastodon's path characters)
    ['(https://acme.com/x)', 1 + 23 + 1],
  ])('counts %j as %d', (text, expected) => {
    expect(measureText('mastodon', text)).toBe(expected);
  });
});

describe('every platform: the shortcut never says "fits" when measuring says otherwise', () => {
  const rand = random(3);
  const texts = Array.from({ length: 300 }, () => generate(rand, 600));
  it.each(PLATFORMS)('%s', (platform: PlatformId) => {
    const limit = LIMITS[platform].maxLength;
    for (const text of texts) if (surelyFits(platform, text, limit, 0)) expect(fitText(platform, text).fits, text).toBe(true);
  });
});

describe('Threads: 500 characters, an emoji counted as its UTF-8 bytes (Threads Posts docs, Limitations)', () => {
  it('counts plain text per character and emoji per UTF-8 byte', () => {
    expect(measureText('threads', 'hello')).toBe(5);
    expect(measureText('threads', 'é日本')).toBe(3); // not emoji: one each
    expect(measureText('threads', '😀')).toBe(4);
    expect(measureText('threads', '👍🏽')).toBe(8); // thumbs up + skin tone: 4 + 4 bytes
    expect(measureText('threads', '🇩🇪')).toBe(8); // two regional indicators
    expect(measureText('threads', '✨')).toBe(3);
  });
  it('a post of 496 letters and one emoji fits; one letter more does not', () => {
    expect(fitText('threads', `${'a'.repeat(496)}😀`).fits).toBe(true);
    expect(fitText('threads', `${'a'.repeat(497)}😀`).fits).toBe(false);
    expect(surelyFits('threads', `${'a'.repeat(497)}😀`, 500, 0)).toBe(false);
  });
});

describe('text below U+0300 is counted without the segmenter, with the same answer', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const graphemes = (text: string) => [...segmenter.segment(text)].length;
  const threads = (text: string) => [...segmenter.segment(text)].reduce((n, { segment }) => n + (/\p{Extended_Pictographic}/u.test(segment) ? Buffer.byteLength(segment) : 1), 0);
  const simple = Array.from({ length: 0x300 }, (_, c) => String.fromCharCode(c));

  it('every character below U+0300, alone, doubled and between letters; CR LF is one grapheme', () => {
    for (const c of simple) {
      for (const text of [c, c + c, `a${c}b`, `${c}\r\n${c}`, `\r${c}\n`]) {
        expect(measureText('bluesky', text), JSON.stringify(text)).toBe(graphemes(text));
        expect(measureText('threads', text), JSON.stringify(text)).toBe(threads(text));
      }
    }
    expect(measureText('bluesky', 'a\r\nb\r\n')).toBe(4);
    expect(measureText('bluesky', 'a\n\rb')).toBe(4); // LF CR: two
    // © and ® are emoji to Threads: their two UTF-8 bytes each.
    expect(measureText('threads', '© Acme® 2027')).toBe(14);
  });

  it('random Latin texts with CR LF, ©, ® and links; one character above U+02FF takes the segmenter', () => {
    const rand = random(300);
    const pieces = ['a', 'Grüße ', 'ß', 'ø', '\r\n', '\r', '\n', '©', '®', '¼', 'ˆ', 'https://acme.example/p ', '@alice@example.com ', ' '];
    for (let i = 0; i < 300; i++) {
      const text = generate(rand, 40, pieces);
      expect(measureText('bluesky', text)).toBe(graphemes(text));
      expect(measureText('threads', text)).toBe(threads(text));
      const joined = `${text}e\u0301`; // U+0301 combines with the e before it
      expect(measureText('bluesky', joined)).toBe(graphemes(joined));
      expect(measureText('bluesky', joined)).toBe(measureText('bluesky', text) + 1);
    }
  });
});

describe('graphemes of ASCII text, counted without the segmenter', () => {
  it('equals Intl.Segmenter over 2,000 random ASCII texts full of CR, LF and control characters', async () => {
    const { countGraphemes } = await import('../../src/platforms/limits.js');
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pool = ['\r', '\n', '\r\n', '\t', '\0', '\x1b', '\x7f', ' ', 'a', 'Z', '#', '*', '0', 'https://x.example/', '\n\r'];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 40) }, () => pool[Math.floor(rnd() * pool.length)]).join('');
      expect(countGraphemes(text), JSON.stringify(text)).toBe([...segmenter.segment(text)].length);
      expect(measureText('threads', text), JSON.stringify(text)).toBe([...segmenter.segment(text)].length);
    }
  });
});
