import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/calendar/model.js';
import { LIMITS, measureText, mimeOf } from '../../src/platforms/limits.js';

const family = '👨‍👩‍👧‍👦'; // one grapheme, 7 code points, 11 UTF-16 units
const flag = '🇩🇪';
const longUrl = `https://example.com/${'a'.repeat(60)}`;

describe('measureText', () => {
  it.each([
    // [platform, text, expected]
    ['bluesky', 'hello', 5],
    ['bluesky', family, 1],
    ['bluesky', `${flag}${flag}`, 2],
    ['bluesky', 'é', 1], // e + combining acute
    ['bluesky', '日本語のテキスト', 8],
    ['bluesky', longUrl, longUrl.length], // Bluesky counts URLs in full
    ['mastodon', 'hello', 5],
    ['mastodon', family, 1],
    ['mastodon', longUrl, 23],
    ['mastodon', `see ${longUrl} now`, 4 + 23 + 4],
    ['mastodon', 'example.com/no-scheme', 21], // no scheme: not a link, counted in full
    ['mastodon', 'hi @alice@mastodon.example', 3 + 6],
    ['mastodon', 'hi @alice', 9],
    ['mastodon', 'mail bob@example.com', 20], // an email address is not a mention
    ['mastodon', '@Bob_1@social.example.org!', 7],
    ['mastodon', `日本 ${family} ${longUrl}`, 2 + 1 + 1 + 1 + 23],
    ['x', 'hello', 5],
    ['x', '日本', 4], // CJK weighs 2
    ['x', '👋', 2],
    ['x', family, 2], // an emoji sequence weighs 2
    ['x', longUrl, 23],
    ['x', 'é', 1], // NFC makes it one character
    ['linkedin', family, 11],
    ['telegram', '👋', 2],
    ['discord', '👋', 1],
    ['slack', family, 7],
    ['threads', 'hello', 5],
  ] as const)('%s counts %j as %d', (platform, text, expected) => {
    expect(measureText(platform, text)).toBe(expected);
  });

  it('uses a custom URL length (from a Mastodon instance)', () => {
    expect(measureText('mastodon', longUrl, { urlLength: 30 })).toBe(30);
  });

  it('counts the whole limit exactly', () => {
    expect(measureText('bluesky', '🙂'.repeat(300))).toBe(300);
    expect(measureText('x', 'a'.repeat(280))).toBe(280);
  });
});

describe('LIMITS', () => {
  it('covers every platform with sane values', () => {
    for (const p of PLATFORMS) {
      const l = LIMITS[p];
      expect(l.maxLength).toBeGreaterThan(0);
      expect(l.maxMedia).toBeGreaterThan(0);
      expect(l.mediaTypes.length).toBeGreaterThan(0);
    }
  });
  it('has the documented values', () => {
    expect(LIMITS.bluesky).toMatchObject({ maxLength: 300, maxMedia: 4, maxImageBytes: 2_000_000, altRequired: true });
    expect(LIMITS.mastodon).toMatchObject({ maxLength: 500, maxMedia: 4, altMax: 1500 });
    expect(LIMITS.x).toMatchObject({ maxLength: 280, maxMedia: 4, maxImageBytes: 5 * 1024 * 1024, altMax: 1000 });
    expect(LIMITS.telegram).toMatchObject({ maxLength: 4096, captionMaxLength: 1024 });
    expect(LIMITS.discord.maxLength).toBe(2000);
    expect(LIMITS.slack.maxLength).toBe(40000);
    expect(LIMITS.facebook.maxLength).toBe(63206);
    expect(LIMITS.instagram.maxLength).toBe(2200);
    expect(LIMITS.linkedin.maxLength).toBe(3000);
  });
});

describe('mimeOf', () => {
  it.each([
    ['media/a.png', 'image/png'],
    ['media/A.JPG', 'image/jpeg'],
    ['x.jpeg', 'image/jpeg'],
    ['x.webp', 'image/webp'],
    ['x.gif', 'image/gif'],
    ['clip.mp4', 'video/mp4'],
    ['notes.txt', undefined],
    ['noext', undefined],
  ])('%s → %s', (path, mime) => {
    expect(mimeOf(path)).toBe(mime);
  });
});
