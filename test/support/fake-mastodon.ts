// A local server that behaves like the documented Mastodon API for what socialcal uses:
// bearer auth, statuses with Idempotency-Key replay, v2 media with 202 + polling, instance
// limits, account statuses, 422 for over-long text, and injectable failures (429 etc.).
// Others' statuses (`remote`) feed hashtag timelines, search and notifications (mentions,
// replies, quotes), paged newest first with Link headers as Mastodon does.
import { measureText } from '../../src/platforms/limits.js';
import { startRecordingServer, type RecordedFile, type RecordedRequest, type Reply } from './http-server.js';

export interface FakeStatus {
  id: string;
  created_at: string;
  content: string;
  /** The text as posted (a real server keeps it for edits; exposed here for assertions). */
  text: string;
  visibility: string;
  language: string | null;
  in_reply_to_id: string | null;
  media_attachments: FakeMedia[];
  url: string;
  uri: string;
  favourites_count: number;
  reblogs_count: number;
  replies_count: number;
  account: { id: string; acct: string };
  /** The status it quotes (Mastodon 4.5 quotes). */
  quote?: { quoted_status: FakeStatus } | null;
}

export interface FakeNotification {
  id: string;
  type: 'mention' | 'quote' | 'favourite';
  created_at: string;
  account: { id: string; acct: string };
  status: FakeStatus;
}

export interface RemoteStatus {
  acct: string;
  text: string;
  at?: Date;
  /** Id of the status it replies to (ours or another). */
  inReplyTo?: string;
  /** Id of a status of ours it quotes. */
  quotes?: string;
}

export interface FakeMedia {
  id: string;
  type: 'image';
  url: string | null;
  description: string | null;
  /** Polls left before processing finishes. */
  pending: number;
  file: RecordedFile;
}

export interface FakeMastodonOptions {
  token?: string;
  maxCharacters?: number;
  urlLength?: number;
  /** How many GET /api/v1/media/:id answer 206 before the media is ready; 0 = ready at once (200). */
  mediaPolls?: number;
  /** Answer GET /api/v2/instance with 404 (an old server). */
  noInstanceV2?: boolean;
  /** No `GET /api/v1/statuses?id[]=` (servers before 4.3): 404. */
  noMultiGet?: boolean;
}

export interface FakeMastodon {
  url: string;
  token: string;
  accountId: string;
  requests: RecordedRequest[];
  statuses: FakeStatus[];
  media: FakeMedia[];
  /** The account's follower count (verify_credentials). */
  followers: number;
  notifications: FakeNotification[];
  /** A status by someone else; notifies us when it replies to, quotes or mentions @acme. */
  remote(status: RemoteStatus): FakeStatus;
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

const ACCOUNT = { id: '109', username: 'acme', acct: 'acme', display_name: 'Acme' };

export async function start(opts: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const token = opts.token ?? 'test-mastodon-token';
  const maxCharacters = opts.maxCharacters ?? 500;
  const urlLength = opts.urlLength ?? 23;
  const statuses: FakeStatus[] = [];
  const media: FakeMedia[] = [];
  const byKey = new Map<string, FakeStatus>();
  const notifications: FakeNotification[] = [];
  let nextId = 1000;
  let nextNotification = 1;
  let base = '';

  const remote = (r: RemoteStatus): FakeStatus => {
    const id = String(nextId++);
    const [user, host = 'remote.example'] = r.acct.split('@');
    const parent = r.inReplyTo ? statuses.find((s) => s.id === r.inReplyTo) : undefined;
    const quoted = r.quotes ? statuses.find((s) => s.id === r.quotes) : undefined;
    const status: FakeStatus = {
      id,
      created_at: (r.at ?? new Date()).toISOString(),
      content: toHtml(r.text),
      text: r.text,
      visibility: 'public',
      language: null,
      in_reply_to_id: r.inReplyTo ?? null,
      media_attachments: [],
      url: `https://${host}/@${user}/${id}`,
      uri: `https://${host}/users/${user}/statuses/${id}`,
      favourites_count: 0,
      reblogs_count: 0,
      replies_count: 0,
      account: { id: `acct-${user}`, acct: `${user}@${host}` },
      quote: quoted ? { quoted_status: quoted } : null,
    };
    statuses.push(status);
    if (parent) parent.replies_count++;
    const ours = (s?: FakeStatus) => s?.account.id === ACCOUNT.id;
    const type = quoted && ours(quoted) ? 'quote' : ours(parent) || /(^|\s)@acme\b/.test(r.text) ? 'mention' : undefined;
    if (type) notifications.push({ id: String(nextNotification++), type, created_at: status.created_at, account: status.account, status });
    return status;
  };

  /** Newest first, `max_id`/`limit` paging, and a Link header to the next (older) page while there are results. */
  const page = <T extends { id: string }>(req: RecordedRequest, all: T[], max = 40): Reply => {
    const limit = Math.min(Number(req.query.limit ?? 20), max);
    let list = [...all].sort((a, b) => Number(b.id) - Number(a.id));
    if (req.query.max_id) list = list.filter((s) => Number(s.id) < Number(req.query.max_id));
    if (req.query.since_id) list = list.filter((s) => Number(s.id) > Number(req.query.since_id));
    const items = list.slice(0, limit);
    const headers: Record<string, string> = {};
    if (items.length) {
      const next = new URL(`${base}${req.path}`);
      for (const [k, vs] of Object.entries(req.queryAll)) if (k !== 'max_id' && k !== 'since_id') for (const v of vs) next.searchParams.append(k, v);
      next.searchParams.set('max_id', items.at(-1)!.id);
      headers.link = `<${next.toString()}>; rel="next", <${base}${req.path}?min_id=${items[0].id}>; rel="prev"`;
    }
    return { status: 200, headers, body: items };
  };

  const handle = (req: RecordedRequest): Reply => {
    if (req.method === 'GET' && req.path === '/api/v2/instance') {
      if (opts.noInstanceV2) return { status: 404, body: { error: 'Record not found' } };
      return {
        status: 200,
        body: {
          domain: '127.0.0.1',
          title: 'Fake Mastodon',
          version: '4.3.0',
          configuration: {
            statuses: { max_characters: maxCharacters, max_media_attachments: 4, characters_reserved_per_url: urlLength },
            media_attachments: { supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'], image_size_limit: 16_777_216, description_limit: 1500 },
          },
        },
      };
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return { status: 401, body: { error: 'The access token is invalid' } };
    }
    if (req.method === 'GET' && req.path === '/api/v1/accounts/verify_credentials') {
      return { status: 200, body: { ...ACCOUNT, url: `${base}/@acme`, followers_count: fake.followers } };
    }
    // Mastodon 4.3+: many statuses by id; unknown ids are left out; more than 20 is refused (NV).
    if (req.method === 'GET' && req.path === '/api/v1/statuses') {
      if (opts.noMultiGet) return { status: 404, body: { error: 'Record not found' } };
      const ids = req.queryAll['id[]'] ?? [];
      if (ids.length > 20) return { status: 422, body: { error: 'Validation failed: too many ids (at most 20)' } };
      return { status: 200, body: ids.flatMap((id) => statuses.filter((s) => s.id === id)) };
    }
    if (req.method === 'POST' && req.path === '/api/v2/media') {
      const file = req.body?.file as RecordedFile | undefined;
      if (!file || typeof file !== 'object') return { status: 422, body: { error: 'Validation failed: File must be present' } };
      const description = typeof req.body.description === 'string' ? req.body.description : null;
      if (description && description.length > 1500) return { status: 422, body: { error: 'Validation failed: Description is too long (maximum is 1500 characters)' } };
      const pending = opts.mediaPolls ?? 0;
      const m: FakeMedia = { id: String(nextId++), type: 'image', url: null, description, pending, file };
      if (pending === 0) m.url = `${base}/media/${m.id}.png`;
      media.push(m);
      return { status: pending === 0 ? 200 : 202, body: mediaJson(m) };
    }
    const mediaMatch = /^\/api\/v1\/media\/(\w+)$/.exec(req.path);
    if (req.method === 'GET' && mediaMatch) {
      const m = media.find((x) => x.id === mediaMatch[1]);
      if (!m) return { status: 404, body: { error: 'Record not found' } };
      if (m.pending > 0) m.pending--;
      if (m.pending === 0) m.url ??= `${base}/media/${m.id}.png`;
      return { status: m.url ? 200 : 206, body: mediaJson(m) };
    }
    if (req.method === 'POST' && req.path === '/api/v1/statuses') {
      const key = req.headers['idempotency-key'];
      const replay = key ? byKey.get(key) : undefined;
      if (replay) return { status: 200, body: replay };
      const body = (req.body ?? {}) as { status?: string; media_ids?: string[]; in_reply_to_id?: string; visibility?: string; language?: string };
      const text = body.status ?? '';
      const ids = body.media_ids ?? [];
      if (!text && !ids.length) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      if (measureText('mastodon', text, { urlLength }) > maxCharacters) {
        return { status: 422, body: { error: `Validation failed: Text character limit of ${maxCharacters} exceeded` } };
      }
      const attached = ids.map((id) => media.find((m) => m.id === id));
      if (attached.some((m) => !m)) return { status: 422, body: { error: 'Validation failed: media not found' } };
      if (attached.some((m) => !m!.url)) return { status: 422, body: { error: 'Cannot attach files that have not finished processing. Try again in a moment!' } };
      if (body.in_reply_to_id && !statuses.some((s) => s.id === body.in_reply_to_id)) return { status: 404, body: { error: 'Record not found' } };
      const id = String(nextId++);
      const status: FakeStatus = {
        id,
        created_at: new Date().toISOString(),
        content: toHtml(text),
        text,
        visibility: body.visibility ?? 'public',
        language: body.language ?? null,
        in_reply_to_id: body.in_reply_to_id ?? null,
        media_attachments: attached as FakeMedia[],
        url: `${base}/@acme/${id}`,
        uri: `${base}/users/acme/statuses/${id}`,
        favourites_count: 0,
        reblogs_count: 0,
        replies_count: 0,
        account: { id: ACCOUNT.id, acct: ACCOUNT.acct },
        quote: null,
      };
      statuses.push(status);
      if (key) byKey.set(key, status);
      return { status: 200, body: status };
    }
    const accountStatuses = /^\/api\/v1\/accounts\/(\w+)\/statuses$/.exec(req.path);
    if (req.method === 'GET' && accountStatuses) {
      if (accountStatuses[1] !== ACCOUNT.id) return { status: 404, body: { error: 'Record not found' } };
      const limit = Math.min(Number(req.query.limit ?? 20), 40);
      let list = statuses.filter((s) => s.account.id === ACCOUNT.id).reverse();
      if (req.query.max_id) list = list.filter((s) => Number(s.id) < Number(req.query.max_id));
      return { status: 200, body: list.slice(0, limit) };
    }
    const tag = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && tag) {
      const wanted = decodeURIComponent(tag[1]).toLowerCase();
      return page(req, statuses.filter((s) => new RegExp(`(^|\\s)#${wanted}\\b`, 'i').test(s.text)));
    }
    if (req.method === 'GET' && req.path === '/api/v2/search') {
      const q = String(req.query.q ?? '');
      if (req.query.resolve === 'true' && /^https?:\/\//.test(q)) {
        const found = statuses.filter((s) => s.url === q || s.uri === q);
        return { status: 200, body: { accounts: [], statuses: found, hashtags: [] } };
      }
      const matching = req.query.type === 'statuses' || !req.query.type ? statuses.filter((s) => s.text.toLowerCase().includes(q.toLowerCase())) : [];
      const paged = page(req, matching).body as FakeStatus[];
      return { status: 200, body: { accounts: [], statuses: paged, hashtags: [] } };
    }
    if (req.method === 'GET' && req.path === '/api/v1/notifications') {
      const types = req.queryAll['types[]'] ?? [];
      return page(req, notifications.filter((n) => !types.length || types.includes(n.type)), 80);
    }
    const statusMatch = /^\/api\/v1\/statuses\/(\w+)$/.exec(req.path);
    if (req.method === 'GET' && statusMatch) {
      const s = statuses.find((x) => x.id === statusMatch[1]);
      return s ? { status: 200, body: s } : { status: 404, body: { error: 'Record not found' } };
    }
    return { status: 404, body: { error: `fake Mastodon: no route ${req.method} ${req.path}` } };
  };

  const server = await startRecordingServer(handle);
  base = server.url;
  const fake: FakeMastodon = { url: server.url, token, accountId: ACCOUNT.id, requests: server.requests, statuses, media, followers: 0, notifications, remote, failNext: server.failNext, close: server.close };
  return fake;
}

function mediaJson(m: FakeMedia) {
  return { id: m.id, type: m.type, url: m.url, preview_url: m.url, description: m.description };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Mastodon-like HTML: paragraphs, <br />, links split into invisible/ellipsis spans, remote mentions shown by their local part. */
function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => {
      const html = escape(para)
        .replace(/https?:\/\/[^\s<]+/g, (url) => {
          const [, scheme, rest] = /^(https?:\/\/)(.*)$/.exec(url)!;
          return `<a href="${url}" rel="nofollow noopener" target="_blank"><span class="invisible">${scheme}</span><span class="ellipsis">${rest.slice(0, 30)}</span><span class="invisible">${rest.slice(30)}</span></a>`;
        })
        .replace(/(^|\s)@(\w+)@([\w.-]+\w)/g, (_m, pre, user, host) => `${pre}<span class="h-card"><a href="https://${host}/@${user}" class="u-url mention">@<span>${user}</span></a></span>`)
        .replace(/\n/g, '<br />');
      return `<p>${html}</p>`;
    })
    .join('');
}
