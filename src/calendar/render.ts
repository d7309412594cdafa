import type { Account, Calendar, Campaign, FieldPath, MediaRef, Post, PostOverride, Utm } from './model.js';

// What each account really receives: overrides applied, campaign UTM parameters on links.

export interface RenderedItem {
  text: string;
  media: MediaRef[];
  /** Where this item's text comes from, for locating findings. */
  path: FieldPath;
  /** Where this item's media list comes from. */
  mediaPath: FieldPath;
}

export interface RenderedPost {
  post: Post;
  account: Account;
  /** The main post first, then thread items in order. */
  items: RenderedItem[];
}

/** The override that applies to `account`: by account name first, else by platform. */
export function overrideFor(post: Post, account: Account): { key: string; override: PostOverride } | undefined {
  const byName = post.overrides[account.name];
  if (byName) return { key: account.name, override: byName };
  const byPlatform = post.overrides[account.platform];
  return byPlatform ? { key: account.platform, override: byPlatform } : undefined;
}

export function renderForAccount(post: Post, account: Account, calendar: Pick<Calendar, 'campaigns'>): RenderedPost {
  const found = overrideFor(post, account);
  const o = found?.override ?? {};
  const base: FieldPath = found ? ['overrides', found.key] : [];
  const campaign = post.campaign ? calendar.campaigns.get(post.campaign) : undefined;
  const utm = campaign?.utm ? utmFor(campaign, account, post.id) : undefined;
  const tag = (text: string) => (utm ? addUtm(text, utm) : text);

  const items: RenderedItem[] = [
    {
      text: tag(o.text ?? post.text),
      media: o.media ?? post.media,
      path: o.text !== undefined ? [...base, 'text'] : ['text'],
      mediaPath: o.media !== undefined ? [...base, 'media'] : ['media'],
    },
  ];
  const thread = o.thread ?? post.thread;
  const threadBase: FieldPath = o.thread !== undefined ? [...base, 'thread'] : ['thread'];
  thread.forEach((item, i) => {
    items.push({
      text: tag(item.text),
      media: item.media,
      path: [...threadBase, i, 'text'],
      mediaPath: [...threadBase, i, 'media'],
    });
  });
  return { post, account, items };
}

/** Every (post, account) pair of a post, rendered. Unknown channels are skipped (the loader reports them). */
export function renderPost(post: Post, calendar: Pick<Calendar, 'campaigns' | 'config'>): RenderedPost[] {
  const out: RenderedPost[] = [];
  for (const channel of post.channels) {
    const account = calendar.config.accounts[channel];
    if (account) out.push(renderForAccount(post, account, calendar));
  }
  return out;
}

export type UtmParams = Record<string, string>;

/** `{post}` becomes the post's id: `content: '{post}'` lets `socialcal report` attribute web visits to posts. */
export function utmFor(campaign: Campaign, account: Account, post = ''): UtmParams & { domains?: string[] } {
  const utm: Utm = campaign.utm ?? {};
  const fill = (v: string) => v.replaceAll('{platform}', account.platform).replaceAll('{account}', account.name).replaceAll('{post}', post);
  const params: UtmParams = {
    utm_source: fill(utm.source ?? '{platform}'),
    utm_medium: fill(utm.medium ?? 'social'),
    utm_campaign: fill(utm.campaign ?? campaign.id),
  };
  if (utm.content) params.utm_content = fill(utm.content);
  if (utm.term) params.utm_term = fill(utm.term);
  return Object.assign(params, utm.domains ? { domains: utm.domains } : {});
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Appends UTM parameters to every link (to the allowed domains), keeping parameters already there.
 * `plainLinks: false` sends every link through the URL parser (tests compare the two ways).
 */
export function addUtm(text: string, params: UtmParams & { domains?: string[] }, plainLinks = true): string {
  const { domains, ...utm } = params;
  const allowed = (hostname: string) => !domains || domains.some((d) => hostname === d || hostname.endsWith(`.${d}`));
  let query: string | undefined;
  return editLinks(
    text,
    (url) => {
      if (!allowed(url.hostname)) return false;
      let changed = false;
      for (const [key, value] of Object.entries(utm)) {
        if (!url.searchParams.has(key)) {
          url.searchParams.append(key, value);
          changed = true;
        }
      }
      return changed;
    },
    // A plain link (no query) gets every parameter, serialized as URLSearchParams does.
    plainLinks
      ? (link, host, path) => (allowed(host) && (query ??= formQuery(utm)) ? `${link}${path ? '' : '/'}?${query}` : link)
      : undefined,
  );
}

/** `new URLSearchParams(params).toString()`, written out when no name or value needs escaping. */
function formQuery(params: UtmParams): string {
  const entries = Object.entries(params);
  return entries.every(([key, value]) => FORM_SAFE.test(key) && FORM_SAFE.test(value)) ? entries.map(([key, value]) => `${key}=${value}`).join('&') : new URLSearchParams(params).toString();
}

/** What application/x-www-form-urlencoded leaves as it is. */
const FORM_SAFE = /^[\w*.-]*$/;

/**
 * A link the URL parser gives back as written (or with `/` for an empty path): http(s), a host
 * name of lower-case ASCII labels ending in letters (not an IP address, no port or user), a path
 * of unreserved characters, no query or fragment. Punycode labels and `.`/`..` segments are not.
 */
const PLAIN_LINK = /^https?:\/\/((?:[a-z0-9-]+\.)+[a-z]+)(\/[A-Za-z0-9._~/-]*)?$/;
const NOT_PLAIN = /xn--|\/\.\.?(?:\/|$)/;

/** Takes off the UTM parameters `addUtm` would add (for `import csv` reading an export back). */
export function removeUtm(text: string, params: UtmParams & { domains?: string[] }): string {
  const { domains: _, ...utm } = params;
  return editLinks(text, (url) => {
    let changed = false;
    for (const [key, value] of Object.entries(utm)) {
      if (url.searchParams.get(key) === value) {
        url.searchParams.delete(key);
        changed = true;
      }
    }
    return changed;
  });
}

/**
 * Rewrites each link in a text that `edit` changes (returns true for), keeping trailing
 * punctuation. `plain` rewrites a PLAIN_LINK without the URL parser, to the same text.
 */
function editLinks(text: string, edit: (url: URL) => boolean, plain?: (link: string, host: string, path: string | undefined) => string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    const trailing = TRAILING.exec(match)?.[0] ?? '';
    const link = trailing ? match.slice(0, -trailing.length) : match;
    const parts = plain && PLAIN_LINK.exec(link);
    if (parts && !NOT_PLAIN.test(link)) return plain!(link, parts[1], parts[2]) + trailing;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return match;
    }
    return (edit(url) ? url.toString() : link) + trailing;
  });
}

/** Links in a text (trailing punctuation removed). */
export function linksIn(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => m[0].replace(TRAILING, ''));
}
