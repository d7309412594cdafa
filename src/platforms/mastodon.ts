// Mastodon: bearer token, Idempotency-Key on every status (the server replays the first
// answer for about an hour), media through /api/v2/media, limits from /api/v2/instance.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Account as AccountConfig } from '../calendar/model.js';
import { credentialVars, readCredentials } from './credentials.js';
import { errorFromResponse, readAnswer, send, sendJson, sleep, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { readMedia } from './media.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type OutgoingMedia, type PostContext, type PostedItem } from './types.js';

const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'];
const DEFAULT_MEDIA_POLL = { intervalMs: 1000, attempts: 60 };
/** How far back `lookup` reads the account's own statuses. */
const LOOKUP_PAGES = 3;
const PAGE_SIZE = 40;

// The fields socialcal reads, as the API documents them; anything else in an answer is ignored.
const count = z.number().optional();
const Status = z.looseObject({
  id: z.string().min(1),
  url: z.string().nullish(),
  uri: z.string(),
  content: z.string(),
  favourites_count: count,
  reblogs_count: count,
  replies_count: count,
  quotes_count: count,
});
type Status = z.output<typeof Status>;

const Media = z.looseObject({ id: z.string().min(1), url: z.string().nullish() });

const Instance = z.looseObject({
  configuration: z
    .looseObject({
      statuses: z.looseObject({ max_characters: count, max_media_attachments: count, characters_reserved_per_url: count }).optional(),
      media_attachments: z.looseObject({ supported_mime_types: z.array(z.string()).optional(), image_size_limit: count, description_limit: count }).optional(),
    })
    .optional(),
});

const Account = z.looseObject({ id: z.string().min(1), acct: z.string(), followers_count: count });

export class MastodonAdapter implements Adapter {
  readonly platform = 'mastodon' as const;
  readonly account: string;
  private readonly server: string;
  private readonly token: string;
  private readonly tokenVar: string;
  private readonly visibility?: string;
  private readonly language?: string;
  private cachedLimits?: Promise<PlatformLimits>;
  private accountId?: Promise<string>;
  /** Does the server read many statuses a call? Unknown until the first batch. */
  private multiGet?: boolean;

  constructor(account: AccountConfig, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    this.token = readCredentials(account, env).token;
    this.tokenVar = credentialVars(account).token;
    this.server = serverUrl(account);
    const visibility = account.settings.visibility;
    if (visibility !== undefined && !VISIBILITIES.includes(String(visibility))) {
      throw new PlatformError('config', `account "${account.name}": settings.visibility "${String(visibility)}" is not one of ${VISIBILITIES.join(', ')}`);
    }
    this.visibility = visibility as string | undefined;
    this.language = typeof account.settings.language === 'string' ? account.settings.language : undefined;
  }

  /** The instance's own limits when it answers, else the Mastodon defaults. */
  limits(): Promise<PlatformLimits> {
    this.cachedLimits ??= this.readInstanceLimits().catch(() => LIMITS.mastodon);
    return this.cachedLimits;
  }

  newHandle(): string {
    return randomUUID();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    const mediaIds: string[] = [];
    for (const media of item.media) mediaIds.push(await this.upload(media, ctx.signal));
    const body: Record<string, unknown> = { status: item.text };
    if (mediaIds.length) body.media_ids = mediaIds;
    if (ctx.replyTo) body.in_reply_to_id = ctx.replyTo.id;
    else if (item.replyTo) body.in_reply_to_id = await this.resolveStatus(item.replyTo, ctx.signal);
    if (this.visibility) body.visibility = this.visibility;
    const language = item.langs?.[0] ?? this.language;
    if (language) body.language = language;
    const status = await this.json(
      `${this.server}/api/v1/statuses`,
      { method: 'POST', headers: { ...this.auth(), 'content-type': 'application/json', 'idempotency-key': ctx.handle }, body: JSON.stringify(body) },
      'post status',
      Status,
      ctx.signal,
    );
    return posted(status);
  }

  /**
   * Mastodon cannot be asked about an Idempotency-Key without posting again, so this reads the
   * account's latest statuses (up to 120) and looks for one with the same text. If the account
   * has fewer statuses than that and none match, nothing was posted; if all 120 were read
   * without a match, older ones could still hold it, so the answer is 'unknown'.
   */
  async lookup(_handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    const wanted = item ? comparable(item.text) : '';
    // Without text (media only, or an item no longer in the calendar) nothing can be matched.
    if (!wanted) return 'unknown';
    const id = await this.ownAccountId();
    let maxId: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const url = new URL(`${this.server}/api/v1/accounts/${encodeURIComponent(id)}/statuses`);
      url.searchParams.set('limit', String(PAGE_SIZE));
      url.searchParams.set('exclude_reblogs', 'true');
      if (maxId) url.searchParams.set('max_id', maxId);
      const statuses = await this.json(url, { headers: this.auth() }, 'look up earlier statuses', z.array(Status));
      const match = statuses.find((s) => comparable(htmlToText(s.content)) === wanted);
      if (match) return posted(match);
      if (statuses.length < PAGE_SIZE) return null;
      maxId = statuses[statuses.length - 1].id;
    }
    return 'unknown';
  }

  async verify(): Promise<{ ok: boolean; detail: string }> {
    try {
      const me = await this.json(`${this.server}/api/v1/accounts/verify_credentials`, { headers: this.auth() }, 'check token', Account);
      return { ok: true, detail: `token works for @${me.acct} on ${this.server}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** `GET /api/v1/statuses?id[]=` (Mastodon 4.3+) reads up to 20 statuses a call (NV); older servers one by one. */
  get metricsBatch(): number {
    return this.multiGet === false ? 1 : 20;
  }

  async metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    if (this.multiGet !== false && items.length > 1) {
      const url = new URL(`${this.server}/api/v1/statuses`);
      for (const item of items) url.searchParams.append('id[]', item.id);
      const opts = this.request(`read metrics of ${items.length} statuses`, signal);
      const res = await send(url, { headers: this.auth() }, opts);
      // A server older than 4.3 has no such route: read one status a call from now on.
      if (res.status !== 404 && res.status !== 405) {
        if (!res.ok) throw await errorFromResponse(res, opts);
        this.multiGet = true;
        const statuses = await readAnswer(res, z.array(Status), opts);
        return new Map(statuses.map((s) => [s.id, counts(s)]));
      }
      this.multiGet = false;
    }
    return metricsOneByOne(items, async (item) =>
      counts(await this.json(`${this.server}/api/v1/statuses/${encodeURIComponent(item.id)}`, { headers: this.auth() }, `read metrics of status ${item.id}`, Status, signal)),
    );
  }

  async followers(signal?: AbortSignal): Promise<number> {
    const me = await this.json(`${this.server}/api/v1/accounts/verify_credentials`, { headers: this.auth() }, 'read follower count', Account, signal);
    return me.followers_count ?? 0;
  }

  /** This instance's id for a status at a web address (any server's): search with resolve=true. */
  private async resolveStatus(url: string, signal?: AbortSignal): Promise<string> {
    const search = new URL(`${this.server}/api/v2/search`);
    for (const [k, v] of Object.entries({ q: url, resolve: 'true', type: 'statuses', limit: '1' })) search.searchParams.set(k, v);
    const found = await this.json(search, { headers: this.auth() }, `find the status to answer (${url})`, z.looseObject({ statuses: z.array(Status) }), signal);
    const status = found.statuses[0];
    if (!status) throw new PlatformError('invalid', `Mastodon (${this.account}): reply_to ${url}: ${this.server} cannot find that status (deleted, private, or its server unreachable)`);
    return status.id;
  }

  /**
   * One page of a list the server pages with a Link header (notifications, hashtag timelines)
   * or `max_id` (search); `next` is the URL of the next, older page.
   */
  async readPage<S extends z.ZodType>(pathOrUrl: string, params: Record<string, string | string[]>, what: string, schema: S): Promise<{ body: z.output<S>; next?: string }> {
    const url = new URL(pathOrUrl.startsWith('http') ? pathOrUrl : `${this.server}${pathOrUrl}`);
    if (url.origin !== new URL(this.server).origin) throw new PlatformError('unexpected', `Mastodon (${this.account}): the server sent a next page on another host (${url.origin})`);
    for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) url.searchParams.append(k, one);
    const res = await send(url, { headers: this.auth() }, this.request(what));
    if (!res.ok) throw await errorFromResponse(res, this.request(what));
    const body = await readAnswer(res, schema, this.request(what));
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    return { body, ...(next ? { next } : {}) };
  }

  private async readInstanceLimits(): Promise<PlatformLimits> {
    const instance = await sendJson(`${this.server}/api/v2/instance`, {}, this.request('read instance limits'), Instance);
    const statuses = instance.configuration?.statuses ?? {};
    const media = instance.configuration?.media_attachments ?? {};
    const base = LIMITS.mastodon;
    return {
      ...base,
      maxLength: statuses.max_characters ?? base.maxLength,
      maxMedia: statuses.max_media_attachments ?? base.maxMedia,
      urlLength: statuses.characters_reserved_per_url ?? base.urlLength,
      maxImageBytes: media.image_size_limit ?? base.maxImageBytes,
      altMax: media.description_limit ?? base.altMax,
      mediaTypes: media.supported_mime_types?.filter((t) => t.startsWith('image/')) ?? base.mediaTypes,
    };
  }

  /** Uploads one file and waits until the server has processed it (a 202 means not yet). */
  private async upload(media: OutgoingMedia, signal?: AbortSignal): Promise<string> {
    const bytes = await readMedia(media.file, media.absPath, this.opts.root);
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: media.mime }), basename(media.file));
    if (media.alt) form.set('description', media.alt);
    const what = `upload ${media.file}`;
    const res = await send(`${this.server}/api/v2/media`, { method: 'POST', headers: this.auth(), body: form }, this.request(what, signal));
    if (!res.ok) throw await errorFromResponse(res, this.request(what));
    const uploaded = await readAnswer(res, Media, this.request(what));
    if (res.status === 200 && uploaded.url) return uploaded.id;

    const poll = this.opts.mediaPoll ?? DEFAULT_MEDIA_POLL;
    for (let attempt = 0; attempt < poll.attempts; attempt++) {
      await sleep(poll.intervalMs, signal);
      const check = await send(`${this.server}/api/v1/media/${encodeURIComponent(uploaded.id)}`, { headers: this.auth() }, this.request(`check ${media.file}`, signal));
      if (check.status === 200) {
        const ready = await readAnswer(check, Media, this.request(`check ${media.file}`));
        if (ready.url) return ready.id;
      } else if (check.status !== 206) {
        throw await errorFromResponse(check, this.request(`check ${media.file}`));
      }
    }
    throw new PlatformError('transient', `Mastodon (${this.account}): ${media.file} is still being processed after ${Math.round((poll.attempts * poll.intervalMs) / 1000)} s; try again later`);
  }

  private ownAccountId(): Promise<string> {
    this.accountId ??= this.json(`${this.server}/api/v1/accounts/verify_credentials`, { headers: this.auth() }, 'read own account', Account).then((me) => me.id);
    this.accountId.catch(() => (this.accountId = undefined));
    return this.accountId;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  private request(what: string, signal?: AbortSignal): RequestOptions {
    return { what: `Mastodon (${this.account}) on ${this.server}: ${what}`, secrets: [this.token], signal, timeoutMs: this.opts.timeoutMs };
  }

  /** sendJson, with a hint naming the token's variable when the server refuses it. */
  private async json<S extends z.ZodType>(url: string | URL, init: RequestInit, what: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
    try {
      return await sendJson(url, init, this.request(what, signal), schema);
    } catch (error) {
      if (error instanceof PlatformError && error.kind === 'auth') {
        throw new PlatformError('auth', `${error.message}. Check ${this.tokenVar}: a token of this account with scopes write:statuses write:media read:statuses.`, { status: error.status });
      }
      throw error;
    }
  }
}

function posted(status: Status): PostedItem {
  return { id: status.id, url: status.url ?? status.uri, ref: { uri: status.uri } };
}

function serverUrl(account: AccountConfig): string {
  if (!account.server) {
    throw new PlatformError('config', `account "${account.name}" (mastodon): no server set; add server: https://your.instance under accounts.${account.name} in socialcal.yaml`);
  }
  const raw = /^https?:\/\//i.test(account.server) ? account.server : `https://${account.server}`;
  try {
    return new URL(raw).toString().replace(/\/+$/, '');
  } catch {
    throw new PlatformError('config', `account "${account.name}": server "${account.server}" is not a URL; use e.g. https://mastodon.social`);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text from Mastodon's status HTML: paragraphs and line breaks kept, tags dropped. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        // A server's HTML may hold any number; past U+10FFFF fromCodePoint throws.
        return code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** Text as compared by `lookup`: remote mentions by their local part (as rendered), whitespace collapsed. */
function comparable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/(^|[^\p{L}\p{N}_/])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_])?)@[\p{L}\p{N}_.-]*[\p{L}\p{N}_]/giu, '$1@$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function counts(s: Status): Counts {
  const out: Counts = { likes: s.favourites_count ?? 0, reposts: s.reblogs_count ?? 0, replies: s.replies_count ?? 0 };
  if (typeof s.quotes_count === 'number') out.quotes = s.quotes_count;
  return out;
}
