// Per-platform text and media limits, and text measuring the way each platform counts.
// Pure: no I/O. Values marked NV are best public knowledge, not confirmed by the platform's
// documentation; confirm them before relying on them.
import type { PlatformId } from '../calendar/model.js';
import { mastodonCountableText } from './mastodon-count.js';
import { twitterText } from './twitter.js';

/**
 * How a platform counts text:
 * - graphemes: user-perceived characters (Intl.Segmenter)
 * - mastodon: graphemes, every URL as `urlLength`, a remote mention `@user@host` as `@user`,
 *   with Mastodon's own URL and mention patterns (see mastodon-count.ts)
 * - weighted: X's weighted length (twitter-text parseTweet, NFC)
 * - codepoints: Unicode code points
 * - threads: graphemes, but a grapheme with an emoji in it counts its UTF-8 bytes (Threads'
 *   "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8 bytes")
 * - utf16: UTF-16 code units — used where the platform does not say, because it is the
 *   largest of the counts, so a post that fits here fits there
 */
export type Counting = 'graphemes' | 'mastodon' | 'weighted' | 'codepoints' | 'threads' | 'utf16';

export interface PlatformLimits {
  maxLength: number;
  /** Bluesky: a limit on the UTF-8 bytes of the text as well as on its graphemes. */
  maxBytes?: number;
  /** Characters the platform refuses anywhere in a post. */
  invalidChars?: RegExp;
  /** Telegram: text that goes with a photo is a caption with a lower limit. */
  captionMaxLength?: number;
  maxMedia: number;
  maxImageBytes: number;
  /** Accepted mime types. */
  mediaTypes: string[];
  /** Longest alt text; 0 when the platform has no alt text (it is dropped). */
  altMax: number;
  /** Whether each image must carry alt text to be accepted (or, for Bluesky, shown well). */
  altRequired: boolean;
  /** Supports reply chains; without them, thread items go out as separate posts in order. */
  threads: boolean;
  counting: Counting;
  /** Length a URL counts as, where the platform shortens links for counting. */
  urlLength?: number;
}

const JPEG_PNG = ['image/jpeg', 'image/png'];
const COMMON_IMAGES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export const LIMITS: Record<PlatformId, PlatformLimits> = {
  bluesky: {
    // The lexicon app.bsky.feed.post: text maxGraphemes 300, maxLength 3000 (bytes).
    maxLength: 300,
    maxBytes: 3000,
    maxMedia: 4,
    maxImageBytes: 2_000_000,
    mediaTypes: COMMON_IMAGES,
    altMax: 2000,
    altRequired: true,
    threads: true,
    counting: 'graphemes',
  },
  mastodon: {
    maxLength: 500,
    maxMedia: 4,
    maxImageBytes: 16 * 1024 * 1024,
    mediaTypes: [...COMMON_IMAGES, 'image/heic', 'image/heif', 'image/avif'],
    altMax: 1500,
    altRequired: false,
    threads: true,
    counting: 'mastodon',
    urlLength: 23,
  },
  x: {
    maxLength: 280,
    maxMedia: 4,
    maxImageBytes: 5 * 1024 * 1024,
    mediaTypes: COMMON_IMAGES,
    altMax: 1000,
    altRequired: false,
    threads: true,
    counting: 'weighted',
    urlLength: 23,
    // twitter-text's own list (its regexen.invalidChars): parseTweet marks such a post invalid.
    // Written out, so checking a post does not load twitter-text (test/platforms/counting.test.ts compares).
    invalidChars: /[\uFFFE\uFEFF\uFFFF]/,
  },
  linkedin: {
    maxLength: 3000,
    maxMedia: 20, // NV
    maxImageBytes: 8 * 1024 * 1024, // NV
    mediaTypes: ['image/jpeg', 'image/png', 'image/gif'],
    altMax: 4086,
    altRequired: false,
    threads: false,
    counting: 'utf16',
  },
  threads: {
    maxLength: 500,
    maxMedia: 20, // NV
    maxImageBytes: 8 * 1024 * 1024, // NV
    mediaTypes: JPEG_PNG,
    altMax: 1000, // NV
    altRequired: false,
    threads: true,
    counting: 'threads',
  },
  instagram: {
    maxLength: 2200,
    maxMedia: 10,
    maxImageBytes: 8 * 1024 * 1024, // NV
    mediaTypes: ['image/jpeg'],
    altMax: 1000, // NV
    altRequired: false,
    threads: false,
    counting: 'utf16',
  },
  facebook: {
    maxLength: 63206,
    maxMedia: 10, // NV
    maxImageBytes: 4 * 1024 * 1024, // NV
    mediaTypes: ['image/jpeg', 'image/png', 'image/gif'],
    altMax: 1000, // NV
    altRequired: false,
    threads: false,
    counting: 'utf16',
  },
  discord: {
    maxLength: 2000,
    maxMedia: 10,
    maxImageBytes: 10 * 1024 * 1024,
    mediaTypes: COMMON_IMAGES,
    altMax: 1024,
    altRequired: false,
    threads: false,
    counting: 'codepoints',
  },
  slack: {
    maxLength: 40000,
    maxMedia: 10,
    // Slack fetches images from their public URL; this only bounds what we link to.
    maxImageBytes: 20 * 1024 * 1024,
    mediaTypes: COMMON_IMAGES,
    altMax: 2000,
    altRequired: false,
    threads: false,
    counting: 'codepoints',
  },
  telegram: {
    maxLength: 4096,
    captionMaxLength: 1024,
    maxMedia: 10,
    maxImageBytes: 10 * 1024 * 1024,
    mediaTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
    altMax: 0,
    altRequired: false,
    threads: true,
    counting: 'utf16',
  },
};

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Below U+0300 (ASCII, Latin-1, Latin Extended, IPA, spacing modifiers) no character extends or
 * joins another: each is a grapheme, except CR LF, which is one. Most posts are all such text,
 * and counting them needs no segmenter (the costly part of measuring).
 */
const SIMPLE_GRAPHEMES = /^[\x00-\u02ff]*$/;

function crlfCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) n++;
  return n;
}

export function countGraphemes(text: string): number {
  if (SIMPLE_GRAPHEMES.test(text)) return text.length - crlfCount(text);
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const encoder = new TextEncoder();

/** Threads: one per grapheme, except that a grapheme holding an emoji counts its UTF-8 bytes. */
function countThreads(text: string): number {
  // © and ® are the only emoji below U+0300: two UTF-8 bytes each, one grapheme each.
  if (SIMPLE_GRAPHEMES.test(text)) return text.length - crlfCount(text) + (text.match(/[\u00a9\u00ae]/g)?.length ?? 0);
  let n = 0;
  for (const { segment } of segmenter.segment(text)) n += EMOJI.test(segment) ? encoder.encode(segment).length : 1;
  return n;
}

/** The length of `text` as `platform` counts it against `LIMITS[platform].maxLength`. */
export function measureText(platform: PlatformId, text: string, opts: { urlLength?: number } = {}): number {
  const limits = LIMITS[platform];
  const urlLength = opts.urlLength ?? limits.urlLength ?? 23;
  switch (limits.counting) {
    case 'graphemes':
      return countGraphemes(text);
    case 'mastodon':
      return countGraphemes(mastodonCountableText(text, urlLength));
    case 'weighted':
    {
      const twitter = twitterText();
      return twitter.parseTweet(text.normalize('NFC'), { ...twitter.configs.defaults, transformedURLLength: urlLength }).weightedLength;
    }
    case 'codepoints':
      return [...text].length;
    case 'threads':
      return countThreads(text);
    case 'utf16':
      return text.length;
  }
}

export { mimeOf } from './media-type.js';
