// LinkedIn (versioned REST API, Posts API) with an OAuth2 token, posting as the account's author
// URN. No idempotency key: lookup reads the author's recent posts and compares the text since the
// handle was chosen; a 422 DUPLICATE_POST names the post that already exists, which is the answer.
import { basename } from 'node:path';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { redact } from '../errors.js';
import { credentialVars, readCredentials } from './credentials.js';
import { kindOfStatus, readBody, retryAfter, send, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { readMedia } from './media.js';
import { checkAnswer } from './response.js';
import { handleTime, newTimedHandle } from './timed-handle.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type OutgoingMedia, type PostContext, type PostedItem, type Verified } from './types.js';

export const DEFAULT_SERVER = 'https://api.linkedin.com';
const OAUTH_SERVER = 'https://www.linkedin.com';
/** The Marketing API version socialcal was written against (LinkedIn-Version: YYYYMM). */
export const DEFAULT_VERSION = '202510';
const CLOCK_SLACK_MS = 5 * 60_000;
const PAGE_SIZE = 50;
const LOOKUP_PAGES = 4;

const initialized = z.object({ value: z.object({ uploadUrl: z.string(), image: z.string() }) });
const postSchema = z.object({ id: z.string(), commentary: z.string().optional(), createdAt: z.number().optional(), lifecycleState: z.string().optional() });
const postList = z.object({ elements: z.array(postSchema), paging: z.object({ start: z.number(), count: z.number(), total: z.number().optional() }).optional() });
const introspection = z.object({ active: z.boolean(), expires_at: z.number().optional(), status: z.string().optional(), scope: z.string().optional() });
const errorSchema = z.object({
  message: z.string().optional(),
  code: z.string().optional(),
  serviceErrorCode: z.number().optional(),
  errorDetails: z.object({ inputErrors: z.array(z.object({ code: z.string().optional(), description: z.string().optional() })).optional() }).optional(),
});
const networkSize = z.object({ firstDegreeSize: z.number() });
const socialCounts = z.object({ likesSummary: z.object({ totalLikes: z.number() }).optional(), commentsSummary: z.object({ aggregatedTotalComments: z.number().optional(), totalFirstLevelComments: z.number().optional() }).optional() });

export class LinkedInAdapter implements Adapter {
  readonly platform = 'linkedin' as const;
  readonly account: string;
  private readonly token: string;
  private readonly client?: { id: string; secret: string };
  private readonly vars: Record<string, string>;
  private readonly server: string;
  private readonly oauthServer: string;
  private readonly author: string;
  private readonly version: string;
  private readonly visibility: string;
  /** Organization pages only: a member's connection count is a partner-only API (r_1st_connections_size). */
  readonly followers?: (signal?: AbortSignal) => Promise<number>;
  readonly followersUnavailable?: string;

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    const c = readCredentials(account, env);
    this.token = c.token;
    if (c.clientId && c.clientSecret) this.client = { id: c.clientId, secret: c.clientSecret };
    this.vars = credentialVars(account);
    this.server = (account.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
    // A test server or proxy given as `server` answers the OAuth endpoints too.
    this.oauthServer = account.server ? this.server : OAUTH_SERVER;
    const author = account.settings.author;
    if (typeof author !== 'string' || !/^urn:li:(person|organization):[A-Za-z0-9_-]+$/.test(author)) {
      throw new PlatformError('config', `account "${account.name}" (linkedin): set author: urn:li:person:<id> or urn:li:organization:<id> under accounts.${account.name} in socialcal.yaml`);
    }
    this.author = author;
    this.version = typeof account.settings.version === 'string' ? account.settings.version : DEFAULT_VERSION;
    this.visibility = typeof account.settings.visibility === 'string' ? account.settings.visibility : 'PUBLIC';
    if (author.startsWith('urn:li:organization:')) this.followers = (signal) => this.organizationFollowers(signal);
    else this.followersUnavailable = `LinkedIn gives follower counts for organization pages (urn:li:organization:…) only; a member's connection count needs LinkedIn partner access (r_1st_connections_size), so rates per follower stay empty for ${this.account}`;
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.linkedin;
  }

  newHandle(): string {
    return newTimedHandle();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    if (ctx.replyTo) {
      // check reports thread items for LinkedIn accounts; this guards against a stale calendar.
      throw new PlatformError('invalid', `LinkedIn (${this.account}): LinkedIn posts have no reply chains; remove the thread for this account (overrides.${this.account}.thread: [])`);
    }
    const images: { id: string; altText?: string }[] = [];
    for (const media of item.media) images.push({ id: await this.upload(media, ctx.signal), ...(media.alt ? { altText: media.alt } : {}) });
    const body: Record<string, unknown> = {
      author: this.author,
      commentary: toLittleText(item.text),
      visibility: this.visibility,
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    };
    if (images.length === 1) body.content = { media: images[0] };
    else if (images.length > 1) body.content = { multiImage: { images } };
    const opts = this.request('create post', ctx.signal);
    const res = await send(`${this.server}/rest/posts`, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) }, opts);
    const answer = await readBody(res, opts);
    if (!res.ok) {
      const existing = duplicateOf(answer);
      // LinkedIn refuses the same text again and names the post that has it: that is ours.
      if (res.status === 422 && existing) return posted(existing);
      throw this.error(res, answer, opts);
    }
    const id = res.headers.get('x-restli-id') ?? res.headers.get('x-linkedin-id');
    if (!id) throw new PlatformError('transient', `${opts.what}: HTTP ${res.status} without an x-restli-id header; the post may exist — lookup decides`, { status: res.status });
    return posted(id);
  }

  /**
   * Reads the author's posts (newest first) since the handle was chosen and compares the text.
   * Needs r_member_social / r_organization_social; without it LinkedIn answers 403 and the
   * outcome is 'unknown' for a person to decide.
   */
  async lookup(handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    const wanted = item ? comparable(item.text) : '';
    if (!wanted) return 'unknown';
    const since = handleTime(handle);
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const url = new URL(`${this.server}/rest/posts`);
      url.search = `author=${encodeURIComponent(this.author)}&q=author&count=${PAGE_SIZE}&start=${page * PAGE_SIZE}&sortBy=LAST_MODIFIED`;
      const opts = this.request('look up earlier posts');
      const res = await send(url, { headers: { ...this.headers(), 'x-restli-method': 'FINDER' } }, opts);
      const answer = await readBody(res, opts);
      if (res.status === 403) return 'unknown';
      if (!res.ok) throw this.error(res, answer, opts);
      const list = checkAnswer(answer, postList, 200, opts).elements;
      const match = list.find((p) => comparable(fromLittleText(p.commentary ?? '')) === wanted);
      if (match) return posted(match.id);
      const older = since !== undefined && list.some((p) => p.createdAt !== undefined && p.createdAt < since - CLOCK_SLACK_MS);
      if (list.length < PAGE_SIZE || older) return null;
    }
    return 'unknown';
  }

  /** Token introspection when the app's client id and secret are set (it tells the expiry), else a read of the author's posts. */
  async verify(): Promise<Verified> {
    try {
      if (this.client) return await this.introspect(this.client);
      const opts = this.request('check token');
      const res = await send(`${this.server}/rest/posts?author=${encodeURIComponent(this.author)}&q=author&count=1`, { headers: { ...this.headers(), 'x-restli-method': 'FINDER' } }, opts);
      const answer = await readBody(res, opts);
      if (res.status === 403) {
        return { ok: true, detail: `token accepted for ${this.author}`, warning: `the token cannot read ${this.author}'s posts (r_member_social / r_organization_social), so a lost answer stays unknown for a person to check` };
      }
      if (!res.ok) throw this.error(res, answer, opts);
      return {
        ok: true,
        detail: `token works for ${this.author}`,
        warning: `expiry not checked: set ${this.vars.clientId} and ${this.vars.clientSecret} (the LinkedIn app's client id and secret) so doctor can read when the token expires`,
      };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** `socialActions` reads one post a call. */
  readonly metricsBatch = 1;

  metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    return metricsOneByOne(items, async (item) => {
      const opts = this.request(`read metrics of ${item.id}`, signal);
      const res = await send(`${this.server}/rest/socialActions/${encodeURIComponent(item.id)}`, { headers: this.headers() }, opts);
      const answer = await readBody(res, opts);
      if (!res.ok) throw this.error(res, answer, opts);
      const s = checkAnswer(answer, socialCounts, 200, opts);
      return { likes: s.likesSummary?.totalLikes ?? 0, replies: s.commentsSummary?.aggregatedTotalComments ?? s.commentsSummary?.totalFirstLevelComments ?? 0 };
    });
  }

  /** The page's follower count: the network size of its COMPANY_FOLLOWED_BY_MEMBER edge. */
  private async organizationFollowers(signal?: AbortSignal): Promise<number> {
    const opts = this.request('read follower count', signal);
    const res = await send(`${this.server}/rest/networkSizes/${encodeURIComponent(this.author)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`, { headers: this.headers() }, opts);
    const answer = await readBody(res, opts);
    if (!res.ok) throw this.error(res, answer, opts, 'r_organization_social (or rw_organization_admin) to read the follower count');
    return checkAnswer(answer, networkSize, 200, opts).firstDegreeSize;
  }

  private async introspect(client: { id: string; secret: string }): Promise<Verified> {
    const opts: RequestOptions = { ...this.request('check token'), secrets: [this.token, client.secret] };
    const form = new URLSearchParams({ client_id: client.id, client_secret: client.secret, token: this.token });
    const res = await send(`${this.oauthServer}/oauth/v2/introspectToken`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }, opts);
    const answer = await readBody(res, opts);
    if (!res.ok) throw this.error(res, answer, opts);
    const t = checkAnswer(answer, introspection, 200, opts);
    if (!t.active) return { ok: false, detail: `the token in ${this.vars.token} is ${t.status ?? 'not active'}; create a new one for the LinkedIn app` };
    const scopes = t.scope ? ` (scopes ${t.scope})` : '';
    if (t.expires_at === undefined) return { ok: true, detail: `token is active${scopes}` };
    const expires = new Date(t.expires_at * 1000);
    const days = Math.floor((expires.getTime() - Date.now()) / 86_400_000);
    // doctor's tokenWarning decides whether that is soon.
    return { ok: true, detail: `token is active${scopes}, expires ${expires.toISOString().slice(0, 10)} (in ${days} day${days === 1 ? '' : 's'})`, expiresAt: expires.toISOString() };
  }

  /** initializeUpload with the author as owner, then PUT the bytes to the upload URL. */
  private async upload(media: OutgoingMedia, signal?: AbortSignal): Promise<string> {
    const bytes = await readMedia(media.file, media.absPath, this.opts.root);
    const init = this.request(`upload ${media.file}`, signal);
    const res = await send(`${this.server}/rest/images?action=initializeUpload`, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/json' }, body: JSON.stringify({ initializeUploadRequest: { owner: this.author } }) }, init);
    const answer = await readBody(res, init);
    if (!res.ok) throw this.error(res, answer, init);
    const { uploadUrl, image } = checkAnswer(answer, initialized, 200, init).value;
    const put = await send(uploadUrl, { method: 'PUT', headers: { authorization: `Bearer ${this.token}`, 'content-type': media.mime }, body: bytes as Uint8Array<ArrayBuffer> }, { ...init, what: `${init.what} (${basename(media.file)} bytes)` });
    if (!put.ok) throw this.error(put, await readBody(put, init), init);
    return image;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'linkedin-version': this.version, 'x-restli-protocol-version': '2.0.0' };
  }

  /** `needs`: the permission a 403 means is missing, where it is not the one for posting. */
  private error(res: Response, body: unknown, opts: RequestOptions, needs?: string): PlatformError {
    const e = errorSchema.safeParse(body);
    const codes = e.success ? [e.data.code, ...(e.data.errorDetails?.inputErrors ?? []).map((i) => i.code)].filter(Boolean) : [];
    const detail = e.success ? [e.data.message, ...codes].filter(Boolean).join(' — ') : String(body ?? '').slice(0, 300);
    const kind = kindOfStatus(res.status);
    let hint = '';
    if (res.status === 401) hint = `. The token in ${this.vars.token} was refused (LinkedIn tokens last about 60 days): create a new one and update the CI secret`;
    else if (res.status === 403) hint = `. The token needs ${needs ?? (this.author.includes('organization') ? 'w_organization_social (and an admin role on the page)' : 'w_member_social')} for ${this.author}`;
    else if (res.status === 426 || /VERSION/i.test(codes.join(' '))) hint = `. Set accounts.${this.account}.version to an active LinkedIn-Version (YYYYMM)`;
    const wait = kind === 'rate-limit' ? retryAfter(res.headers, body) : undefined;
    const message = `${opts.what}: HTTP ${res.status}${detail ? ` — ${detail}` : ''}${wait !== undefined ? `; retry in ${Math.ceil(wait / 1000)} s` : ''}${hint}`;
    return new PlatformError(kind, redact(message, opts.secrets), { status: res.status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }

  private request(what: string, signal?: AbortSignal): RequestOptions {
    return { what: `LinkedIn (${this.account}): ${what}`, secrets: [this.token, ...(this.client ? [this.client.secret] : [])], signal, timeoutMs: this.opts.timeoutMs, onResponse: this.opts.onResponse };
  }
}

function posted(urn: string): PostedItem {
  return { id: urn, url: `https://www.linkedin.com/feed/update/${urn}/` };
}

/** The URN a 422 DUPLICATE_POST names ("Content is a duplicate of urn:li:share:…"). */
export function duplicateOf(body: unknown): string | undefined {
  const e = errorSchema.safeParse(body);
  if (!e.success) return undefined;
  const duplicate = e.data.code === 'DUPLICATE_POST' || (e.data.errorDetails?.inputErrors ?? []).some((i) => i.code === 'DUPLICATE_POST');
  return duplicate ? /urn:li:(share|ugcPost):\d+/.exec(e.data.message ?? '')?.[0] : undefined;
}

// "Little text": these characters are markup in commentary and must be escaped to show as typed.
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/** Commentary in LinkedIn's little text: reserved characters escaped; #hashtags as hashtag templates so they stay links. */
export function toLittleText(text: string): string {
  const parts = text.split(/(?<![\p{L}\p{N}_&/])#([\p{L}\p{N}_]+)/u);
  return parts.map((part, i) => (i % 2 === 1 ? `{hashtag|\\#|${part.replace(RESERVED, (c) => `\\${c}`)}}` : part.replace(RESERVED, (c) => `\\${c}`))).join('');
}

/** The text a commentary shows: hashtag templates as #tag, escapes removed. */
export function fromLittleText(commentary: string): string {
  return commentary.replace(/\{hashtag\|\\#\|((?:\\.|[^}\\])*)\}/g, (_m, tag: string) => `#${tag}`).replace(/\\(.)/g, '$1');
}

function comparable(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
