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
  // Per campaign and account, unless the parameters name the post (NaN: work it out per post).
  const growths = new Map<Campaign, Map<string, number>>();
  const growthOf = (campaign: Campaign, account: Account, post: string) => {
    let byAccount = growths.get(campaign);
    if (!byAccount) growths.set(campaign, (byAccount = new Map()));
    let growth = byAccount.get(account.name);
    if (growth === undefined) byAccount.set(account.name, (growth = samePerPost(campaign, account) ? utmLength(utmFor(campaign, account, post)) : Number.NaN));
    return Number.isNaN(growth) ? utmLength(utmFor(campaign, account, post)) : growth;
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
 * Whether `utmFor` gives every post of the campaign on this account the same parameters: it fills
 * `{post}` with the post's id, after `{platform}` and `{account}` (an account name could spell
 * it), so two different ids give the same parameters exactly when nothing names the post.
 */
function samePerPost(campaign: Campaign, account: Account): boolean {
  return JSON.stringify(utmFor(campaign, account, '')) === JSON.stringify(utmFor(campaign, account, 'x'));
}

function utmLength(params: Record<string, string | string[]>): number {
  let n = 0;
  for (const [key, value] of Object.entries(params)) {
    if (key !== 'domains') n += key.length + 2 + encodeURIComponent(String(value)).length;
  }
  return n;
}
