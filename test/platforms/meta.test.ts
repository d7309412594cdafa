// The Threads, Instagram and Facebook Pages adapters against a local server that behaves like
// the documented Graph APIs (test/support/fake-graph.ts), with media served from a local "site".
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { FacebookAdapter } from '../../src/platforms/facebook.js';
import { InstagramAdapter } from '../../src/platforms/instagram.js';
import { doctorText as print } from '../../src/views/doctor.js';
import { checkAccounts } from '../../src/platforms/doctor.js';
import { createAdapter } from '../../src/platforms/index.js';
import { ThreadsAdapter } from '../../src/platforms/threads.js';
import { PlatformError, type OutgoingItem, type OutgoingMedia } from '../../src/platforms/types.js';
import { startGraph, startMediaSite, type FakeGraph, type MediaSite } from '../support/fake-graph.js';
import { jpeg, png } from '../support/images.js';

let graph: FakeGraph;
let site: MediaSite;
const root = mkdtempSync(join(tmpdir(), 'socialcal-meta-'));
const files: Record<string, Buffer> = { 'media/a.jpg': jpeg(), 'media/b.jpg': Buffer.concat([jpeg(), Buffer.from([0])]), 'media/c d.png': png(1, 1) };
mkdirSync(join(root, 'media'));
for (const [path, bytes] of Object.entries(files)) writeFileSync(join(root, path), bytes);

const env = () => ({ META_TOKEN: graph.token });
const poll = { intervalMs: 1, attempts: 5 };
const media = (file: string, alt?: string): OutgoingMedia => ({ file, absPath: join(root, file), mime: file.endsWith('.png') ? 'image/png' : 'image/jpeg', ...(alt ? { alt } : {}) });
const item = (text: string, m: OutgoingMedia[] = []): OutgoingItem => ({ text, media: m });

function account(platform: 'threads' | 'instagram' | 'facebook', settings: Record<string, unknown> = {}): Account {
  const id = platform === 'threads' ? { userId: graph.threadsUser } : platform === 'instagram' ? { userId: graph.igUser } : { pageId: graph.pageId };
  const mediaBaseUrl = platform === 'facebook' ? {} : { mediaBaseUrl: site.url };
  return { name: `acme-${platform}`, platform, server: graph.url, credentials: { token: 'META_TOKEN' }, settings: { ...id, ...mediaBaseUrl, ...settings } };
}

const threads = (settings?: Record<string, unknown>) => new ThreadsAdapter(account('threads', settings), env(), { root, mediaPoll: poll });
const instagram = (settings?: Record<string, unknown>) => new InstagramAdapter(account('instagram', settings), env(), { root, mediaPoll: poll });
const facebook = () => new FacebookAdapter(account('facebook'), env(), { root });

/** Requests since `from`, as `METHOD /path` lines. */
const calls = (from: number) => graph.requests.slice(from).map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  graph = await startGraph();
  site = await startMediaSite(files);
});
afterAll(async () => {
  await graph.close();
  await site.close();
});
beforeEach(() => graph.renewToken());

/** Runs `fn` with fetch going through `route` (which may send, drop, or lose the answer). */
async function withFetch<T>(route: (url: string, send: () => Promise<Response>) => Promise<Response>, fn: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = ((url: string | URL | Request, init?: RequestInit) => route(String(url), () => original(url, init))) as typeof fetch;
  try {
    return await fn();
  } finally {
    globalThis.fetch = original;
  }
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('Threads', () => {
  it('posts text as a TEXT container, then publishes it, with the token as the access_token parameter', async () => {
    const from = graph.requests.length;
    const posted = await threads().post(item('Hello Threads'), { handle: 'h-text' });
    expect(calls(from)).toEqual([
      `POST /v1.0/${graph.threadsUser}/threads`,
      `GET /v1.0/${posted.ref!.container}`,
      `POST /v1.0/${graph.threadsUser}/threads_publish`,
      `GET /v1.0/${posted.id}`,
    ]);
    const [create, status, publish] = graph.requests.slice(from);
    expect(create.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(create.body).toEqual({ media_type: 'TEXT', text: 'Hello Threads', access_token: graph.token });
    expect(status.query).toEqual({ fields: 'status,error_message', access_token: graph.token });
    expect(publish.body).toEqual({ creation_id: posted.ref!.container, access_token: graph.token });
    const post = graph.posts.find((p) => p.id === posted.id)!;
    expect(post).toMatchObject({ platform: 'threads', text: 'Hello Threads', mediaType: 'TEXT_POST' });
    expect(posted.url).toBe(post.permalink);
  });

  it('posts an image from mediaBaseUrl + its path, with alt text; Meta fetches the very file', async () => {
    const posted = await threads().post(item('A picture', [media('media/c d.png', 'A grey pixel')]), { handle: 'h-img' });
    const container = graph.containers.find((c) => c.id === posted.ref!.container)!;
    expect(container.params).toMatchObject({ media_type: 'IMAGE', text: 'A picture', image_url: `${site.url}media/c%20d.png`, alt_text: 'A grey pixel' });
    expect(container.image).toEqual(files['media/c d.png']);
  });

  it('posts several images as a carousel of item containers', async () => {
    const posted = await threads().post(item('Two', [media('media/a.jpg', 'first'), media('media/b.jpg', 'second')]), { handle: 'h-car' });
    const post = graph.posts.find((p) => p.id === posted.id)!;
    expect(post.mediaType).toBe('CAROUSEL_ALBUM');
    expect(post.images).toEqual([{ url: `${site.url}media/a.jpg`, alt: 'first' }, { url: `${site.url}media/b.jpg`, alt: 'second' }]);
    const children = graph.containers.find((c) => c.id === posted.ref!.container)!.params.children.split(',');
    for (const child of children) expect(graph.containers.find((c) => c.id === child)!.params).toMatchObject({ media_type: 'IMAGE', is_carousel_item: 'true' });
  });

  it('thread items are replies to the item before (reply_to_id)', async () => {
    const adapter = threads();
    const first = await adapter.post(item('Thread start'), { handle: 'h-t1' });
    const second = await adapter.post(item('Thread reply'), { handle: 'h-t2', replyTo: first, root: first });
    expect(graph.posts.find((p) => p.id === second.id)!.replyTo).toBe(first.id);
    // The reply is found under the replies edge after a restart.
    expect(await threads().lookup('other-process', item('Thread reply'))).toMatchObject({ id: second.id });
  });

  it('a lost publish answer: the container says PUBLISHED, lookup finds the post, nothing is published twice', async () => {
    const adapter = threads();
    const before = graph.posts.length;
    // Meta publishes, then the answer is lost on the way back.
    await rejection(withFetch((url, send) => (url.endsWith('/threads_publish') ? send().then(() => Promise.reject(new TypeError('fetch failed'))) : send()), () => adapter.post(item('Lost answer'), { handle: 'h-lost' })));
    expect(graph.posts.length).toBe(before + 1);
    const found = await adapter.lookup('h-lost', item('Lost answer'));
    expect(found).toMatchObject({ id: graph.posts[graph.posts.length - 1].id, url: graph.posts[graph.posts.length - 1].permalink });
    // Posting again with the same handle (as a retry would) finds the published container instead.
    expect(await adapter.post(item('Lost answer'), { handle: 'h-lost' })).toMatchObject({ id: (found as { id: string }).id });
    expect(graph.posts.length).toBe(before + 1);
  });

  it('a FINISHED container is published, not made again; an unpublished one is "not posted"', async () => {
    const adapter = threads();
    const publishes = () => graph.requests.filter((r) => r.path.endsWith('/threads_publish')).length;
    const creates = () => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/threads')).length;
    // The container is made, then the publish request fails before Meta sees it.
    const [c0, p0] = [creates(), publishes()];
    await rejection(withFetch((url, send) => (url.endsWith('/threads_publish') ? Promise.reject(new TypeError('fetch failed')) : send()), () => adapter.post(item('Finished container'), { handle: 'h-fin' })));
    expect(await adapter.lookup('h-fin', item('Finished container'))).toBeNull();
    const posted = await adapter.post(item('Finished container'), { handle: 'h-fin' });
    expect(creates() - c0).toBe(1);
    expect(publishes() - p0).toBe(1);
    expect(graph.containers.find((c) => c.id === posted.ref!.container)!.status).toBe('PUBLISHED');
  });

  it('a container in ERROR (image not reachable) is refused with a hint; the next attempt makes a new container', async () => {
    const adapter = threads({ mediaBaseUrl: `${site.url}wrong/` });
    const error = await rejection(adapter.post(item('Broken image', [media('media/a.jpg', 'a')]), { handle: 'h-err' }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('FAILED_DOWNLOADING_IMAGE');
    expect(error.message).toContain('public URL');
    const first = graph.containers.at(-1)!;
    await rejection(adapter.post(item('Broken image', [media('media/a.jpg', 'a')]), { handle: 'h-err' }));
    expect(graph.containers.at(-1)!.id).not.toBe(first.id);
    expect(first.status).toBe('ERROR');
  });

  it('a post with media and no mediaBaseUrl is a config error naming the setting', async () => {
    const adapter = new ThreadsAdapter({ ...account('threads'), settings: { userId: graph.threadsUser } }, env(), { root });
    const error = await rejection(adapter.post(item('x', [media('media/a.jpg')]), { handle: 'h-cfg' }));
    expect(error.kind).toBe('config');
    expect(error.message).toContain('mediaBaseUrl under accounts.acme-threads');
  });

  it('lookup in a new process: finds the exact text among the latest posts, or says not posted', async () => {
    await threads().post(item('Found  by\ntext'), { handle: 'h-find' });
    expect(await threads().lookup('h-find', item('Found by text'))).toMatchObject({ url: expect.stringContaining('threads.net') });
    expect(await threads().lookup('h-none', item('Never posted'))).toBeNull();
    expect(await threads().lookup('h-none', item('', [media('media/a.jpg')]))).toBe('unknown');
  });

  it('an expired token (OAuthException 190) is an auth error naming the variable; the token never shows', async () => {
    graph.expireToken();
    const error = await rejection(threads().post(item('expired'), { handle: 'h-exp' }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Session has expired');
    expect(error.message).toContain('META_TOKEN');
    expect(error.message).not.toContain(graph.token);
  });

  it('rate limits (codes 4, 17, 32, 613) are rate-limit errors that wait as X-Business-Use-Case-Usage says', async () => {
    for (const code of [4, 17, 32, 613]) {
      graph.graphErrorNext(400, code, 'Application request limit reached', {
        'x-business-use-case-usage': JSON.stringify({ [graph.threadsUser]: [{ type: 'threads', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 2 }] }),
        'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 10, total_time: 12 }),
      });
      const error = await rejection(threads().post(item(`limited ${code}`), { handle: `h-rl-${code}` }));
      expect(error.kind).toBe('rate-limit');
      expect(error.retryAfterMs).toBe(120_000);
      expect(error.message).toContain('app usage 100%');
    }
  });

  it('verify reads the profile and when the token expires (debug_token)', async () => {
    const at = Math.floor(Date.now() / 1000) + 40 * 86_400;
    graph.setExpiresAt(at);
    const fine = await threads().verify();
    expect(fine).toEqual({ ok: true, detail: `token works for Threads user @acme; the token expires ${new Date(at * 1000).toISOString().slice(0, 10)}`, expiresAt: new Date(at * 1000).toISOString() });
    const inspect = graph.requests.filter((r) => r.path === '/v1.0/debug_token').at(-1)!;
    expect(inspect.query).toEqual({ input_token: graph.token, access_token: graph.token });
    graph.expireToken();
    expect(await threads().verify()).toMatchObject({ ok: false, detail: expect.stringContaining('META_TOKEN') });
  });

  it('metrics come from the insights edge', async () => {
    const posted = await threads().post(item('measure me'), { handle: 'h-m' });
    expect(await threads().metrics([posted])).toEqual(new Map([[posted.id, { impressions: 5, likes: 5, replies: 7, reposts: 7, quotes: 6 }]]));
  });

  it('followers: the profile total from threads_insights, with the exact request', async () => {
    const from = graph.requests.length;
    expect(await threads().followers()).toBe(1234);
    const [req, ...more] = graph.requests.slice(from);
    expect(more).toEqual([]);
    expect([req.method, req.path]).toEqual(['GET', `/v1.0/${graph.threadsUser}/threads_insights`]);
    expect(req.query).toEqual({ metric: 'followers_count', access_token: graph.token });
  });

  it('followers: an expired token, a token without threads_manage_insights and a 429 each say what happened', async () => {
    graph.expireToken();
    const expired = await rejection(threads().followers());
    expect(expired.kind).toBe('auth');
    expect(expired.message).toMatch(/read follower count.*META_TOKEN is invalid or expired/);
    expect(expired.message).not.toContain(graph.token);
    graph.renewToken();

    graph.denyInsights(true);
    try {
      const denied = await rejection(threads().followers());
      expect(denied).toMatchObject({ kind: 'auth', status: 403 });
      expect(denied.message).toContain('threads_manage_insights');
    } finally {
      graph.denyInsights(false);
    }

    graph.graphErrorNext(429, 4, 'Application request limit reached', { 'x-business-use-case-usage': JSON.stringify({ [graph.threadsUser]: [{ type: 'threads', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 2 }] }) });
    const limited = await rejection(threads().followers());
    expect(limited).toMatchObject({ kind: 'rate-limit', retryAfterMs: 120_000 });
    expect(limited.message).toContain('business use case usage 100%');
    expect(await threads().followers()).toBe(1234);
  });

  it('a wrong user id in settings is a config error before any request', async () => {
    const from = graph.requests.length;
    expect(() => new ThreadsAdapter({ ...account('threads'), settings: { userId: '@acme' } }, env())).toThrow(/userId is the numeric id/);
    expect(graph.requests.length).toBe(from);
  });
});

describe('Instagram', () => {
  it('posts one image with caption and alt text, then media_publish', async () => {
    const from = graph.requests.length;
    const posted = await instagram().post(item('Insta caption', [media('media/a.jpg', 'A grey box')]), { handle: 'i-1' });
    expect(calls(from)).toEqual([
      `POST /v23.0/${graph.igUser}/media`,
      `GET /v23.0/${posted.ref!.container}`,
      `POST /v23.0/${graph.igUser}/media_publish`,
      `GET /v23.0/${posted.id}`,
    ]);
    expect(graph.requests[from].body).toEqual({ image_url: `${site.url}media/a.jpg`, caption: 'Insta caption', alt_text: 'A grey box', access_token: graph.token });
    expect(graph.requests[from + 1].query.fields).toBe('status_code,status');
    expect(posted.url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
  });

  it('posts 2–10 images as a CAROUSEL of item containers', async () => {
    const posted = await instagram().post(item('Carousel', [media('media/a.jpg', 'one'), media('media/b.jpg', 'two')]), { handle: 'i-car' });
    const post = graph.posts.find((p) => p.id === posted.id)!;
    expect(post).toMatchObject({ mediaType: 'CAROUSEL_ALBUM', text: 'Carousel' });
    expect(post.images.map((i) => i.alt)).toEqual(['one', 'two']);
  });

  it('refuses a post without an image before any request', async () => {
    const from = graph.requests.length;
    const error = await rejection(instagram().post(item('no picture'), { handle: 'i-none' }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('needs at least one image');
    expect(graph.requests.length).toBe(from);
  });

  it('lookup: same process by container status, new process by caption', async () => {
    const adapter = instagram();
    const posted = await adapter.post(item('Look me up', [media('media/a.jpg', 'a')]), { handle: 'i-look' });
    expect(await adapter.lookup('i-look', item('Look me up', [media('media/a.jpg')]))).toMatchObject({ id: posted.id });
    expect(await instagram().lookup('i-look', item('Look me up', [media('media/a.jpg')]))).toMatchObject({ id: posted.id, url: posted.url });
    expect(await instagram().lookup('i-x', item('not there', [media('media/a.jpg')]))).toBeNull();
  });

  it('a container still IN_PROGRESS after the polls is transient (the next attempt publishes it)', async () => {
    const slow = await startGraph({ token: graph.token, containerPolls: 50 });
    try {
      const acct = { ...account('instagram'), server: slow.url, settings: { userId: slow.igUser, mediaBaseUrl: site.url } };
      const adapter = new InstagramAdapter(acct, env(), { root, mediaPoll: { intervalMs: 1, attempts: 3 } });
      const error = await rejection(adapter.post(item('slow', [media('media/a.jpg', 'a')]), { handle: 'i-slow' }));
      expect(error.kind).toBe('transient');
      expect(slow.containers).toHaveLength(1);
      expect(slow.posts).toHaveLength(0);
    } finally {
      await slow.close();
    }
  });

  it('metrics: likes and comments', async () => {
    const posted = await instagram().post(item('metrics', [media('media/a.jpg', 'a')]), { handle: 'i-m' });
    expect(await instagram().metrics([posted])).toEqual(new Map([[posted.id, { likes: 7, replies: 2 }]]));
    expect(await instagram().followers()).toBe(321);
    expect(graph.requests.at(-1)!.query).toMatchObject({ fields: 'followers_count' });
  });
});

describe.each(['threads', 'instagram'] as const)('%s: the container as the handle kept in the claim', (platform) => {
  const adapter = () => (platform === 'threads' ? threads() : instagram());
  const picture = () => [media('media/a.jpg', 'a')];
  const containersOf = (text: string) => graph.containers.filter((c) => (c.params.text ?? c.params.caption) === text);

  it('prepare makes one container and names it; asked again, the same one while it can still go out', async () => {
    const first = adapter();
    const handle = await first.prepare(item(`${platform} prepared`, picture()), { handle: 'uuid-1' });
    expect(handle).toMatch(/^container:\d+$/);
    expect(containersOf(`${platform} prepared`).map((c) => `container:${c.id}`)).toEqual([handle]);
    // A new process (the next run) with the handle from the claim: still IN_PROGRESS or FINISHED.
    expect(await adapter().prepare(item(`${platform} prepared`, picture()), { handle })).toBe(handle);
    expect(await adapter().lookup(handle, item(`${platform} prepared`, picture()))).toBeNull();
    const posted = await adapter().post(item(`${platform} prepared`, picture()), { handle });
    expect(containersOf(`${platform} prepared`)).toHaveLength(1);
    expect(posted.ref).toEqual({ container: handle.slice('container:'.length) });
    expect(graph.posts.filter((p) => p.text === `${platform} prepared`)).toHaveLength(1);
  });

  it('lookup by the container: PUBLISHED is the post (found by text), or the container itself when no text tells it apart', async () => {
    const handle = await adapter().prepare(item('', picture()), { handle: 'uuid-2' });
    const posted = await adapter().post(item('', picture()), { handle });
    const container = handle.slice('container:'.length);
    // A new process that has only the handle: no text to compare (a media-only post, or an item
    // removed from the calendar since) — before, this was 'unknown'.
    expect(await adapter().lookup(handle, item('', picture()))).toEqual({ id: container, ref: { container } });
    expect(await adapter().lookup(handle)).toEqual({ id: container, ref: { container } });
    const withText = await adapter().prepare(item(`${platform} looked up`, picture()), { handle: 'uuid-3' });
    const out = await adapter().post(item(`${platform} looked up`, picture()), { handle: withText });
    expect(await adapter().lookup(withText, item(`${platform} looked up`, picture()))).toMatchObject({ id: out.id, url: out.url, ref: { container: withText.slice('container:'.length) } });
    expect(posted.id).not.toBe(container);
    // Posting it again (a retry) publishes nothing new.
    expect(await adapter().post(item(`${platform} looked up`, picture()), { handle: withText })).toMatchObject({ id: out.id });
    expect(graph.posts.filter((p) => p.text === `${platform} looked up`)).toHaveLength(1);
  });

  it('a container in ERROR or EXPIRED is replaced by a new one', async () => {
    const handle = await adapter().prepare(item(`${platform} expired`, picture()), { handle: 'uuid-4' });
    graph.containers.find((c) => `container:${c.id}` === handle)!.status = 'EXPIRED';
    const again = await adapter().prepare(item(`${platform} expired`, picture()), { handle });
    expect(again).not.toBe(handle);
    expect(again).toMatch(/^container:\d+$/);
    expect(await adapter().lookup(handle, item(`${platform} expired`, picture()))).toBeNull();
    expect(containersOf(`${platform} expired`)).toHaveLength(2);
  });
});

describe('Facebook Pages', () => {
  it('posts text to /{page}/feed with the page token', async () => {
    const from = graph.requests.length;
    const posted = await facebook().post(item('Hello page'), { handle: 'f-1' });
    expect(calls(from)).toEqual([`POST /v23.0/${graph.pageId}/feed`, `GET /v23.0/${posted.id}`]);
    expect(graph.requests[from].body).toEqual({ message: 'Hello page', access_token: graph.token });
    expect(posted).toEqual({ id: expect.stringMatching(new RegExp(`^${graph.pageId}_\\d+$`)), url: `https://www.facebook.com/${posted.id}` });
  });

  it('uploads photos unpublished with alt text, then attaches them', async () => {
    const from = graph.requests.length;
    const posted = await facebook().post(item('Photos', [media('media/a.jpg', 'first'), media('media/b.jpg', 'second')]), { handle: 'f-ph' });
    const uploads = graph.requests.slice(from).filter((r) => r.path.endsWith('/photos'));
    expect(uploads.map((u) => [u.body.published, u.body.alt_text_custom, u.body.source.size, u.body.access_token])).toEqual([
      ['false', 'first', files['media/a.jpg'].length, graph.token],
      ['false', 'second', files['media/b.jpg'].length, graph.token],
    ]);
    const post = graph.posts.find((p) => p.id === posted.id)!;
    expect(post.images.map((i) => graph.photos.find((p) => p.id === i.photo)!.alt)).toEqual(['first', 'second']);
  });

  it('a link card becomes the post\'s link', async () => {
    const posted = await facebook().post({ text: 'With link', media: [], card: { uri: 'https://acme.example/launch', title: 'Launch' } }, { handle: 'f-link' });
    expect(graph.posts.find((p) => p.id === posted.id)!.link).toBe('https://acme.example/launch');
  });

  it('"Duplicate status message" (506) is a duplicate, and lookup finds the earlier post', async () => {
    const first = await facebook().post(item('Said once'), { handle: 'f-dup' });
    const error = await rejection(facebook().post(item('Said once'), { handle: 'f-dup' }));
    expect(error.kind).toBe('duplicate');
    expect(await facebook().lookup('f-dup', item('Said once'))).toEqual({ id: first.id, url: first.url });
    expect(await facebook().lookup('f-dup', item('Never said'))).toBeNull();
  });

  it('lookup pages through published_posts and gives up with "unknown" past 150 posts', async () => {
    const busy = await startGraph({ token: graph.token });
    try {
      const acct = { ...account('facebook'), server: busy.url, settings: { pageId: busy.pageId } };
      const adapter = new FacebookAdapter(acct, env(), { root });
      await adapter.post(item('The oldest'), { handle: 'f-old' });
      for (let i = 0; i < 150; i++) busy.posts.push({ id: `${busy.pageId}_${i}`, platform: 'facebook', text: `filler ${i}`, timestamp: new Date().toISOString(), permalink: `https://www.facebook.com/${i}`, mediaType: 'status', images: [] });
      expect(await adapter.lookup('f-old', item('The oldest'))).toBe('unknown');
      expect(await adapter.lookup('f-new', item('filler 3'))).toMatchObject({ id: expect.any(String) });
      const reads = busy.requests.filter((r) => r.path.endsWith('/published_posts'));
      expect(reads[0].query).toMatchObject({ fields: 'id,message,created_time,permalink_url', limit: '50' });
      expect(reads[1].query.after).toBeTruthy();
    } finally {
      await busy.close();
    }
  });

  it('verify names the page and the token expiry; metrics sum reactions, shares and comments', async () => {
    graph.setExpiresAt(0);
    expect(await facebook().verify()).toMatchObject({ ok: true, detail: expect.stringContaining('the page Acme') });
    const posted = await facebook().post(item('measured'), { handle: 'f-m' });
    expect(await facebook().metrics([posted])).toEqual(new Map([[posted.id, { likes: 11, shares: 3, replies: 4 }]]));
    expect(await facebook().followers()).toBe(654);
  });

  it('a page-level rate limit (code 32) is a rate-limit error', async () => {
    graph.graphErrorNext(400, 32, 'Page request limit reached');
    const error = await rejection(facebook().post(item('limited page'), { handle: 'f-rl' }));
    expect(error.kind).toBe('rate-limit');
  });
});

describe('doctor', () => {
  const accounts = () => [account('threads'), account('instagram'), account('facebook')];

  it('checks each Meta account: token works, expiry far enough away', async () => {
    graph.setExpiresAt(Math.floor(Date.now() / 1000) + 50 * 86_400);
    const report = await checkAccounts(accounts(), env());
    expect(report.accounts.map((a) => [a.platform, a.ok, a.warnings])).toEqual([['threads', true, undefined], ['instagram', true, undefined], ['facebook', true, undefined]]);
    expect(report.ok).toBe(true);
    expect(JSON.stringify(report)).not.toContain(graph.token);
  });

  it('warns (without failing) when a token expires within 14 days, naming the variable', async () => {
    const at = Math.floor(Date.now() / 1000) + 3 * 86_400 + 600;
    const day = new Date(at * 1000).toISOString().slice(0, 10);
    graph.setExpiresAt(at);
    const report = await checkAccounts(accounts(), env());
    expect(report.ok).toBe(true);
    for (const a of report.accounts) expect(a.warnings).toEqual([`the token expires in 3 days (${day}): refresh it and update META_TOKEN in the CI secrets`]);
    expect(print(report)).toContain(`    ⚠ the token expires in 3 days (${day})`);
  });

  it('fails an account whose token has expired (code 190)', async () => {
    graph.expireToken();
    const report = await checkAccounts(accounts(), env());
    expect(report.ok).toBe(false);
    for (const a of report.accounts) expect(a.verified).toMatchObject({ ok: false, detail: expect.stringContaining('invalid or expired') });
  });

  it('says which variable is missing without calling Meta', async () => {
    const from = graph.requests.length;
    const report = await checkAccounts([{ ...account('facebook'), credentials: {} }], {});
    expect(report.accounts[0].credentials).toEqual([expect.objectContaining({ var: 'SOCIALCAL_ACME_FACEBOOK_PAGE_TOKEN', set: false })]);
    expect(report.accounts[0].ok).toBe(false);
    // Only the clock check (HEAD on the server's origin) reached it.
    expect(graph.requests.slice(from).map((r) => r.method)).toEqual(['HEAD']);
  });
});

describe('createAdapter', () => {
  it('loads each Meta adapter; a missing token names its variable', async () => {
    for (const platform of ['threads', 'instagram', 'facebook'] as const) {
      expect((await createAdapter(account(platform), env())).platform).toBe(platform);
    }
    const noEnv = { ...account('facebook'), credentials: {} };
    await expect(createAdapter(noEnv, {})).rejects.toThrow(/SOCIALCAL_ACME_FACEBOOK_PAGE_TOKEN/);
  });
});
