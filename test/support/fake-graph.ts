// A local server that behaves like Meta's documented Graph APIs for what socialcal uses:
// Threads (containers, threads_publish, reply_to_id, threads/replies edges, insights),
// Instagram (media containers, carousels, media_publish, media edge) and Facebook Pages
// (unpublished photos, feed with attached_media, published_posts, duplicate refusal), plus
// debug_token. The token travels as the `access_token` parameter; errors have Meta's shape
// ({error: {message, type, code, error_subcode, fbtrace_id}}). Containers fetch their image
// from its public URL, as Meta does, and go IN_PROGRESS → FINISHED → PUBLISHED.
import { startRecordingServer, type RecordedFile, type RecordedRequest, type Reply } from './http-server.js';

export interface FakeContainer {
  id: string;
  platform: 'threads' | 'instagram';
  params: Record<string, string>;
  status: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';
  error?: string;
  /** Status reads left before IN_PROGRESS turns FINISHED. */
  pending: number;
  /** The image bytes fetched from image_url. */
  image?: Buffer;
}

export interface FakeGraphPost {
  id: string;
  platform: 'threads' | 'instagram' | 'facebook';
  text: string;
  timestamp: string;
  permalink: string;
  mediaType: string;
  replyTo?: string;
  container?: string;
  /** Image URLs and alt texts (Threads, Instagram), or attached photo ids (Facebook). */
  images: { url?: string; alt?: string; photo?: string }[];
  link?: string;
}

export interface FakePhoto {
  id: string;
  published: boolean;
  alt?: string;
  file: RecordedFile;
}

export interface FakeGraphOptions {
  token?: string;
  /** Status reads a container stays IN_PROGRESS (Meta processes media asynchronously). */
  containerPolls?: number;
  /** debug_token's expires_at (epoch seconds); 0 = never. */
  expiresAt?: number;
  /** The Threads profile's follower count (threads_insights followers_count). */
  threadsFollowers?: number;
}

export interface FakeGraph {
  url: string;
  token: string;
  threadsUser: string;
  igUser: string;
  pageId: string;
  requests: RecordedRequest[];
  containers: FakeContainer[];
  posts: FakeGraphPost[];
  photos: FakePhoto[];
  /** Every later call answers 190 "Session has expired" until `renewToken`. */
  expireToken(): void;
  renewToken(): void;
  setExpiresAt(epochSeconds: number): void;
  /** Threads insights answer 403 (#10) until granted again: a token without threads_manage_insights. */
  denyInsights(denied: boolean): void;
  /** The next request is refused with this Graph error code (4, 17, 32, 613: rate limits). */
  graphErrorNext(status: number, code: number, message: string, headers?: Record<string, string>): void;
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

const VERSIONS: Record<string, RegExp> = { threads: /^v1\.0$/, meta: /^v\d+\.\d+$/ };

export async function startGraph(opts: FakeGraphOptions = {}): Promise<FakeGraph> {
  const token = opts.token ?? 'meta-test-token-5f2c';
  const threadsUser = '17841400001';
  const igUser = '17841400002';
  const pageId = '104500000003';
  const containers: FakeContainer[] = [];
  const posts: FakeGraphPost[] = [];
  const photos: FakePhoto[] = [];
  let expired = false;
  let insightsDenied = false;
  let expiresAt = opts.expiresAt ?? Math.floor(Date.now() / 1000) + 50 * 86_400;
  let nextId = 18000000000;
  let trace = 0;
  const newId = () => String(nextId++);

  const error = (status: number, code: number, message: string, type = 'OAuthException', extra: Record<string, unknown> = {}): Reply => ({
    status,
    body: { error: { message, type, code, ...extra, fbtrace_id: `trace${trace++}` } },
  });
  const invalidParam = (message: string) => error(400, 100, message, 'OAuthException');

  const handle = async (req: RecordedRequest): Promise<Reply> => {
    const params: Record<string, any> = req.method === 'GET' ? req.query : { ...req.query, ...(req.body ?? {}) };
    if (params.access_token !== token) return error(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (expired) return error(400, 190, 'Error validating access token: Session has expired on Monday, 04-Jan-27 10:00:00 PST.', 'OAuthException', { error_subcode: 463 });
    const [, version, ...rest] = req.path.split('/');
    if (!VERSIONS.meta.test(version)) return error(400, 2500, `Unknown path components: /${version}`);
    const [node, edge] = rest;

    if (req.method === 'GET' && node === 'debug_token' && !edge) {
      if (params.input_token !== token) return error(400, 190, 'Invalid OAuth access token');
      return { status: 200, body: { data: { type: 'USER', application: 'socialcal test', is_valid: true, expires_at: expiresAt, data_access_expires_at: expiresAt + 30 * 86_400, issued_at: 1, scopes: ['threads_basic', 'threads_content_publish'] } } };
    }

    // ── Threads ──
    if (node === threadsUser) {
      if (!VERSIONS.threads.test(version)) return error(400, 2500, 'Threads API versions: v1.0');
      if (req.method === 'GET' && !edge) return { status: 200, body: { id: threadsUser, username: 'acme' } };
      if (req.method === 'POST' && edge === 'threads') return createContainer('threads', params);
      if (req.method === 'POST' && edge === 'threads_publish') return publish('threads', params.creation_id);
      if (req.method === 'GET' && edge === 'threads_insights') {
        if (insightsDenied) return error(403, 10, 'Application does not have permission for this action', 'OAuthException');
        const metrics = String(params.metric ?? '').split(',');
        const unknown = metrics.find((m) => !['views', 'likes', 'replies', 'reposts', 'quotes', 'clicks', 'followers_count', 'follower_demographics'].includes(m));
        if (unknown !== undefined) return invalidParam(`(#100) Param metric must be one of {views, likes, replies, reposts, quotes, clicks, followers_count, follower_demographics}; got ${unknown}`);
        if (!metrics.includes('followers_count')) return invalidParam('(#100) fake Threads: only followers_count is answered here');
        const count = opts.threadsFollowers ?? 1234;
        return { status: 200, body: { data: [{ name: 'followers_count', period: 'day', title: 'followers_count', description: 'The number of followers on the profile.', total_value: { value: count }, id: `${threadsUser}/insights/followers_count/day` }] } };
      }
      if (req.method === 'GET' && (edge === 'threads' || edge === 'replies')) {
        return list(posts.filter((p) => p.platform === 'threads' && Boolean(p.replyTo) === (edge === 'replies')), params, (p) => ({ id: p.id, text: p.text, timestamp: p.timestamp, permalink: p.permalink, media_type: p.mediaType }));
      }
    }
    // ── Instagram ──
    if (node === igUser) {
      if (req.method === 'GET' && !edge) return { status: 200, body: pick({ id: igUser, username: 'acme.ig', followers_count: 321 }, String(params.fields ?? 'id,username').split(',')) };
      if (req.method === 'POST' && edge === 'media') return createContainer('instagram', params);
      if (req.method === 'POST' && edge === 'media_publish') return publish('instagram', params.creation_id);
      if (req.method === 'GET' && edge === 'media') {
        return list(posts.filter((p) => p.platform === 'instagram'), params, (p) => ({ id: p.id, caption: p.text, timestamp: p.timestamp, permalink: p.permalink, media_type: p.mediaType }));
      }
    }
    // ── Facebook Page ──
    if (node === pageId) {
      if (req.method === 'GET' && !edge) return { status: 200, body: pick({ id: pageId, name: 'Acme', followers_count: 654 }, String(params.fields ?? 'id,name').split(',')) };
      if (req.method === 'POST' && edge === 'photos') {
        const file = params.source as RecordedFile | undefined;
        if (!file || typeof file !== 'object') return invalidParam('(#324) Requires upload file');
        const photo: FakePhoto = { id: newId(), published: params.published !== 'false', file, ...(params.alt_text_custom ? { alt: params.alt_text_custom } : {}) };
        photos.push(photo);
        return { status: 200, body: { id: photo.id } };
      }
      if (req.method === 'POST' && edge === 'feed') {
        const message = (params.message as string | undefined) ?? '';
        const attached: string[] = [];
        for (let i = 0; `attached_media[${i}]` in params; i++) attached.push(JSON.parse(params[`attached_media[${i}]`]).media_fbid);
        if (!message && !attached.length && !params.link) return invalidParam('(#100) Missing message or attachment');
        for (const id of attached) {
          const photo = photos.find((p) => p.id === id);
          if (!photo) return invalidParam(`(#100) Invalid media_fbid ${id}`);
          if (photo.published) return invalidParam('(#100) attached_media photos must be unpublished');
        }
        // Facebook refuses a page post identical to a recent one.
        if (message && posts.some((p) => p.platform === 'facebook' && p.text === message)) return error(400, 506, 'Duplicate status message', 'OAuthException');
        const id = `${pageId}_${newId()}`;
        posts.push({ id, platform: 'facebook', text: message, timestamp: new Date().toISOString(), permalink: `https://www.facebook.com/${id}`, mediaType: attached.length ? 'photo' : 'status', images: attached.map((photo) => ({ photo })), ...(params.link ? { link: params.link } : {}) });
        return { status: 200, body: { id } };
      }
      if (req.method === 'GET' && edge === 'published_posts') {
        return list(posts.filter((p) => p.platform === 'facebook'), params, (p) => ({ id: p.id, message: p.text || undefined, created_time: p.timestamp, permalink_url: p.permalink }));
      }
    }

    // ── objects by id ──
    const container = containers.find((c) => c.id === node);
    if (container && req.method === 'GET' && !edge) {
      if (container.status === 'IN_PROGRESS' && --container.pending <= 0) container.status = 'FINISHED';
      const fields = String(params.fields ?? '').split(',');
      if (container.platform === 'threads') return { status: 200, body: pick({ id: container.id, status: container.status, error_message: container.error }, fields) };
      return { status: 200, body: pick({ id: container.id, status_code: container.status, status: container.error }, fields) };
    }
    const post = posts.find((p) => p.id === node);
    if (post && req.method === 'GET') {
      if (edge === 'insights' && post.platform === 'threads') {
        const metrics = String(params.metric ?? '').split(',');
        return { status: 200, body: { data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: name.length }], id: `${post.id}/insights/${name}/lifetime` })) } };
      }
      if (!edge) {
        const fields = String(params.fields ?? '').split(',');
        return {
          status: 200,
          body: pick({
            id: post.id,
            permalink: post.platform === 'facebook' ? undefined : post.permalink,
            permalink_url: post.platform === 'facebook' ? post.permalink : undefined,
            like_count: 7,
            comments_count: 2,
            shares: { count: 3 },
          }, fields, post),
        };
      }
    }
    return error(400, 100, `Unsupported ${req.method} request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, 'GraphMethodException', { error_subcode: 33 });
  };

  async function createContainer(platform: 'threads' | 'instagram', params: Record<string, string>): Promise<Reply> {
    const textKey = platform === 'threads' ? 'text' : 'caption';
    const text = params[textKey] ?? '';
    const maxText = platform === 'threads' ? 500 : 2200;
    if ([...text].length > maxText) return invalidParam(`(#100) The ${textKey} is too long: at most ${maxText} characters`);
    const isItem = params.is_carousel_item === 'true';
    const type = params.media_type ?? (platform === 'instagram' ? 'IMAGE' : undefined);
    if (!type || !['TEXT', 'IMAGE', 'CAROUSEL'].includes(type) || (platform === 'instagram' && type === 'TEXT')) return invalidParam(`(#100) Param media_type must be one of {${platform === 'threads' ? 'TEXT, IMAGE, VIDEO, CAROUSEL' : 'IMAGE, VIDEO, REELS, STORIES, CAROUSEL'}}`);
    if (platform === 'threads' && type === 'TEXT' && !text) return invalidParam('(#100) Param text is required for TEXT posts');
    if (platform === 'threads' && params.reply_to_id && !posts.some((p) => p.id === params.reply_to_id)) return invalidParam(`(#100) reply_to_id ${params.reply_to_id} does not exist`);
    const container: FakeContainer = { id: newId(), platform, params, status: 'IN_PROGRESS', pending: opts.containerPolls ?? 1 };
    if (type === 'CAROUSEL') {
      const children = (params.children ?? '').split(',').filter(Boolean);
      const max = platform === 'threads' ? 20 : 10;
      if (children.length < 2 || children.length > max) return invalidParam(`(#100) A carousel needs 2 to ${max} children`);
      for (const id of children) {
        const child = containers.find((c) => c.id === id);
        if (!child || child.params.is_carousel_item !== 'true') return invalidParam(`(#100) Child ${id} is not a carousel item container`);
        if (child.status !== 'FINISHED') return invalidParam(`(#9007) Child ${id} is not ready to be published`);
      }
    } else if (type === 'IMAGE') {
      if (!params.image_url) return invalidParam('(#100) Param image_url is required');
      // Meta downloads the image from its public URL.
      const fetched = await fetch(params.image_url).catch(() => undefined);
      if (!fetched?.ok || !(fetched.headers.get('content-type') ?? '').startsWith('image/')) {
        container.status = 'ERROR';
        container.error = platform === 'threads' ? 'FAILED_DOWNLOADING_IMAGE' : '2207052';
      } else container.image = Buffer.from(await fetched.arrayBuffer());
    }
    if (isItem && type === 'CAROUSEL') return invalidParam('(#100) A carousel item cannot be a carousel');
    containers.push(container);
    return { status: 200, body: { id: container.id } };
  }

  function publish(platform: 'threads' | 'instagram', creationId: string | undefined): Reply {
    const container = containers.find((c) => c.id === creationId && c.platform === platform);
    if (!container) return invalidParam(`(#100) Param creation_id ${creationId ?? ''} is not a valid container`);
    if (container.params.is_carousel_item === 'true') return invalidParam('(#100) A carousel item cannot be published on its own');
    if (container.status === 'PUBLISHED') return error(400, 9007, 'The media has already been published', 'OAuthException', { error_subcode: 2207020 });
    if (container.status !== 'FINISHED') return error(400, 9007, 'Media ID is not available', 'OAuthException', { error_subcode: 2207027 });
    container.status = 'PUBLISHED';
    const p = container.params;
    const textKey = platform === 'threads' ? 'text' : 'caption';
    const type = p.media_type ?? 'IMAGE';
    const children = type === 'CAROUSEL' ? p.children.split(',').map((id) => containers.find((c) => c.id === id)!) : [];
    const images = type === 'CAROUSEL' ? children.map((c) => ({ url: c.params.image_url, alt: c.params.alt_text })) : type === 'IMAGE' ? [{ url: p.image_url, alt: p.alt_text }] : [];
    const id = newId();
    const permalink = platform === 'threads' ? `https://www.threads.net/@acme/post/${id}` : `https://www.instagram.com/p/${id}/`;
    posts.push({ id, platform, text: p[textKey] ?? '', timestamp: new Date().toISOString(), permalink, mediaType: type === 'TEXT' ? 'TEXT_POST' : type === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE', container: container.id, images, ...(p.reply_to_id ? { replyTo: p.reply_to_id } : {}) });
    return { status: 200, body: { id } };
  }

  /** A cursor-paged edge, newest first, as the Graph API pages: data + paging.cursors + next. */
  function list(items: FakeGraphPost[], params: Record<string, string>, shape: (p: FakeGraphPost) => Record<string, unknown>): Reply {
    const newest = [...items].reverse();
    const limit = Math.min(Number(params.limit ?? 25), 100);
    const start = params.after ? Number(Buffer.from(params.after, 'base64url').toString()) : 0;
    const slice = newest.slice(start, start + limit);
    const fields = String(params.fields ?? 'id').split(',');
    const after = Buffer.from(String(start + slice.length)).toString('base64url');
    const more = start + slice.length < newest.length;
    return {
      status: 200,
      body: {
        data: slice.map((p) => pick(shape(p), fields)),
        ...(slice.length ? { paging: { cursors: { before: Buffer.from(String(start)).toString('base64url'), after }, ...(more ? { next: `${server.url}/next?after=${after}` } : {}) } } : {}),
      },
    };
  }

  const server = await startRecordingServer(handle);
  return {
    url: server.url,
    token,
    threadsUser,
    igUser,
    pageId,
    requests: server.requests,
    containers,
    posts,
    photos,
    expireToken: () => void (expired = true),
    renewToken: () => void (expired = false),
    setExpiresAt: (t) => void (expiresAt = t),
    denyInsights: (denied) => void (insightsDenied = denied),
    graphErrorNext(status, code, message, headers = {}) {
      server.failNext(status, headers, { error: { message, type: 'OAuthException', code, is_transient: false, fbtrace_id: `trace${trace++}` } });
    },
    failNext: server.failNext,
    close: server.close,
  };
}

/** The requested fields only, as the Graph API answers (id always). Facebook's engagement fields by their base name. */
function pick(all: Record<string, unknown>, fields: string[], post?: FakeGraphPost): Record<string, unknown> {
  const out: Record<string, unknown> = { id: all.id };
  for (const field of fields) {
    const base = field.split('.')[0];
    if (post && base === 'reactions') out.reactions = { data: [], summary: { total_count: 11 } };
    else if (post && base === 'comments') out.comments = { data: [], summary: { total_count: 4 } };
    else if (all[base] !== undefined) out[base] = all[base];
  }
  return out;
}

export interface MediaSite {
  /** Base URL to use as an account's mediaBaseUrl. */
  url: string;
  close(): Promise<void>;
}

/** The public site media is served from (what `export html` publishes): files by repository path. */
export async function startMediaSite(files: Record<string, Buffer>): Promise<MediaSite> {
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
  const server = await startRecordingServer((req) => {
    const path = decodeURIComponent(req.path.replace(/^\/site\//, ''));
    const bytes = files[path];
    if (req.method !== 'GET' || !bytes) return { status: 404, body: 'not found' };
    return { status: 200, headers: { 'content-type': types[path.split('.').pop()!.toLowerCase()] ?? 'application/octet-stream' }, body: bytes };
  });
  return { url: `${server.url}/site/`, close: server.close };
}
