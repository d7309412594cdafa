// A local server that behaves like the documented X API v2 for what socialcal uses. It checks
// every request's OAuth 1.0a signature itself (RFC 5849 §3.4, written separately from the
// adapter's signer), refuses replayed nonces, keeps posts so lookups are real, rewrites links
// to t.co and escapes &<> in `text` as X does, and answers errors in X's problem shape.
import { createHmac } from 'node:crypto';
import { measureText } from '../../src/platforms/limits.js';
import { startRecordingServer, withLiveState, type RecordedFile, type RecordedRequest, type Reply } from './http-server.js';

export interface XKeys {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export interface FakeTweet {
  id: string;
  /** The text as posted. */
  posted: string;
  created_at: string;
  author_id: string;
  media_ids: string[];
  in_reply_to_tweet_id?: string;
  /** Someone else's post: what it replies to or quotes. */
  referenced_tweets?: { type: 'replied_to' | 'quoted'; id: string }[];
  conversation_id?: string;
  public_metrics: { like_count: number; retweet_count: number; reply_count: number; quote_count: number; impression_count: number; bookmark_count: number };
}

export interface FakeXMedia {
  id: string;
  file: RecordedFile;
  category: string;
  alt?: string;
}

export interface FakeX {
  url: string;
  keys: XKeys;
  userId: string;
  requests: RecordedRequest[];
  tweets: FakeTweet[];
  media: FakeXMedia[];
  /** Others' posts that mention @acme, served by `/2/users/:id/mentions`. */
  mentions: FakeTweet[];
  mention(m: { username: string; text: string; at?: Date; replyTo?: string; quotes?: string }): FakeTweet;
  /** The account's follower count (`/2/users/me?user.fields=public_metrics`). */
  followers: number;
  /** Signatures are checked against this origin (a client behind a proxy signs the proxy's URL). */
  signedOrigin: string;
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

export const X_KEYS: XKeys = {
  consumerKey: 'x-consumer-key-123',
  consumerSecret: 'x-consumer-secret-456',
  token: '2244994945-x-access-token-789',
  tokenSecret: 'x-access-secret-abc',
};

const USER = { id: '2244994945', name: 'Acme', username: 'acme' };

// RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX (upper case).
function enc(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Parses `OAuth k="v", …` into decoded pairs. */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith('OAuth ')) return undefined;
  const out: Record<string, string> = {};
  for (const part of header.slice(6).split(',')) {
    const m = /^\s*([^=\s]+)="([^"]*)"\s*$/.exec(part);
    if (!m) return undefined;
    out[decodeURIComponent(m[1])] = decodeURIComponent(m[2]);
  }
  return out;
}

/** The signature X expects for a request (method, URL as the server sees it, and every parameter). */
export function expectedSignature(method: string, baseUrl: string, params: [string, string][], consumerSecret: string, tokenSecret: string): string {
  const normalized = params
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort();
  const base = `${method.toUpperCase()}&${enc(baseUrl)}&${enc(normalized.join('&'))}`;
  return createHmac('sha1', `${enc(consumerSecret)}&${enc(tokenSecret)}`).update(base).digest('base64');
}

const problem = (status: number, title: string, detail: string, type = 'about:blank') => ({ status, body: { title, detail, type, status } });

export async function startX(opts: { keys?: XKeys } = {}): Promise<FakeX> {
  const keys = opts.keys ?? X_KEYS;
  const tweets: FakeTweet[] = [];
  const mentions: FakeTweet[] = [];
  const authors = new Map<string, string>();
  const media: FakeXMedia[] = [];
  const nonces = new Set<string>();
  let nextId = 1_860_000_000_000_000_000n;
  let tco = 0;
  const links = new Map<string, string>();
  const state = { signedOrigin: '', followers: 0 };
  const rate = { limit: 100, remaining: 100, reset: Math.floor(Date.now() / 1000) + 900 };

  const shortLink = (target: string) => {
    const url = `https://t.co/${(++tco).toString(36).padStart(10, 'a')}`;
    links.set(url, target);
    return url;
  };

  /** A post as X answers it: links as t.co with entities, a media link appended, &<> escaped. */
  const render = (t: FakeTweet, fields: string[]) => {
    const urls: { start: number; end: number; url: string; expanded_url: string; display_url: string; media_key?: string }[] = [];
    const mediaLinks = new Map<string, string>();
    let text = t.posted.replace(/https?:\/\/[^\s]+/g, (target) => shortLink(target));
    for (const m of t.media_ids) {
      const link = shortLink(`https://x.com/acme/status/${t.id}/photo/1`);
      mediaLinks.set(link, m);
      text += ` ${link}`;
    }
    text = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const match of text.matchAll(/https:\/\/t\.co\/[a-z0-9]{10}/g)) {
      const url = match[0];
      const start = [...text.slice(0, match.index)].length;
      const mediaId = mediaLinks.get(url);
      urls.push({ start, end: start + [...url].length, url, expanded_url: links.get(url)!, display_url: links.get(url)!.replace(/^https?:\/\//, '').slice(0, 24), ...(mediaId ? { media_key: `3_${mediaId}` } : {}) });
    }
    const out: Record<string, unknown> = { id: t.id, text, edit_history_tweet_ids: [t.id] };
    if (fields.includes('created_at')) out.created_at = t.created_at;
    if (fields.includes('entities') && urls.length) out.entities = { urls };
    if (fields.includes('public_metrics')) out.public_metrics = t.public_metrics;
    return out;
  };

  const handle = (req: RecordedRequest): Reply => {
    const reply = route(req);
    return { ...reply, headers: { 'x-rate-limit-limit': String(rate.limit), 'x-rate-limit-remaining': String(rate.remaining), 'x-rate-limit-reset': String(rate.reset), ...reply.headers } };
  };

  const route = (req: RecordedRequest): Reply => {
    const oauth = parseOAuthHeader(req.headers.authorization);
    if (!oauth || oauth.oauth_consumer_key !== keys.consumerKey || oauth.oauth_token !== keys.token || oauth.oauth_signature_method !== 'HMAC-SHA1' || oauth.oauth_version !== '1.0') {
      return problem(401, 'Unauthorized', 'Unauthorized');
    }
    if (Math.abs(Number(oauth.oauth_timestamp) * 1000 - Date.now()) > 5 * 60_000) return problem(401, 'Unauthorized', 'Timestamp out of bounds.');
    if (nonces.has(oauth.oauth_nonce)) return problem(401, 'Unauthorized', 'Nonce already used.');
    const params: [string, string][] = [...Object.entries(oauth), ...Object.entries(req.query)];
    if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) params.push(...Object.entries(req.body as Record<string, string>));
    const signature = expectedSignature(req.method, `${state.signedOrigin}${req.path}`, params, keys.consumerSecret, keys.tokenSecret);
    if (signature !== oauth.oauth_signature) return problem(401, 'Unauthorized', 'Unauthorized');
    nonces.add(oauth.oauth_nonce);

    if (req.method === 'GET' && req.path === '/2/users/me') {
      const metrics = (req.query['user.fields'] ?? '').split(',').includes('public_metrics');
      return { status: 200, body: { data: metrics ? { ...USER, public_metrics: { followers_count: state.followers, following_count: 3, tweet_count: tweets.length, listed_count: 0 } } : USER } };
    }

    // Many posts by id (at most 100); unknown ids come back under `errors`.
    if (req.method === 'GET' && req.path === '/2/tweets') {
      const ids = (req.query.ids ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > 100) return problem(400, 'Invalid Request', 'The `ids` query parameter value must have between 1 and 100 items.');
      const fields = (req.query['tweet.fields'] ?? '').split(',');
      const found = ids.flatMap((id) => tweets.filter((t) => t.id === id)).map((t) => render(t, fields));
      const missing = ids.filter((id) => !tweets.some((t) => t.id === id));
      const errors = missing.map((id) => ({ value: id, detail: `Could not find tweet with ids: [${id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' }));
      return { status: 200, body: { ...(found.length ? { data: found } : {}), ...(errors.length ? { errors } : {}) } };
    }

    if (req.method === 'POST' && req.path === '/2/media/upload') {
      const file = req.body?.media as RecordedFile | undefined;
      if (!file || typeof file !== 'object') return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', 'https://api.twitter.com/2/problems/invalid-request');
      if (file.size > 5 * 1024 * 1024) return problem(400, 'Invalid Request', 'File size exceeds 5242880 bytes.');
      const m: FakeXMedia = { id: String(nextId++), file, category: String(req.body.media_category ?? '') };
      media.push(m);
      return { status: 200, body: { data: { id: m.id, media_key: `3_${m.id}`, size: file.size, expires_after_secs: 86400, image: { image_type: file.type, w: 1, h: 1 } } } };
    }

    if (req.method === 'POST' && req.path === '/2/media/metadata') {
      const body = req.body as { id?: string; metadata?: { alt_text?: { text?: string } } };
      const m = media.find((x) => x.id === body?.id);
      if (!m) return problem(400, 'Invalid Request', 'The media id was not found.');
      const alt = body.metadata?.alt_text?.text;
      if (typeof alt !== 'string' || alt.length > 1000) return problem(400, 'Invalid Request', 'alt_text.text must be 1000 characters or fewer.');
      m.alt = alt;
      return { status: 200, body: { data: { id: m.id, associated_metadata: { alt_text: { text: alt } } } } };
    }

    if (req.method === 'POST' && req.path === '/2/tweets') {
      if (req.headers['content-type'] !== 'application/json') return problem(400, 'Invalid Request', 'Content-Type must be application/json.');
      const body = req.body as { text?: string; media?: { media_ids?: string[] }; reply?: { in_reply_to_tweet_id?: string } };
      const text = body.text ?? '';
      const ids = body.media?.media_ids ?? [];
      if (!text && !ids.length) return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.');
      if (measureText('x', text) > 280) return problem(400, 'Invalid Request', 'Your Tweet text is too long.');
      if (ids.length > 4 || ids.some((id) => !media.some((m) => m.id === id))) return problem(400, 'Invalid Request', 'Your media IDs are invalid.');
      const parent = body.reply?.in_reply_to_tweet_id;
      if (parent && !tweets.some((t) => t.id === parent) && !mentions.some((t) => t.id === parent)) return problem(400, 'Invalid Request', 'The Tweet you are replying to is not available.');
      if (tweets.some((t) => t.posted === text)) return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
      if (rate.remaining === 0) return { status: 429, body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } };
      rate.remaining--;
      const t: FakeTweet = {
        id: String(nextId++),
        posted: text,
        created_at: new Date().toISOString(),
        author_id: USER.id,
        media_ids: ids,
        ...(parent ? { in_reply_to_tweet_id: parent } : {}),
        public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0, impression_count: 0, bookmark_count: 0 },
      };
      tweets.push(t);
      return { status: 201, body: { data: { id: t.id, text: render(t, []).text, edit_history_tweet_ids: [t.id] } } };
    }

    const timeline = /^\/2\/users\/(\d+)\/(tweets|mentions)$/.exec(req.path);
    if (req.method === 'GET' && timeline) {
      if (timeline[1] !== USER.id) return problem(404, 'Not Found Error', 'Could not find user.');
      const max = Number(req.query.max_results ?? 10);
      if (!(max >= 5 && max <= 100)) return problem(400, 'Invalid Request', 'max_results must be between 5 and 100.');
      const since = req.query.start_time ? Date.parse(req.query.start_time) : -Infinity;
      if (Number.isNaN(since)) return problem(400, 'Invalid Request', 'start_time is not a valid RFC 3339 time.');
      const fields = (req.query['tweet.fields'] ?? '').split(',');
      const all = [...(timeline[2] === 'tweets' ? tweets : mentions)].reverse().filter((t) => Date.parse(t.created_at) >= since);
      const offset = req.query.pagination_token ? Number(req.query.pagination_token.slice(1)) : 0;
      const page = all.slice(offset, offset + max);
      const meta: Record<string, unknown> = { result_count: page.length };
      if (page.length) Object.assign(meta, { newest_id: page[0].id, oldest_id: page[page.length - 1].id });
      if (offset + max < all.length) meta.next_token = `p${offset + max}`;
      // Others' posts (mentions) carry their author and what they reply to or quote, when asked for.
      const data = page.map((t) => ({
        ...render(t, fields),
        ...(fields.includes('author_id') && t.author_id !== USER.id ? { author_id: t.author_id } : {}),
        ...(fields.includes('conversation_id') && t.conversation_id ? { conversation_id: t.conversation_id } : {}),
        ...(fields.includes('referenced_tweets') && t.referenced_tweets ? { referenced_tweets: t.referenced_tweets } : {}),
      }));
      const users = req.query.expansions?.split(',').includes('author_id') ? [...new Set(page.map((t) => t.author_id))].map((id) => ({ id, username: authors.get(id) ?? USER.username, name: authors.get(id) ?? USER.name })) : [];
      return { status: 200, body: page.length ? { data, ...(users.length ? { includes: { users } } : {}), meta } : { meta } };
    }

    const one = /^\/2\/tweets\/(\d+)$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const t = tweets.find((x) => x.id === one[1]);
      if (!t) return { status: 200, body: { errors: [{ value: one[1], detail: `Could not find tweet with id: [${one[1]}].`, title: 'Not Found Error', resource_type: 'tweet', type: 'https://api.twitter.com/2/problems/resource-not-found' }] } };
      return { status: 200, body: { data: render(t, (req.query['tweet.fields'] ?? '').split(',')) } };
    }
    return problem(404, 'Not Found', `fake X: no route ${req.method} ${req.path}`);
  };

  const mention = (m: { username: string; text: string; at?: Date; replyTo?: string; quotes?: string }): FakeTweet => {
    const authorId = String(9_000 + authors.size);
    authors.set(authorId, m.username);
    const parent = m.replyTo ? [...tweets, ...mentions].find((t) => t.id === m.replyTo) : undefined;
    const refs = [...(m.replyTo ? [{ type: 'replied_to' as const, id: m.replyTo }] : []), ...(m.quotes ? [{ type: 'quoted' as const, id: m.quotes }] : [])];
    const t: FakeTweet = {
      id: String(nextId++),
      posted: m.text,
      created_at: (m.at ?? new Date()).toISOString(),
      author_id: authorId,
      media_ids: [],
      ...(refs.length ? { referenced_tweets: refs } : {}),
      conversation_id: parent?.conversation_id ?? parent?.id ?? undefined,
      public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0, impression_count: 0, bookmark_count: 0 },
    };
    if (!t.conversation_id) t.conversation_id = t.id;
    mentions.push(t);
    return t;
  };

  const server = await startRecordingServer(handle);
  state.signedOrigin = server.url;
  const fake = { url: server.url, keys, userId: USER.id, requests: server.requests, tweets, mentions, mention, media, failNext: server.failNext, close: server.close };
  return withLiveState(fake, state, ['followers', 'signedOrigin']);
}
