import { z } from 'zod';
import { PLATFORMS, type PlatformId } from '../calendar/model.js';
import { LIMITS, measureText } from '../platforms/limits.js';
import { utmFor } from '../calendar/render.js';
import type { RuleContext, RuleMeta } from './types.js';
import { own } from './text.js';

const options = z.strictObject({
  /** Stricter limits per platform than the platform's own (e.g. a house style of 1300 on LinkedIn). */
  limits: z.partialRecord(z.enum(PLATFORMS), z.number().int().positive()).default({}),
});

export const meta: RuleMeta<typeof options> = {
  id: 'max-length',
  description: 'Text fits each platform\'s length limit, counted the way that platform counts (overrides and UTM applied).',
  severity: 'error',
  options,
  messages: {
    tooLong: '{{length}}/{{limit}} characters on {{platform}} ({{over}} too many)',
    captionTooLong: '{{length}}/{{limit}} characters on {{platform}}: text with media is a caption, limited to {{limit}} ({{over}} too many)',
  },
  hints: {
    tooLong: 'shorten the text, split it into a thread, or give {{platform}} its own text under overrides.{{platform}}.text',
    captionTooLong: 'shorten the text, or send the media in a thread item of its own',
  },
  docs: {
    bad: `channels: [bluesky]\ntext: "…a 320-character announcement…"   # Bluesky allows 300 graphemes`,
    good: `channels: [bluesky, linkedin]\ntext: Acme 2.0 is here: faster builds. https://acme.example/2\noverrides:\n  linkedin:\n    text: "…the long version for LinkedIn…"`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const post of ctx.calendar.posts) {
    const campaign = post.campaign ? ctx.calendar.campaigns.get(post.campaign) : undefined;
    ctx.written(post).forEach((w, a) => {
      const platform = w.account.platform;
      const limits = LIMITS[platform];
      // Campaign UTM parameters make each link at most this much longer.
      const utmGrowth = campaign?.utm ? utmLength(utmFor(campaign, w.account)) : 0;
      w.items.forEach((item, i) => {
        const caption = limits.captionMaxLength !== undefined && item.media.length > 0;
        let limit = caption ? limits.captionMaxLength! : limits.maxLength;
        limit = Math.min(limit, own(ctx.options.limits, platform) ?? limit);
        if (surelyFits(platform, item.text, limit, utmGrowth)) return;
        const text = utmGrowth > 0 ? ctx.rendered(post)[a].items[i].text : item.text;
        const length = measureText(platform, text);
        if (length <= limit) return;
        ctx.report({
          post,
          path: item.path,
          messageId: caption ? 'captionTooLong' : 'tooLong',
          data: { length, limit, over: length - limit, platform },
        });
      });
    });
  }
}

function utmLength(params: Record<string, string | string[]>): number {
  let n = 0;
  for (const [key, value] of Object.entries(params)) {
    if (key !== 'domains') n += key.length + 2 + encodeURIComponent(String(value)).length;
  }
  return n;
}

const ASCII = /^[\x00-\x7f]*$/;

// Measuring (graphemes, X weights) is the costly part; most posts are far below any limit.
// Every count is bounded by the UTF-16 length (X weighs characters outside Latin and common
// punctuation twice; ASCII is always weight 1) plus, per link, its fixed count and what UTM
// parameters add. Links with other than ASCII may grow more when URL-encoded: measure those.
function surelyFits(platform: PlatformId, text: string, limit: number, utmGrowth: number): boolean {
  const ascii = ASCII.test(text);
  const links = text.includes('://') ? (text.match(/:\/\//g)?.length ?? 0) : 0;
  if (links > 0 && utmGrowth > 0 && !ascii) return false;
  const weight = LIMITS[platform].counting === 'weighted' && !ascii ? 2 : 1;
  return weight * text.length + links * (23 + utmGrowth + 1) <= limit;
}
