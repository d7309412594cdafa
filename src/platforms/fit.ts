import { z } from 'zod';
import { PLATFORMS, type Config, type PlatformId } from '../calendar/model.js';
import { LIMITS, measureText } from './limits.js';

// Does this text fit this account? The one answer used by the max-length rule, the `plan`
// preview, the CSV export and the calendar detail view, so none can disagree with `check`.

/** Stricter limits per platform than the platform's own (rule max-length's `limits` option). */
export const houseLimitsSchema = z.partialRecord(z.enum(PLATFORMS), z.number().int().positive());
export type HouseLimits = z.output<typeof houseLimitsSchema>;

/** The house limits configured in socialcal.yaml (rules.max-length.limits), when the rule is on. */
export function houseLimits(config: Config): HouseLimits {
  let limits = houseLimitsOf.get(config);
  if (!limits) {
    const setting = config.rules['max-length'];
    const parsed = houseLimitsSchema.safeParse(setting?.options.limits ?? {});
    limits = setting?.severity === 'off' || !parsed.success ? {} : parsed.data;
    houseLimitsOf.set(config, limits);
  }
  return limits;
}

const houseLimitsOf = new WeakMap<Config, HouseLimits>();

export interface TextFit {
  /** Length as the platform counts it. */
  length: number;
  /** The limit that applies: the platform's, the caption limit with media, or a stricter house limit. */
  limit: number;
  /** Text with media is a caption (Telegram) with its own limit. */
  caption: boolean;
  /** UTF-8 bytes, where the platform limits them too (Bluesky). */
  bytes?: number;
  byteLimit?: number;
  /** The first character the platform refuses, as U+XXXX. */
  invalid?: string;
  fits: boolean;
}

/** The limit for one post item on `platform`. */
export function limitFor(platform: PlatformId, opts: { media?: boolean; house?: HouseLimits } = {}): { limit: number; caption: boolean } {
  const limits = LIMITS[platform];
  const caption = limits.captionMaxLength !== undefined && opts.media === true;
  const own = caption ? limits.captionMaxLength! : limits.maxLength;
  return { limit: Math.min(own, opts.house?.[platform] ?? own), caption };
}

const utf8 = new TextEncoder();

/** Whether `text` (one post or thread item, links as they will be sent) fits `platform`. */
export function fitText(platform: PlatformId, text: string, opts: { media?: boolean; house?: HouseLimits } = {}): TextFit {
  const limits = LIMITS[platform];
  const { limit, caption } = limitFor(platform, opts);
  const length = measureText(platform, text);
  const fit: TextFit = { length, limit, caption, fits: length <= limit };
  if (limits.maxBytes !== undefined) {
    fit.bytes = utf8.encode(text).length;
    fit.byteLimit = limits.maxBytes;
    if (fit.bytes > limits.maxBytes) fit.fits = false;
  }
  const bad = limits.invalidChars?.exec(text);
  if (bad) {
    fit.invalid = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    fit.fits = false;
  }
  return fit;
}

/** Whether one rendered item fits an account, with the config's house limits. */
export function itemFits(config: Config, platform: PlatformId, item: { text: string; media: readonly unknown[] }): TextFit {
  return fitText(platform, item.text, { media: item.media.length > 0, house: houseLimits(config) });
}

const ASCII = /^[\x00-\x7f]*$/;
const WORST_UTF8_PER_UNIT = 3;

/**
 * A cheap bound: true only when `text` surely fits, so most posts need no measuring (counting
 * graphemes and X weights is the costly part). Every count is bounded by the UTF-16 length
 * (X weighs characters outside Latin and common punctuation twice; ASCII is always 1) plus,
 * per possible link, its fixed count and what UTM parameters add. On X a link needs no scheme
 * (`acme.com` counts 23), so every dot followed by a letter may start one.
 */
export function surelyFits(platform: PlatformId, text: string, limit: number, utmGrowth: number): boolean {
  const limits = LIMITS[platform];
  if (limits.invalidChars?.test(text)) return false;
  const ascii = ASCII.test(text);
  const weighted = limits.counting === 'weighted';
  const links = count(text, weighted ? /\.(?=\S)/g : /:\/\//g);
  if (links > 0 && utmGrowth > 0 && !ascii) return false;
  const grown = text.length + links * (23 + utmGrowth + 1);
  if (limits.maxBytes !== undefined && (ascii ? 1 : WORST_UTF8_PER_UNIT) * grown > limits.maxBytes) return false;
  // Worst case per UTF-16 unit: X weighs a non-Latin character 2; Threads counts an emoji's
  // UTF-8 bytes, at most 3 per UTF-16 unit.
  const perUnit = ascii ? 1 : weighted ? 2 : limits.counting === 'threads' ? 3 : 1;
  return perUnit * text.length + links * (23 + utmGrowth + 1) <= limit;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
