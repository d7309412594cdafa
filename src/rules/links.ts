import { z } from 'zod';
import type { Utm } from '../calendar/model.js';
import { linksIn } from '../calendar/render.js';
import { distinctItems } from './items.js';
import { hostIn, hostMatcher } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

export const SHORTENERS = ['bit.ly', 't.co', 'tinyurl.com', 'goo.gl', 'ow.ly', 'buff.ly', 'is.gd', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 't.ly', 'tiny.cc', 'lnkd.in', 'rb.gy', 'bl.ink'];
const UTM_PRESENT = ['utm_source', 'utm_medium', 'utm_campaign'].map((p) => [p, new RegExp(`[?&]${p}=[^&#]`)] as const);

const domain = z.string().min(1).transform((d) => d.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
const options = z.strictObject({
  /** Links may only go to these domains (and their subdomains); any domain when empty. */
  allowedDomains: z.array(domain).default([]),
  /** Link shorteners hide where a link goes and break UTM tracking. */
  shorteners: z.array(domain).default(SHORTENERS),
  /** Links to a campaign's UTM domains carry utm_source, utm_medium and utm_campaign. */
  requireUtm: z.boolean().default(true),
});

export const meta: RuleMeta<typeof options> = {
  id: 'links',
  description: 'Links go to allowed domains, use no URL shorteners, and carry UTM parameters in campaign posts.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    notAllowed: 'link to {{host}}, which is not an allowed domain',
    shortener: 'link shortener {{host}} hides where the link goes',
    utmMissing: 'link {{link}} in campaign "{{campaign}}" lacks {{missing}}',
    noScheme: '{{link}} has no https://, so it is not a link everywhere and gets no UTM parameters of campaign "{{campaign}}"',
  },
  hints: {
    notAllowed: 'allowed: {{allowed}} (rules.links.allowedDomains)',
    shortener: 'use the full link; platforms shorten links themselves and UTM parameters need the real URL',
    utmMissing: 'add the parameters to the link, or set `utm:` on the campaign so they are added',
    noScheme: 'write https://{{link}}',
  },
  docs: {
    bad: `campaign: winter-launch\ntext: Sign up at bit.ly/acme-live or acme.example/live`,
    good: `campaign: winter-launch\ntext: Sign up at https://acme.example/live   # UTM added from the campaign`,
  },
};

const SCHEME_LINK = /https?:\/\/[^\s<>"'`]+/g;
const BARE_LINK = /(?<![\w@./:-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![a-z0-9-])(\/[^\s<>"'`]*)?/giu;
const TRAILING = /[.,;:!?)\]}'"]+$/;

const mentions = new Map<readonly string[], RegExp>();

/**
 * Links written without a scheme (`bit.ly/x`) to one of `domains`. `bare` is the text with its
 * links that have a scheme blanked out (`withoutSchemeLinks`).
 */
export function bareLinksTo(bare: string, domains: readonly string[]): { link: string; host: string }[] {
  if (domains.length === 0) return [];
  // Most texts mention none of the domains outside their https:// links: skip the costly scan for
  // them. Case-folded as BARE_LINK folds (`iu`: the Kelvin sign is a k), so no link is skipped.
  let mention = mentions.get(domains);
  if (!mention) mentions.set(domains, (mention = new RegExp(domains.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'iu')));
  if (!mention.test(bare)) return [];
  const out: { link: string; host: string }[] = [];
  const inDomains = hostMatcher(domains);
  for (const m of bare.matchAll(BARE_LINK)) {
    if (inDomains(m[1])) out.push({ link: m[0].replace(TRAILING, ''), host: m[1].toLowerCase() });
  }
  return out;
}

/** The text with every link that has a scheme replaced by a space. */
export function withoutSchemeLinks(text: string): string {
  return text.includes('://') ? text.replace(SCHEME_LINK, ' ') : text;
}

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const { allowedDomains, shorteners, requireUtm } = ctx.options;
  const isShortener = hostMatcher(shorteners);
  const isAllowed = hostMatcher(allowedDomains);
  for (const post of ctx.calendar.posts) {
    const campaign = post.campaign ? ctx.calendar.campaigns.get(post.campaign) : undefined;
    const utm = requireUtm && campaign?.utm ? campaign.utm : undefined;
    const items = distinctItems(ctx.asWritten(post));
    // Hosts as written (UTM parameters do not change them)…
    for (const item of items) {
      const report = (messageId: string, data: Record<string, string>) => ctx.report({ post, path: item.path, messageId, data });
      for (const { host } of parsedLinks(item.text)) {
        if (isShortener(host)) report('shortener', { host });
        else if (allowedDomains.length > 0 && !isAllowed(host)) report('notAllowed', { host, allowed: allowedDomains.join(', ') });
      }
      const bare = withoutSchemeLinks(item.text);
      for (const { host } of bareLinksTo(bare, shorteners)) report('shortener', { host });
      for (const { link } of bareLinksTo(bare, utm?.domains ?? [])) report('noScheme', { link, campaign: campaign!.id });
    }
    // …UTM parameters in the final text each account gets. Rendering adds all three to every
    // link to the campaign's domains, so only a parameter written by hand (kept as written) or
    // an empty campaign value can leave one missing: other posts need no second look.
    if (!utm || !mayLackUtm(items, utm)) continue;
    for (const r of ctx.rendered(post)) {
      for (const item of r.items) {
        for (const { link, host } of parsedLinks(item.text)) {
          if (utm.domains && !hostIn(host, utm.domains)) continue;
          const missing = missingUtm(link);
          if (missing.length > 0) {
            ctx.report({ post, path: item.path, messageId: 'utmMissing', data: { link, campaign: campaign!.id, missing: missing.join(', ') } });
          }
        }
      }
    }
  }
}

const HOST = /^https?:\/\/(?:[^/?#@\s]*@)?([^/?#:\s]+)/i;

/** Links in a text with their hosts (found without a full URL parse: this runs on every text). */
function parsedLinks(text: string): { link: string; host: string }[] {
  if (!text.includes('://')) return [];
  const out: { link: string; host: string }[] = [];
  for (const link of linksIn(text)) {
    const host = HOST.exec(link)?.[1];
    if (host) out.push({ link, host: host.toLowerCase() });
  }
  return out;
}

function mayLackUtm(items: readonly { text: string }[], utm: Utm): boolean {
  if ([utm.source, utm.medium, utm.campaign].some((v) => v !== undefined && v.trim() === '')) return true;
  return items.some((item) => item.text.includes('utm_'));
}

/** UTM parameters a link lacks (absent or empty). */
function missingUtm(link: string): string[] {
  return UTM_PRESENT.filter(([, re]) => !re.test(link)).map(([p]) => p);
}
