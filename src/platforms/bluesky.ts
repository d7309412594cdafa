// Bluesky over plain XRPC. The record key is chosen up front (a TID) and is the idempotency
// handle: `lookup` asks the PDS for that key before anything is posted again.
// Only the facet detector: the package's index (RichText included) pulls in the whole lexicon
// client, 0.3–0.6 s of loading that blocks a publish run while its git calls finish.
import { detectFacets } from '@atproto/api/dist/rich-text/detection.js';
import type { UnicodeString } from '@atproto/api/dist/rich-text/unicode.js';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { credentialVars, readCredentials } from './credentials.js';
import { errorFromResponse, readAnswer, send, type RequestOptions } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { imageSize, readMedia } from './media.js';
import { sniffMediaType } from './media-type.js';
import type { Counts } from '../metrics/model.js';
import { nextTid, TID_PATTERN } from './tid.js';
import { acceptanceOpen, PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type OutgoingMedia, type PostContext, type PostedItem } from './types.js';

const POST = 'app.bsky.feed.post';
const DEFAULT_SERVICE = 'https://bsky.social';

// The answers this adapter reads, as the XRPC lexicons define them. Anything else (an HTML page
// with 200, a wrong body) is an `unexpected` PlatformError: acceptance stays open.
const session = z.object({ accessJwt: z.string().min(1), refreshJwt: z.string().min(1), did: z.string().startsWith('did:'), handle: z.string() });
type Session = z.output<typeof session>;
const strongRef = z.object({ uri: z.string().startsWith('at://'), cid: z.string().min(1) });
type StrongRef = z.output<typeof strongRef>;
/** Passed on into the post record as the PDS gave it. */
const blob = z.looseObject({ $type: z.literal('blob'), ref: z.looseObject({ $link: z.string() }), mimeType: z.string(), size: z.number() });
const uploaded = z.object({ blob });
const sessionInfo = z.object({ handle: z.string(), did: z.string() });
const resolved = z.object({ did: z.string().startsWith('did:') });
const counts = z.object({ uri: z.string(), likeCount: z.number().optional(), repostCount: z.number().optional(), replyCount: z.number().optional(), quoteCount: z.number().optional() });
const posts = z.object({ posts: z.array(counts) });
const profile = z.object({ followersCount: z.number().optional() });
/** A post record read to answer it: its own reply root, when it is a reply itself. */
const answered = strongRef.extend({ value: z.looseObject({ reply: z.looseObject({ root: strongRef.partial().optional() }).optional() }) });
const xrpcError = z.object({ error: z.string() });

interface Call {
  what: string;
  params?: Record<string, string>;
  /** Repeated parameters (`uris=…&uris=…`), added after `params`. */
  query?: URLSearchParams;
  body?: unknown;
  /** Raw bytes (uploadBlob) instead of a JSON body. */
  bytes?: { data: Uint8Array; mime: string };
  signal?: AbortSignal;
}

export class BlueskyAdapter implements Adapter {
  readonly platform = 'bluesky' as const;
  readonly account: string;
  private readonly service: string;
  private readonly identifier: string;
  private readonly password: string;
  /** The variable's name is public: sign-in failures name it. */
  private readonly passwordVar: string;
  private readonly appUrl: string;
  private readonly langs?: string[];
  private session?: Promise<Session>;
  private readonly secrets: string[];
  private readonly dids = new Map<string, string | undefined>();

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    const creds = readCredentials(account, env);
    this.identifier = creds.identifier;
    this.password = creds.password;
    this.secrets = [this.password];
    this.service = serviceUrl(account);
    this.appUrl = typeof account.settings.appUrl === 'string' ? account.settings.appUrl.replace(/\/+$/, '') : 'https://bsky.app';
    const langs = account.settings.langs ?? account.settings.language;
    this.langs = typeof langs === 'string' ? [langs] : Array.isArray(langs) ? langs.map(String) : undefined;
    this.passwordVar = credentialVars(account).password;
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.bluesky;
  }

  newHandle(): string {
    return nextTid();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    if (!TID_PATTERN.test(ctx.handle)) {
      throw new PlatformError('invalid', `Bluesky (${this.account}): handle "${ctx.handle}" is not a TID; record keys must come from newHandle()`);
    }
    const session = await this.getSession(ctx.signal);
    const record: Record<string, unknown> = { $type: POST, text: item.text, createdAt: new Date().toISOString() };
    const facets = await this.facets(item.text, ctx.signal);
    if (facets.length) record.facets = facets;
    const langs = (item.langs ?? this.langs)?.slice(0, 3);
    if (langs?.length) record.langs = langs;
    const embed = await this.embed(item, ctx.signal);
    if (embed) record.embed = embed;
    let conversationRoot: StrongRef | undefined;
    if (ctx.replyTo) {
      const parent = replyRef(ctx.replyTo, 'replyTo');
      // In a thread that answers someone (`reply_to:`), the root is their conversation's root.
      const root = ctx.root?.ref?.rootUri && ctx.root.ref.rootCid ? { uri: ctx.root.ref.rootUri, cid: ctx.root.ref.rootCid } : ctx.root ? replyRef(ctx.root, 'root') : parent;
      record.reply = { root, parent };
    } else if (item.replyTo) {
      const target = await this.replyTarget(item.replyTo, ctx.signal);
      record.reply = target;
      conversationRoot = target.root;
    }
    try {
      const created = await this.call('POST', 'com.atproto.repo.createRecord', strongRef, {
        what: `Bluesky (${this.account}): create post`,
        body: { repo: session.did, collection: POST, rkey: ctx.handle, record },
        signal: ctx.signal,
      });
      const posted = this.posted(session, created, ctx.handle);
      return conversationRoot ? { ...posted, ref: { ...posted.ref, rootUri: conversationRoot.uri, rootCid: conversationRoot.cid } } : posted;
    } catch (error) {
      // Whenever the PDS may have created the record anyway (a timeout, a dropped connection, a
      // 5xx — one PDS answers 500 when the record key exists already), ask for the record key:
      // if it is taken, that record is ours. If asking fails too, the caller looks it up later.
      if (acceptanceOpen(error)) {
        const existing = await this.lookup(ctx.handle).catch(() => null);
        if (existing) return existing;
      }
      throw error;
    }
  }

  async lookup(handle: string): Promise<PostedItem | null> {
    const session = await this.getSession();
    try {
      const found = await this.call('GET', 'com.atproto.repo.getRecord', strongRef, {
        what: `Bluesky (${this.account}): look up post ${handle}`,
        params: { repo: session.did, collection: POST, rkey: handle },
      });
      return this.posted(session, found, handle);
    } catch (error) {
      if (error instanceof PlatformError && error.status === 400 && /RecordNotFound/.test(error.message)) return null;
      throw error;
    }
  }

  async verify(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.getSession();
      const me = await this.call('GET', 'com.atproto.server.getSession', sessionInfo, { what: `Bluesky (${this.account}): check session` });
      return { ok: true, detail: `signed in to ${this.service} as @${me.handle} (${me.did})` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** `app.bsky.feed.getPosts` takes at most 25 URIs a call. */
  readonly metricsBatch = 25;

  async metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    const uriOf = (item: PostedItem) => item.ref?.uri ?? item.id;
    const url = new URLSearchParams();
    for (const item of items) url.append('uris', uriOf(item));
    const answer = await this.call('GET', 'app.bsky.feed.getPosts', posts, {
      what: `Bluesky (${this.account}): read metrics of ${items.length} post${items.length === 1 ? '' : 's'} (needs an AppView behind the PDS)`,
      query: url,
      signal,
    });
    const byUri = new Map(answer.posts.map((p) => [p.uri, p]));
    const out = new Map<string, Counts>();
    for (const item of items) {
      const post = byUri.get(uriOf(item));
      // The AppView leaves out posts it does not have: deleted ones.
      if (post) out.set(item.id, { likes: post.likeCount ?? 0, reposts: post.repostCount ?? 0, replies: post.replyCount ?? 0, quotes: post.quoteCount ?? 0 });
    }
    return out;
  }

  async followers(signal?: AbortSignal): Promise<number> {
    const session = await this.getSession(signal);
    const answer = await this.call('GET', 'app.bsky.actor.getProfile', profile, {
      what: `Bluesky (${this.account}): read follower count (needs an AppView behind the PDS)`,
      params: { actor: session.did },
      signal,
    });
    return answer.followersCount ?? 0;
  }

  /**
   * The reply reference for answering the post at a web address (…/profile/<handle or did>/post/<rkey>):
   * its uri and cid as parent, and its own root (or itself) as root.
   */
  private async replyTarget(url: string, signal?: AbortSignal): Promise<{ root: StrongRef; parent: StrongRef }> {
    const m = /\/profile\/([^/?#]+)\/post\/([^/?#]+)/.exec(url);
    if (!m) throw new PlatformError('invalid', `Bluesky (${this.account}): reply_to ${url} is not a Bluesky post address (…/profile/<handle>/post/<id>)`);
    const actor = decodeURIComponent(m[1]);
    const did = await this.resolveHandle(actor, signal);
    if (!did) throw new PlatformError('invalid', `Bluesky (${this.account}): reply_to ${url}: the handle @${actor} does not resolve; was the account renamed or deleted?`);
    try {
      const found = await this.call('GET', 'com.atproto.repo.getRecord', answered, {
        what: `Bluesky (${this.account}): read the post to answer (${url})`,
        params: { repo: did, collection: POST, rkey: m[2] },
        signal,
      });
      const parent = { uri: found.uri, cid: found.cid };
      const root = found.value.reply?.root;
      return { root: root?.uri && root.cid ? { uri: root.uri, cid: root.cid } : parent, parent };
    } catch (error) {
      if (error instanceof PlatformError && error.status === 400 && /RecordNotFound|Could not locate/.test(error.message)) {
        throw new PlatformError('invalid', `Bluesky (${this.account}): reply_to ${url}: that post does not exist (deleted?)`, { status: 400 });
      }
      throw error;
    }
  }

  /** A read-only XRPC query with this account's session, its answer checked by `schema` (inbox and listening read through it). */
  async query<S extends z.ZodType>(nsid: string, params: Record<string, string>, schema: S, what: string): Promise<z.output<S>> {
    return this.call('GET', nsid, schema, { what: `Bluesky (${this.account}): ${what}`, params });
  }

  /** The web address of a post, as `posted` builds it for our own. */
  postUrl(handle: string, uri: string): string {
    return `${this.appUrl}/profile/${handle}/post/${uri.slice(uri.lastIndexOf('/') + 1)}`;
  }

  private posted(session: Session, ref: StrongRef, rkey: string): PostedItem {
    return { id: ref.uri, url: `${this.appUrl}/profile/${session.handle}/post/${rkey}`, ref: { uri: ref.uri, cid: ref.cid } };
  }

  /** Signs in ahead of the first call (see Adapter.signIn); nothing if a session is there or on its way. */
  signIn(): void {
    if (this.session) return;
    const attempt = this.createSession();
    attempt.catch(() => undefined);
    this.session = attempt;
  }

  /**
   * One session per adapter (createSession is rate-limited per day); concurrent callers share it.
   * A failed sign-in is forgotten by the callers that see it fail, so the next call tries again.
   */
  private getSession(signal?: AbortSignal): Promise<Session> {
    const current = (this.session ??= this.createSession(signal));
    return current.catch((error) => {
      if (this.session === current) this.session = undefined;
      throw error;
    });
  }

  private async createSession(signal?: AbortSignal): Promise<Session> {
    const what = `Bluesky (${this.account}): sign in as ${this.identifier} on ${this.service}`;
    const res = await this.raw('POST', 'com.atproto.server.createSession', undefined, {
      what,
      body: { identifier: this.identifier, password: this.password },
      signal,
    });
    if (!res.ok) {
      const error = await errorFromResponse(res, this.requestOptions(what));
      if (error.kind === 'auth') {
        throw new PlatformError('auth', `${error.message}. Check ${this.passwordVar}: it should be an app password for this account.`, { status: error.status });
      }
      throw error;
    }
    return this.remember(await readAnswer(res, session, this.requestOptions(what)));
  }

  private async refreshSession(old: Session): Promise<Session> {
    const what = `Bluesky (${this.account}): refresh session`;
    const res = await send(`${this.service}/xrpc/com.atproto.server.refreshSession`, { method: 'POST', headers: { authorization: `Bearer ${old.refreshJwt}` } }, this.requestOptions(what));
    if (!res.ok) return this.createSession();
    return this.remember(await readAnswer(res, session, this.requestOptions(what)));
  }

  private remember(session: Session): Session {
    this.secrets.push(session.accessJwt, session.refreshJwt);
    return session;
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', nsid: string, schema: S, call: Call): Promise<z.output<S>> {
    const session = await this.getSession(call.signal);
    let res = await this.raw(method, nsid, session.accessJwt, call);
    if (res.status === 400 || res.status === 401) {
      const body = xrpcError.safeParse(await res.clone().json().catch(() => undefined));
      if (body.success && body.data.error === 'ExpiredToken') {
        const fresh = this.refreshSession(session);
        this.session = fresh;
        res = await this.raw(method, nsid, (await fresh).accessJwt, call);
      }
    }
    if (!res.ok) throw await errorFromResponse(res, this.requestOptions(call.what));
    return readAnswer(res, schema, this.requestOptions(call.what));
  }

  private raw(method: 'GET' | 'POST', nsid: string, token: string | undefined, call: Call): Promise<Response> {
    const url = new URL(`${this.service}/xrpc/${nsid}`);
    for (const [k, v] of Object.entries(call.params ?? {})) url.searchParams.set(k, v);
    for (const [k, v] of call.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let body: RequestInit['body'];
    if (call.bytes) {
      headers['content-type'] = call.bytes.mime;
      body = call.bytes.data as Uint8Array<ArrayBuffer>;
    } else if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    return send(url, { method, headers, body }, this.requestOptions(call.what, call.signal));
  }

  private requestOptions(what: string, signal?: AbortSignal): RequestOptions {
    return { what, secrets: this.secrets, signal, timeoutMs: this.opts.timeoutMs, onResponse: this.opts.onResponse };
  }

  /** Link, mention and hashtag facets with UTF-8 byte offsets; mentions that do not resolve stay plain text. */
  private async facets(text: string, signal?: AbortSignal): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const facet of (detectFacets(utf8Indexed(text)) ?? []).sort((a, b) => a.index.byteStart - b.index.byteStart)) {
      const features = [];
      for (const feature of facet.features) {
        if (feature.$type === 'app.bsky.richtext.facet#mention') {
          const did = await this.resolveHandle(String((feature as { did: string }).did), signal);
          if (did) features.push({ $type: feature.$type, did });
        } else {
          features.push(feature);
        }
      }
      if (features.length) out.push({ $type: 'app.bsky.richtext.facet', index: facet.index, features });
    }
    return out;
  }

  private async resolveHandle(handle: string, signal?: AbortSignal): Promise<string | undefined> {
    if (handle.startsWith('did:')) return handle;
    if (this.dids.has(handle)) return this.dids.get(handle);
    const url = new URL(`${this.service}/xrpc/com.atproto.identity.resolveHandle`);
    url.searchParams.set('handle', handle);
    const opts = this.requestOptions(`Bluesky (${this.account}): resolve @${handle}`, signal);
    const res = await send(url, {}, opts);
    if (res.status >= 500 || res.status === 429) throw await errorFromResponse(res, opts);
    const did = res.ok ? (await readAnswer(res, resolved, opts)).did : undefined;
    this.dids.set(handle, did);
    return did;
  }

  private async embed(item: OutgoingItem, signal?: AbortSignal): Promise<unknown> {
    // A post holds either images or a link card, not both; images win.
    if (item.media.length) {
      const images = [];
      for (const media of item.media) images.push(await this.image(media, signal));
      return { $type: 'app.bsky.embed.images', images };
    }
    if (item.card) {
      const external: Record<string, unknown> = { uri: item.card.uri, title: item.card.title, description: item.card.description ?? '' };
      // Only local thumbnails: fetching a remote one would reach outside the platform's API.
      if (item.card.thumb && !/^https?:\/\//i.test(item.card.thumb)) {
        const bytes = await readMedia(item.card.thumb, undefined, this.opts.root);
        external.thumb = await this.uploadBlob(item.card.thumb, bytes, sniffMediaType(bytes.subarray(0, 32)) ?? 'image/jpeg', signal);
      }
      return { $type: 'app.bsky.embed.external', external };
    }
    return undefined;
  }

  private async image(media: OutgoingMedia, signal?: AbortSignal) {
    const bytes = await readMedia(media.file, media.absPath, this.opts.root);
    if (bytes.length > LIMITS.bluesky.maxImageBytes) {
      throw new PlatformError('invalid', `Bluesky (${this.account}): ${media.file} is ${bytes.length} bytes; the limit is ${LIMITS.bluesky.maxImageBytes}. Shrink or recompress it.`);
    }
    const blob = await this.uploadBlob(media.file, bytes, media.mime, signal);
    const size = imageSize(bytes);
    return { image: blob, alt: media.alt ?? '', ...(size ? { aspectRatio: size } : {}) };
  }

  private async uploadBlob(file: string, bytes: Uint8Array, mime: string, signal?: AbortSignal): Promise<z.output<typeof blob>> {
    const answer = await this.call('POST', 'com.atproto.repo.uploadBlob', uploaded, {
      what: `Bluesky (${this.account}): upload ${file}`,
      bytes: { data: bytes, mime },
      signal,
    });
    return answer.blob;
  }
}

function serviceUrl(account: Account): string {
  const raw = account.server ?? DEFAULT_SERVICE;
  const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    return new URL(withScheme).toString().replace(/\/+$/, '');
  } catch {
    throw new PlatformError('config', `account "${account.name}": server "${raw}" is not a URL; set it to the PDS address, e.g. https://bsky.social`);
  }
}

function replyRef(posted: PostedItem, role: string): StrongRef {
  const uri = posted.ref?.uri;
  const cid = posted.ref?.cid;
  if (!uri || !cid) throw new PlatformError('invalid', `Bluesky: the ${role} post ${posted.id} has no uri/cid reference; replies need both`);
  return { uri, cid };
}

/**
 * What the facet detector reads of a text (@atproto/api's UnicodeString, whose module loads
 * @atproto/common-web for grapheme counts the detector never asks for): the text and UTF-8
 * byte offsets.
 */
function utf8Indexed(text: string): UnicodeString {
  const encoder = new TextEncoder();
  const indexed = { utf16: text, utf16IndexToUtf8Index: (i: number) => encoder.encode(text.slice(0, i)).byteLength };
  return indexed as unknown as UnicodeString;
}
