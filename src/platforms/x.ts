// X (API v2) with OAuth 1.0a user context. X has no idempotency key, so the handle carries the
// time it was chosen: `lookup` reads the account's posts since then and compares exact text, and
// a 403 "duplicate content" (X refuses identical text) is treated as a sign the post went out.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { redact } from '../errors.js';
import { credentialVars, readCredentials } from './credentials.js';
import { kindOfStatus, readBody, retryAfter, send, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { readMedia } from './media.js';
import { authorization, type OAuth1Keys } from './oauth1.js';
import { checkAnswer } from './response.js';
import { handleTime, newTimedHandle } from './timed-handle.js';
import type { Counts } from '../metrics/model.js';
import { PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type OutgoingMedia, type PostContext, type PostedItem } from './types.js';

export const DEFAULT_SERVER = 'https://api.x.com';
/** Start the lookup window a little before the handle's time, for clock differences. */
const CLOCK_SLACK_MS = 5 * 60_000;
const PAGE_SIZE = 100;
const LOOKUP_PAGES = 5;

const tweetSchema = z.object({
  id: z.string(),
  text: z.string(),
  created_at: z.string().optional(),
  entities: z
    .object({ urls: z.array(z.object({ start: z.number(), end: z.number(), url: z.string(), expanded_url: z.string().optional(), media_key: z.string().optional() })).optional() })
    .optional(),
  public_metrics: z
    .object({ like_count: z.number(), retweet_count: z.number(), reply_count: z.number(), quote_count: z.number(), impression_count: z.number().optional(), bookmark_count: z.number().optional() })
    .optional(),
});
type Tweet = z.infer<typeof tweetSchema>;
const created = z.object({ data: z.object({ id: z.string(), text: z.string() }) });
const timeline = z.object({ data: z.array(tweetSchema).optional(), meta: z.object({ result_count: z.number(), next_token: z.string().optional() }) });
const me = z.object({ data: z.object({ id: z.string(), username: z.string() }) });
const mentionsPage = z.object({
  data: z
    .array(
      z.looseObject({
        id: z.string(),
        text: z.string(),
        created_at: z.string().optional(),
        author_id: z.string().optional(),
        conversation_id: z.string().optional(),
        referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
      }),
    )
    .optional(),
  includes: z.looseObject({ users: z.array(z.looseObject({ id: z.string(), username: z.string() })).optional() }).optional(),
  meta: z.looseObject({ result_count: z.number(), next_token: z.string().optional() }),
});

/** A post that mentions the account, as `inbox` needs it. */
export interface XMention {
  id: string;
  text: string;
  at: Date;
  author: string;
  url: string;
  conversation?: string;
  repliesTo?: string;
  quotes?: string;
}
const uploaded = z.object({ data: z.object({ id: z.string() }) });
const manyTweets = z.object({ data: z.array(tweetSchema).optional() });
const meWithMetrics = z.object({ data: z.object({ public_metrics: z.object({ followers_count: z.number() }) }) });
const problem = z.object({ title: z.string().optional(), detail: z.string().optional(), errors: z.array(z.object({ message: z.string().optional() })).optional() });

export class XAdapter implements Adapter {
  readonly platform = 'x' as const;
  readonly account: string;
  private readonly server: string;
  private readonly keys: OAuth1Keys;
  private readonly secrets: string[];
  private readonly vars: Record<string, string>;
  private readonly handle?: string;
  private user?: Promise<{ id: string; username: string }>;

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    const c = readCredentials(account, env);
    this.keys = { consumerKey: c.apiKey, consumerSecret: c.apiSecret, token: c.accessToken, tokenSecret: c.accessSecret };
    this.secrets = [c.apiKey, c.apiSecret, c.accessToken, c.accessSecret];
    this.vars = credentialVars(account);
    this.server = (account.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
    this.handle = account.handle?.replace(/^@/, '');
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.x;
  }

  /** A UUID stamped with the time it was chosen: lookup searches from there. */
  newHandle(): string {
    return newTimedHandle();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    const mediaIds: string[] = [];
    for (const media of item.media) mediaIds.push(await this.upload(media, ctx.signal));
    const body: Record<string, unknown> = { text: item.text };
    if (mediaIds.length) body.media = { media_ids: mediaIds };
    const answering = ctx.replyTo?.id ?? (item.replyTo ? tweetIdOf(item.replyTo, this.account) : undefined);
    if (answering) body.reply = { in_reply_to_tweet_id: answering };
    const answer = await this.call('POST', '/2/tweets', { json: body }, 'post', ctx.signal);
    const tweet = checkAnswer(answer.body, created, answer.status, { what: `X (${this.account}): post`, secrets: this.secrets });
    return this.posted(tweet.data.id);
  }

  /**
   * Reads the account's posts since the handle was chosen (newest first) and looks for one with
   * the same text, t.co links expanded. All read without a match: not posted. More than
   * LOOKUP_PAGES pages, or a handle without a time: 'unknown' unless the history ran out.
   */
  async lookup(handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    const wanted = item ? comparable(item.text) : '';
    if (!wanted) return 'unknown';
    const since = handleTime(handle);
    const { id } = await this.me();
    let token: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const query: Record<string, string> = { max_results: String(PAGE_SIZE), 'tweet.fields': 'created_at,entities', exclude: 'retweets' };
      if (since !== undefined) query.start_time = new Date(since - CLOCK_SLACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (token) query.pagination_token = token;
      const answer = await this.call('GET', `/2/users/${encodeURIComponent(id)}/tweets`, { query }, 'look up earlier posts');
      const list = checkAnswer(answer.body, timeline, answer.status, { what: `X (${this.account}): look up earlier posts`, secrets: this.secrets });
      const match = (list.data ?? []).find((t) => comparable(textOf(t)) === wanted);
      if (match) return this.posted(match.id);
      token = list.meta.next_token;
      if (!token) return null;
    }
    return 'unknown';
  }

  async verify(): Promise<{ ok: boolean; detail: string }> {
    try {
      const user = await this.me();
      return { ok: true, detail: `signed in as @${user.username} (OAuth 1.0a user context)` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** `GET /2/tweets?ids=` takes at most 100 ids a call. */
  readonly metricsBatch = 100;

  async metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    const query = { ids: items.map((i) => i.id).join(','), 'tweet.fields': 'public_metrics' };
    const answer = await this.call('GET', '/2/tweets', { query }, `read metrics of ${items.length} post${items.length === 1 ? '' : 's'}`, signal);
    // Deleted posts come back under `errors`, not `data`: left out.
    const list = checkAnswer(answer.body, manyTweets, answer.status, { what: `X (${this.account}): read metrics`, secrets: this.secrets }).data ?? [];
    const out = new Map<string, Counts>();
    for (const t of list) {
      const m = t.public_metrics;
      if (!m) throw new PlatformError('unexpected', `X (${this.account}): read metrics of post ${t.id}: the answer has no public_metrics`);
      const c: Counts = { likes: m.like_count, reposts: m.retweet_count, replies: m.reply_count, quotes: m.quote_count };
      if (m.impression_count !== undefined) c.impressions = m.impression_count;
      if (m.bookmark_count !== undefined) c.saves = m.bookmark_count;
      out.set(t.id, c);
    }
    return out;
  }

  /** One page of posts mentioning this account since `since`, newest first (`inbox` reads them). */
  async mentionsPage(since: Date, token?: string): Promise<{ mentions: XMention[]; next?: string }> {
    const { id } = await this.me();
    const query: Record<string, string> = {
      max_results: String(PAGE_SIZE),
      'tweet.fields': 'created_at,author_id,conversation_id,referenced_tweets',
      expansions: 'author_id',
      'user.fields': 'username',
      start_time: since.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    if (token) query.pagination_token = token;
    const answer = await this.call('GET', `/2/users/${encodeURIComponent(id)}/mentions`, { query }, 'read mentions');
    const page = checkAnswer(answer.body, mentionsPage, answer.status, { what: `X (${this.account}): read mentions`, secrets: this.secrets });
    const names = new Map((page.includes?.users ?? []).map((u) => [u.id, u.username]));
    const mentions = (page.data ?? []).map((t): XMention => {
      const username = names.get(t.author_id ?? '') ?? 'i';
      return {
        id: t.id,
        text: t.text,
        at: new Date(t.created_at ?? Date.now()),
        author: username,
        url: `https://x.com/${username === 'i' ? 'i/web' : username}/status/${t.id}`,
        ...(t.conversation_id ? { conversation: t.conversation_id } : {}),
        ...(t.referenced_tweets?.find((r) => r.type === 'replied_to') ? { repliesTo: t.referenced_tweets.find((r) => r.type === 'replied_to')!.id } : {}),
        ...(t.referenced_tweets?.find((r) => r.type === 'quoted') ? { quotes: t.referenced_tweets.find((r) => r.type === 'quoted')!.id } : {}),
      };
    });
    return { mentions, ...(page.meta.next_token ? { next: page.meta.next_token } : {}) };
  }

  async followers(signal?: AbortSignal): Promise<number> {
    const answer = await this.call('GET', '/2/users/me', { query: { 'user.fields': 'public_metrics' } }, 'read follower count', signal);
    return checkAnswer(answer.body, meWithMetrics, answer.status, { what: `X (${this.account}): read follower count`, secrets: this.secrets }).data.public_metrics.followers_count;
  }

  /** Simple upload (images ≤ 5 MB), then the alt text through the metadata endpoint. */
  private async upload(media: OutgoingMedia, signal?: AbortSignal): Promise<string> {
    const bytes = await readMedia(media.file, media.absPath, this.opts.root);
    const form = new FormData();
    form.set('media', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: media.mime }), basename(media.file));
    form.set('media_category', 'tweet_image');
    const answer = await this.call('POST', '/2/media/upload', { form }, `upload ${media.file}`, signal);
    const id = checkAnswer(answer.body, uploaded, answer.status, { what: `X (${this.account}): upload ${media.file}`, secrets: this.secrets }).data.id;
    if (media.alt) {
      await this.call('POST', '/2/media/metadata', { json: { id, metadata: { alt_text: { text: media.alt } } } }, `set alt text of ${media.file}`, signal);
    }
    return id;
  }

  private me(): Promise<{ id: string; username: string }> {
    this.user ??= this.call('GET', '/2/users/me', {}, 'read own account').then((a) => checkAnswer(a.body, me, a.status, { what: `X (${this.account}): read own account`, secrets: this.secrets }).data);
    this.user.catch(() => (this.user = undefined));
    return this.user;
  }

  private posted(id: string): PostedItem {
    return { id, url: this.handle ? `https://x.com/${this.handle}/status/${id}` : `https://x.com/i/web/status/${id}` };
  }

  /** One signed request; a non-2xx answer becomes a classified PlatformError. */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: { json?: unknown; form?: FormData; query?: Record<string, string> },
    what: string,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: unknown }> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(body.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      authorization: authorization(method, url.toString(), this.keys, { nonce: randomBytes(16).toString('hex'), timestamp: Math.floor(Date.now() / 1000) }),
    };
    let payload: string | FormData | undefined;
    if (body.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body.form) payload = body.form;
    const opts = this.request(what, signal);
    const res = await send(url, { method, headers, body: payload }, opts);
    const answer = await readBody(res, opts);
    if (!res.ok) throw this.error(res, answer, opts);
    return { status: res.status, body: answer };
  }

  private error(res: Response, body: unknown, opts: RequestOptions): PlatformError {
    const parsed = problem.safeParse(body);
    const detail = parsed.success ? [parsed.data.title, parsed.data.detail, ...(parsed.data.errors ?? []).map((e) => e.message)].filter(Boolean).join(': ') : String(body ?? '').slice(0, 300);
    let kind = kindOfStatus(res.status);
    let hint = '';
    if (res.status === 403 && /duplicate content/i.test(detail)) kind = 'duplicate';
    else if (res.status === 401) hint = `. Check ${Object.values(this.vars).join(', ')}: the API key and secret of your X app, and the access token and secret of the account (with Read and Write permission)`;
    const wait = kind === 'rate-limit' ? retryAfter(res.headers, body) : undefined;
    const message = `${opts.what}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}${wait !== undefined ? `; retry in ${Math.ceil(wait / 1000)} s` : ''}${hint}`;
    return new PlatformError(kind, redact(message, this.secrets), { status: res.status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }

  private request(what: string, signal?: AbortSignal): RequestOptions {
    return { what: `X (${this.account}): ${what}`, secrets: this.secrets, signal, timeoutMs: this.opts.timeoutMs, onResponse: this.opts.onResponse };
  }
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** A post's text as written: t.co links back to their targets, attached-media links dropped, entities decoded. */
export function textOf(tweet: Tweet): string {
  // Each t.co link is unique in its post, so replacing by value avoids X's offset conventions.
  let text = tweet.text;
  for (const u of tweet.entities?.urls ?? []) text = text.replace(u.url, u.media_key ? '' : (u.expanded_url ?? u.url));
  return text.replace(/&(amp|lt|gt);/g, (m) => ENTITIES[m]);
}

function comparable(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The post id in an X address: https://x.com/<user>/status/<id> (twitter.com too). */
export function tweetIdOf(url: string, account: string): string {
  const id = /^https?:\/\/(?:(?:www|mobile)\.)?(?:x|twitter)\.com\/[^/]+\/status(?:es)?\/(\d+)/.exec(url)?.[1];
  if (!id) throw new PlatformError('invalid', `X (${account}): reply_to ${url} is not an X post address (https://x.com/<user>/status/<id>)`);
  return id;
}
