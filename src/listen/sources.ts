// Reading matching posts from the platforms: Bluesky `app.bsky.feed.searchPosts` (newest first,
// cursor paging), Mastodon hashtag timelines (Link-header paging) and `/api/v2/search`
// (max_id paging). Each stops at the account's cursor, the kept window, or a page limit.
import { z } from 'zod';
import type { ListeningQuery } from '../calendar/model.js';
import type { BlueskyAdapter } from '../platforms/bluesky.js';
import { htmlToText, type MastodonAdapter } from '../platforms/mastodon.js';
import type { Adapter } from '../platforms/types.js';
import type { Mention } from './state.js';

/** Pages read per term and run: past it, a burst is undercounted, not missed. */
export const MAX_PAGES = 10;

export interface Fetched {
  mentions: Mention[];
  /** Every term was read back to `stopAt` (or to its end). */
  complete: boolean;
}

interface Reader {
  /** Newest first; `next` undefined at the end. */
  page(term: Term, next: string | undefined): Promise<{ mentions: Mention[]; next?: string }>;
}

interface Term {
  kind: 'term' | 'hashtag';
  value: string;
}

/** Posts matching the query, newer than `stopAt`, through one account's server. */
export async function fetchMentions(adapter: Adapter, query: ListeningQuery, stopAt: Date): Promise<Fetched> {
  const reader = readerFor(adapter);
  const terms: Term[] = [...query.terms.map((value) => ({ kind: 'term' as const, value })), ...query.hashtags.map((value) => ({ kind: 'hashtag' as const, value }))];
  const mentions: Mention[] = [];
  let complete = true;
  for (const term of terms) {
    let next: string | undefined;
    for (let page = 1; ; page++) {
      const got = await reader.page(term, next);
      mentions.push(...got.mentions.filter((m) => m.at >= stopAt));
      next = got.next;
      if (!next || !got.mentions.length || got.mentions.some((m) => m.at < stopAt)) break;
      if (page === MAX_PAGES) {
        complete = false;
        break;
      }
    }
  }
  return { mentions, complete };
}

function readerFor(adapter: Adapter): Reader {
  if (adapter.platform === 'bluesky') return blueskyReader(adapter as BlueskyAdapter);
  if (adapter.platform === 'mastodon') return mastodonReader(adapter as MastodonAdapter);
  throw new Error(`listening cannot read ${adapter.platform} (config validation should have said so)`);
}

const BskyPostView = z.looseObject({
  uri: z.string(),
  author: z.looseObject({ did: z.string(), handle: z.string() }),
  record: z.looseObject({ text: z.string().optional(), createdAt: z.string().optional() }),
  indexedAt: z.string(),
});
export type BskyPostView = z.output<typeof BskyPostView>;
const BskySearch = z.looseObject({ posts: z.array(BskyPostView), cursor: z.string().optional() });

/** A Bluesky post as a mention; its time is the earlier of created and indexed (how the AppView sorts). */
export function bskyMention(adapter: BlueskyAdapter, p: BskyPostView): Mention {
  const created = Date.parse(p.record.createdAt ?? '');
  const indexed = Date.parse(p.indexedAt);
  const at = new Date(Number.isNaN(created) ? indexed : Math.min(created, indexed));
  return { uri: p.uri, url: adapter.postUrl(p.author.handle, p.uri), author: `@${p.author.handle}`, text: p.record.text ?? '', at, account: adapter.account };
}

function blueskyReader(adapter: BlueskyAdapter): Reader {
  return {
    async page(term, next) {
      const q = term.kind === 'hashtag' ? `#${term.value}` : term.value;
      const params: Record<string, string> = { q, sort: 'latest', limit: '100' };
      if (next) params.cursor = next;
      const answer = await adapter.query('app.bsky.feed.searchPosts', params, BskySearch, `search posts for "${q}" (needs an AppView behind the PDS)`);
      return { mentions: answer.posts.map((p) => bskyMention(adapter, p)), ...(answer.cursor && answer.posts.length ? { next: answer.cursor } : {}) };
    },
  };
}

export const MastodonStatus = z.looseObject({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  content: z.string(),
  in_reply_to_id: z.string().nullish(),
  account: z.looseObject({ acct: z.string() }),
});
export type MastodonStatus = z.output<typeof MastodonStatus>;

export function mastodonMention(account: string, s: MastodonStatus): Mention {
  return { uri: s.uri, url: s.url ?? s.uri, author: `@${s.account.acct}`, text: htmlToText(s.content), at: new Date(s.created_at), account };
}

function mastodonReader(adapter: MastodonAdapter): Reader {
  return {
    async page(term, next) {
      if (term.kind === 'hashtag') {
        const { body, next: older } = await adapter.readPage(next ?? `/api/v1/timelines/tag/${encodeURIComponent(term.value)}`, next ? {} : { limit: '40' }, `read #${term.value}`, z.array(MastodonStatus));
        return { mentions: body.map((s) => mastodonMention(adapter.account, s)), ...(older ? { next: older } : {}) };
      }
      const params: Record<string, string> = { q: term.value, type: 'statuses', limit: '40' };
      if (next) params.max_id = next;
      const { body } = await adapter.readPage('/api/v2/search', params, `search "${term.value}"`, z.looseObject({ statuses: z.array(MastodonStatus) }));
      const last = body.statuses.at(-1);
      return { mentions: body.statuses.map((s) => mastodonMention(adapter.account, s)), ...(last && body.statuses.length >= 40 ? { next: last.id } : {}) };
    },
  };
}
