// A local server that behaves like LinkedIn's versioned REST API for what socialcal uses: the
// Posts API (201 + x-restli-id, 422 DUPLICATE_POST naming the existing post, finder by author),
// images (initializeUpload, then PUT to the upload URL), token introspection, and the required
// LinkedIn-Version / X-Restli-Protocol-Version headers.
import { startRecordingServer, withLiveState, type RecordedRequest, type Reply } from './http-server.js';

export interface FakeLinkedInPost {
  id: string;
  author: string;
  commentary: string;
  visibility: string;
  content?: { media?: { id: string; altText?: string }; multiImage?: { images: { id: string; altText?: string }[] } };
  createdAt: number;
  lastModifiedAt: number;
  lifecycleState: string;
}

export interface FakeLinkedIn {
  url: string;
  token: string;
  client: { id: string; secret: string };
  requests: RecordedRequest[];
  posts: FakeLinkedInPost[];
  images: Map<string, Buffer | undefined>;
  /** Seconds until the token expires, as introspection reports it. */
  expiresIn: number;
  /** Answer 403 to reads (a token without r_*_social). */
  noReadScope: boolean;
  failNext(status: number, headers?: Record<string, string>, body?: unknown): void;
  close(): Promise<void>;
}

const error = (status: number, message: string, code?: string, inputCode?: string): Reply => ({
  status,
  body: { status, message, ...(code ? { code } : {}), ...(inputCode ? { errorDetails: { inputErrors: [{ description: message, input: {}, code: inputCode }] } } : {}) },
});

export async function startLinkedIn(opts: { author?: string } = {}): Promise<FakeLinkedIn> {
  const author = opts.author ?? 'urn:li:organization:2414183';
  const token = 'AQX-linkedin-test-token-1234567890';
  const client = { id: '86abcdefgh', secret: 'linkedin-client-secret-xyz' };
  const posts: FakeLinkedInPost[] = [];
  const images = new Map<string, Buffer | undefined>();
  let next = 7_141_138_937_766_391_800n;
  let base = '';

  const state = { expiresIn: 60 * 86400, noReadScope: false };

  const handle = (req: RecordedRequest): Reply => {
    if (req.method === 'POST' && req.path === '/oauth/v2/introspectToken') {
      const b = req.body as Record<string, string>;
      if (b.client_id !== client.id || b.client_secret !== client.secret) return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
      if (b.token !== token) return { status: 200, body: { active: false, status: 'revoked' } };
      const now = Math.floor(Date.now() / 1000);
      return { status: 200, body: { active: true, client_id: client.id, authorized_at: now - 86400, created_at: now - 86400, status: 'active', expires_at: now + state.expiresIn, scope: 'r_organization_social,w_organization_social', auth_type: '3L' } };
    }
    const upload = /^\/dms-uploads\/(\d+)$/.exec(req.path);
    if (req.method === 'PUT' && upload) {
      const urn = `urn:li:image:${upload[1]}`;
      if (!images.has(urn)) return { status: 404, body: '' };
      images.set(urn, req.raw);
      return { status: 201 };
    }
    if (req.headers.authorization !== `Bearer ${token}`) return error(401, 'Invalid access token', 'EXPIRED_ACCESS_TOKEN');
    if (!/^\d{6}$/.test(req.headers['linkedin-version'] ?? '')) return error(400, 'A version must be present. Please specify a version by adding the LinkedIn-Version header.', 'VERSION_MISSING');
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') return error(400, 'X-Restli-Protocol-Version 2.0.0 is required');

    if (req.method === 'POST' && req.path === '/rest/images' && req.query.action === 'initializeUpload') {
      const owner = (req.body as { initializeUploadRequest?: { owner?: string } })?.initializeUploadRequest?.owner;
      if (owner !== author) return error(403, `Not enough permissions to upload images for ${owner}`);
      const id = String(next++);
      images.set(`urn:li:image:${id}`, undefined);
      return { status: 200, body: { value: { uploadUrlExpiresAt: Date.now() + 3600_000, uploadUrl: `${base}/dms-uploads/${id}`, image: `urn:li:image:${id}` } } };
    }

    if (req.method === 'POST' && req.path === '/rest/posts') {
      const b = req.body as Partial<FakeLinkedInPost> & { distribution?: { feedDistribution?: string }; lifecycleState?: string };
      if (b.author !== author) return error(403, `Not enough permissions to create a post as ${b.author}`);
      if (typeof b.commentary !== 'string' || b.commentary.length > 3000) return error(422, 'commentary must be at most 3000 characters', undefined, 'INVALID_VALUE');
      if (b.lifecycleState !== 'PUBLISHED' || b.distribution?.feedDistribution !== 'MAIN_FEED') return error(422, 'lifecycleState and distribution are required');
      const used = [b.content?.media, ...(b.content?.multiImage?.images ?? [])].filter(Boolean) as { id: string }[];
      if (used.some((m) => images.get(m.id) === undefined)) return error(422, 'Image is not uploaded yet', undefined, 'INVALID_VALUE');
      if (b.content?.multiImage && (b.content.multiImage.images.length < 2 || b.content.multiImage.images.length > 20)) return error(422, 'multiImage takes 2 to 20 images');
      const dup = posts.find((p) => p.commentary === b.commentary);
      if (dup) return error(422, `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${dup.id}`, undefined, 'DUPLICATE_POST');
      const id = `urn:li:share:${next++}`;
      const now = Date.now();
      posts.push({ id, author, commentary: b.commentary, visibility: b.visibility ?? 'PUBLIC', ...(b.content ? { content: b.content } : {}), createdAt: now, lastModifiedAt: now, lifecycleState: 'PUBLISHED' });
      return { status: 201, headers: { 'x-restli-id': id, 'x-linkedin-id': id } };
    }

    if (req.method === 'GET' && req.path === '/rest/posts' && req.query.q === 'author') {
      if (state.noReadScope) return error(403, 'Not enough permissions to access: partnerApiPostsExternal.FINDER-author', 'ACCESS_DENIED');
      if (req.query.author !== author) return error(403, 'Not enough permissions');
      const count = Number(req.query.count ?? 10);
      const start = Number(req.query.start ?? 0);
      const sorted = [...posts].sort((a, b) => b.lastModifiedAt - a.lastModifiedAt || (b.id < a.id ? -1 : 1));
      return { status: 200, body: { paging: { start, count, links: [], total: sorted.length }, elements: sorted.slice(start, start + count) } };
    }

    const social = /^\/rest\/socialActions\/(.+)$/.exec(req.path);
    if (req.method === 'GET' && social) {
      const p = posts.find((x) => x.id === decodeURIComponent(social[1]));
      if (!p) return error(404, 'Not found');
      return { status: 200, body: { likesSummary: { totalLikes: 12, likedByCurrentUser: false }, commentsSummary: { aggregatedTotalComments: 3, totalFirstLevelComments: 2 }, target: p.id } };
    }
    return error(404, `fake LinkedIn: no route ${req.method} ${req.path}`);
  };

  const server = await startRecordingServer(handle);
  base = server.url;
  const fake = { url: server.url, token, client, requests: server.requests, posts, images, failNext: server.failNext, close: server.close };
  return withLiveState(fake, state, ['expiresIn', 'noReadScope']);
}
