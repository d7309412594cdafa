import { z } from 'zod';
import { PLATFORMS, type PlatformId } from '../calendar/model.js';
import { LIMITS, measureText } from '../platforms/limits.js';
import { eachRenderedItem } from './items.js';
import type { RuleContext, RuleMeta } from './types.js';

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
  eachRenderedItem(ctx, (post, item, platform) => {
    const limits = LIMITS[platform];
    const caption = limits.captionMaxLength !== undefined && item.media.length > 0;
    let limit = caption ? limits.captionMaxLength! : limits.maxLength;
    limit = Math.min(limit, ctx.options.limits[platform] ?? limit);
    if (surelyFits(platform, item.text, limit)) return;
    const length = measureText(platform, item.text);
    if (length <= limit) return;
    ctx.report({
      post,
      path: item.path,
      messageId: caption ? 'captionTooLong' : 'tooLong',
      data: { length, limit, over: length - limit, platform },
    });
  });
}

// Measuring (graphemes, X weights) is the costly part; most posts are far below any limit,
// and every count is bounded by the UTF-16 length (X: twice that) plus the URLs' fixed lengths.
function surelyFits(platform: PlatformId, text: string, limit: number): boolean {
  const links = text.includes('://') ? (text.match(/:\/\//g)?.length ?? 0) : 0;
  const bound = (LIMITS[platform].counting === 'weighted' ? 2 * text.length : text.length) + 23 * links;
  return bound <= limit;
}
