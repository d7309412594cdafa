// Reading replies, mentions and quotes: Bluesky `app.bsky.notification.listNotifications`
// (cursor paging) and Mastodon `/api/v1/notifications` (types mention and quote, Link-header
// paging) and X `/2/users/:id/mentions` (pagination token). Newest first; each stops at
// `stopAt` or a page limit. LinkedIn comments are not read (docs/engage.md says why).
import { z } from 'zod';
import type { BlueskyAdapter } from '../platforms/bluesky.js';
import { htmlToText, type MastodonAdapter } from '../platforms/mastodon.js';
import type { Adapter } from '../platforms/types.js';
import type { XAdapter } from '../platforms/x.js';
import { MastodonStatus } from '../listen/sources.js';
import type { Incoming } from './state.js';

export const INBOX_PLATFORMS = ['bluesky', 'mastodon', 'x'];
const MAX_PAGES = 10;

export async function fetchIncoming(adapter: Adapter, stopAt: Date): Promise<Incoming[]> {
  const read =
    adapter.platform === 'bluesky' ? blueskyPage(adapter as BlueskyAdapter) : adapter.platform === 'mastodon' ? mastodonPage(adapter as MastodonAdapter) : adapter.platform === 'x' ? xPage(adapter as XAdapter, stopAt) : undefined;
  if (!read) throw new Error(`inbox cannot read ${adapter.platform}`);
  const out: Incoming[] = [];
  let next: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const got = await read(next);
    out.push(...got.items.filter((i) => i.at >= stopAt));
    next = got.next;
    if (!next || !got.seen || got.oldest < stopAt) break;
  }
  return out;
}

interface Page {
  items: Incoming[];
  /** Notifications on the page, of any kind, and the oldest one's time: paging stops on them. */
  seen: number;
  oldest: Date;
  next?: string;
}

const BskyNotification = z.looseObject({
  uri: z.string(),
  author: z.looseObject({ did: z.string(), handle: z.string() }),
  reason: z.string(),
  reasonSubject: z.string().optional(),
  record: z.looseObject({
    text: z.string().optional(),
    reply: z.looseObject({ root: z.looseObject({ uri: z.string() }).optional(), parent: z.looseObject({ uri: z.string() }).optional() }).optional(),
    embed: z.looseObject({ record: z.looseObject({ uri: z.string().optional(), record: z.looseObject({ uri: z.string().optional() }).optional() }).optional() }).optional(),
  }),
  indexedAt: z.string(),
});
const BskyNotifications = z.looseObject({ notifications: z.array(BskyNotification), cursor: z.string().optional() });

const BSKY_KINDS: Record<string, Incoming['kind']> = { reply: 'reply', mention: 'mention', quote: 'quote' };

function blueskyPage(adapter: BlueskyAdapter) {
  return async (cursor?: string): Promise<Page> => {
    const answer = await adapter.query(
      'app.bsky.notification.listNotifications',
      { limit: '50', ...(cursor ? { cursor } : {}) },
      BskyNotifications,
      'read notifications (needs an AppView behind the PDS)',
    );
    const items: Incoming[] = [];
    for (const n of answer.notifications) {
      const kind = BSKY_KINDS[n.reason];
      if (!kind) continue;
      const quoted = n.record.embed?.record?.uri ?? n.record.embed?.record?.record?.uri;
      const answers = kind === 'quote' ? (n.reasonSubject ?? quoted) : n.record.reply?.parent?.uri;
      items.push({
        kind,
        platformId: n.uri,
        uri: n.uri,
        url: adapter.postUrl(n.author.handle, n.uri),
        author: `@${n.author.handle}`,
        text: n.record.text ?? '',
        at: new Date(n.indexedAt),
        ...(answers ? { answers } : {}),
        ...(n.record.reply?.root?.uri ? { root: n.record.reply.root.uri } : {}),
      });
    }
    const oldest = answer.notifications.length ? new Date(Math.min(...answer.notifications.map((n) => Date.parse(n.indexedAt)))) : new Date(0);
    return { items, seen: answer.notifications.length, oldest, ...(answer.cursor ? { next: answer.cursor } : {}) };
  };
}

const Notification = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
  status: MastodonStatus.extend({ quote: z.looseObject({ quoted_status: z.looseObject({ id: z.string() }).nullish() }).nullish() }).nullish(),
});

function mastodonPage(adapter: MastodonAdapter) {
  return async (next?: string): Promise<Page> => {
    const { body, next: older } = await adapter.readPage(
      next ?? '/api/v1/notifications',
      next ? {} : { 'types[]': ['mention', 'quote'], limit: '40' },
      'read notifications',
      z.array(Notification),
    );
    const items: Incoming[] = [];
    for (const n of body) {
      const s = n.status;
      if (!s || (n.type !== 'mention' && n.type !== 'quote')) continue;
      const kind: Incoming['kind'] = n.type === 'quote' ? 'quote' : s.in_reply_to_id ? 'reply' : 'mention';
      const answers = kind === 'quote' ? s.quote?.quoted_status?.id : (s.in_reply_to_id ?? undefined);
      items.push({
        kind,
        platformId: s.id,
        uri: s.uri,
        url: s.url ?? s.uri,
        author: `@${s.account.acct}`,
        text: htmlToText(s.content),
        at: new Date(n.created_at),
        ...(answers ? { answers } : {}),
      });
    }
    const oldest = body.length ? new Date(Math.min(...body.map((n) => Date.parse(n.created_at)))) : new Date(0);
    return { items, seen: body.length, oldest, ...(older ? { next: older } : {}) };
  };
}

/** X: replies arrive as mentions (a reply names whom it answers); quotes only when they mention us. */
function xPage(adapter: XAdapter, since: Date) {
  return async (token?: string): Promise<Page> => {
    const { mentions, next } = await adapter.mentionsPage(since, token);
    const items = mentions.map((m): Incoming => {
      const kind: Incoming['kind'] = m.quotes ? 'quote' : m.repliesTo ? 'reply' : 'mention';
      const answers = m.quotes ?? m.repliesTo;
      return {
        kind,
        platformId: m.id,
        uri: m.url,
        url: m.url,
        author: `@${m.author}`,
        text: m.text,
        at: m.at,
        ...(answers ? { answers } : {}),
        ...(m.conversation && m.conversation !== m.id ? { root: m.conversation } : {}),
      };
    });
    const oldest = items.length ? new Date(Math.min(...items.map((i) => i.at.getTime()))) : new Date(0);
    return { items, seen: items.length, oldest, ...(next ? { next } : {}) };
  };
}
