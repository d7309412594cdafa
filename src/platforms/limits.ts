// Per-platform text and media limits, and text measuring the way each platform counts.
// Pure: no I/O. Values marked NV are best public knowledge, not confirmed by the platform's
// documentation; confirm them before relying on them.
import twitter from 'twitter-text';
import type { PlatformId } from '../calendar/model.js';

/**
 * How a platform counts text:
 * - graphemes: user-perceived characters (Intl.Segmenter)
 * - mastodon: graphemes, every URL as `urlLength`, a remote mention `@user@host` as `@user`
 * - weighted: X's weighted length (twitter-text parseTweet, NFC)
 * - codepoints: Unicode code points
 * - utf16: UTF-16 code units — used where the platform does not say, because it is the
 *   largest of the counts, so a post that fits here fits there
 */
export type Counting = 'graphemes' | 'mastodon' | 'weighted' | 'codepoints' | 'utf16';

export interface PlatformLimits {
  maxLength: number;
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
    maxLength: 300,
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
    counting: 'utf16',
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

export function countGraphemes(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

// Mastodon's account-name pattern (Account::MENTION_RE): a mention is not preceded by a word
// character or slash; `@user@host` counts as `@user`.
const REMOTE_MENTION = /(^|[^\p{L}\p{N}_/])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_])?)@[\p{L}\p{N}_.-]*[\p{L}\p{N}_]/giu;

function mastodonCountable(text: string, urlLength: number): string {
  // Only URLs with a scheme count as links, as in Mastodon's StatusLengthValidator.
  const urls = twitter.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let out = '';
  let at = 0;
  for (const { indices } of urls) {
    out += text.slice(at, indices[0]) + 'x'.repeat(urlLength);
    at = indices[1];
  }
  out += text.slice(at);
  return out.replace(REMOTE_MENTION, (_m, before: string, user: string) => `${before}@${user}`);
}

/** The length of `text` as `platform` counts it against `LIMITS[platform].maxLength`. */
export function measureText(platform: PlatformId, text: string, opts: { urlLength?: number } = {}): number {
  const limits = LIMITS[platform];
  const urlLength = opts.urlLength ?? limits.urlLength ?? 23;
  switch (limits.counting) {
    case 'graphemes':
      return countGraphemes(text);
    case 'mastodon':
      return countGraphemes(mastodonCountable(text, urlLength));
    case 'weighted':
      return twitter.parseTweet(text.normalize('NFC'), { ...twitter.configs.defaults, transformedURLLength: urlLength }).weightedLength;
    case 'codepoints':
      return [...text].length;
    case 'utf16':
      return text.length;
  }
}

export { mimeOf } from './media-type.js';
