import { z } from 'zod';
import { fitText, houseLimitsSchema, limitFor, surelyFits } from '../platforms/fit.js';
import type { Account, Campaign } from '../calendar/model.js';
import { utmFor } from '../calendar/render.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({
  /** Stricter limits per platform than the platform's own (e.g. a house style of 1300 on LinkedIn). */
  limits: houseLimitsSchema.default({}),
});

export const meta: RuleMeta<typeof options> = {
  id: 'max-length',
  description: 'Text fits each platform\'s length limit, counted the way that platform counts (overrides and UTM applied), and holds no character the platform refuses.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    tooLong: '{{length}}/{{limit}} characters on {{platform}} ({{over}} too many)',
    captionTooLong: '{{length}}/{{limit}} characters on {{platform}}: text with media is a caption, limited to {{limit}} ({{over}} too many)',
    tooManyBytes: '{{bytes}}/{{limit}} bytes on {{platform}}: besides its grapheme limit, {{platform}} limits text to {{limit}} bytes of UTF-8',
    invalidCharacter: '{{platform}} refuses a post containing {{char}}',
  },
  hints: {
    tooLong: 'shorten the text, split it into a thread, or give {{platform}} its own text under overrides.{{platform}}.text',
    captionTooLong: 'shorten the text, or send the media in a thread item of its own',
    tooManyBytes: 'shorten the text: emoji and non-Latin scripts take up to 4 bytes each (a family emoji far more)',
    invalidCharacter: 'remove the invisible character {{char}} (often pasted in as a byte-order mark)',
  },
  docs: {
    bad: `channels: [bluesky]\ntext: "…a 320-character announcement…"   # Bluesky allows 300 graphemes`,
    good: `channels: [bluesky, linkedin]\ntext: Acme 2.0 is here: faster builds. https://acme.example/2\noverrides:\n  linkedin:\n    text: "…the long version for LinkedIn…"`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  // Per campaign and account, and per post too when a parameter names the post.
  const growths = new Map<string, number>();
  const perPost = new Map<Campaign, boolean>();
  const growthOf = (campaign: Campaign, account: Account, post: string) => {
    let named = perPost.get(campaign);
    if (named === undefined) perPost.set(campaign, (named = namesPost(campaign)));
    const key = `${campaign.id}\0${account.name}${named || account.name.includes('{post}') ? `\0${post}` : ''}`;
    let growth = growths.get(key);
    if (growth === undefined) growths.set(key, (growth = utmLength(utmFor(campaign, account, post))));
    return growth;
  };
  for (const post of ctx.calendar.posts) {
    const campaign = post.campaign ? ctx.calendar.campaigns.get(post.campaign) : undefined;
    ctx.asWritten(post).forEach((w, a) => {
      const platform = w.account.platform;
      // Campaign UTM parameters make each link at most this much longer.
      const utmGrowth = campaign?.utm ? growthOf(campaign, w.account, post.id) : 0;
      w.items.forEach((item, i) => {
        const opts = { media: item.media.length > 0, house: ctx.options.limits };
        if (surelyFits(platform, item.text, limitFor(platform, opts).limit, utmGrowth)) return;
        const text = utmGrowth > 0 ? ctx.rendered(post)[a].items[i].text : item.text;
        const fit = fitText(platform, text, opts);
        if (fit.invalid) ctx.report({ post, path: item.path, messageId: 'invalidCharacter', data: { char: fit.invalid, platform } });
        if (fit.length > fit.limit) {
          const data = { length: fit.length, limit: fit.limit, over: fit.length - fit.limit, platform };
          ctx.report({ post, path: item.path, messageId: fit.caption ? 'captionTooLong' : 'tooLong', data });
        }
        if (fit.bytes !== undefined && fit.bytes > fit.byteLimit!) {
          ctx.report({ post, path: item.path, messageId: 'tooManyBytes', data: { bytes: fit.bytes, limit: fit.byteLimit!, platform } });
        }
      });
    });
  }
}

/**
 * Whether a campaign's UTM parameters may hold `{post}`, which `utmFor` fills with each post's id
 * (the campaign's id is the default value of utm_campaign; an account name can hold it too).
 */
function namesPost(campaign: Campaign): boolean {
  const utm = campaign.utm ?? {};
  return [utm.source, utm.medium, utm.campaign, utm.content, utm.term, campaign.id].some((v) => v?.includes('{post}'));
}

function utmLength(params: Record<string, string | string[]>): number {
  let n = 0;
  for (const [key, value] of Object.entries(params)) {
    if (key !== 'domains') n += key.length + 2 + encodeURIComponent(String(value)).length;
  }
  return n;
}
