// Mastodon adapter against a local server that behaves like the documented API.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { createAdapter } from '../../src/platforms/index.js';
import { LIMITS } from '../../src/platforms/limits.js';
import { htmlToText, MastodonAdapter } from '../../src/platforms/mastodon.js';
import { PlatformError, type OutgoingItem } from '../../src/platforms/types.js';
import { start, type FakeMastodon } from '../support/fake-mastodon.js';
import { png, tempFiles } from '../support/images.js';

let fake: FakeMastodon;
const env = { MASTODON_TOKEN: 'test-mastodon-token' };
const fastPoll = { mediaPoll: { intervalMs: 5, attempts: 20 } };

const account = (overrides: Partial<Account> = {}): Account => ({
  name: 'acme-masto',
  platform: 'mastodon',
  server: fake.url,
  credentials: { token: 'MASTODON_TOKEN' },
  settings: { visibility: 'unlisted', language: 'en' },
  ...overrides,
});
const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });
const adapter = (opts = fastPoll, acc?: Partial<Account>) => new MastodonAdapter(account(acc), env, opts);

beforeEach(async () => {
  fake = await start({ mediaPolls: 2 });
});
afterEach(async () => {
  await fake.close();
});

describe('Mastodon adapter', () => {
  it('posts a status with the exact request the API documents', async () => {
    const a = adapter();
    const handle = a.newHandle();
    expect(handle).toMatch(/^[0-9a-f-]{36}$/);
    const posted = await a.post(item('Hello from socialcal 👋'), { handle });
    expect(posted).toEqual({ id: fake.statuses[0].id, url: `${fake.url}/@acme/${fake.statuses[0].id}`, ref: { uri: fake.statuses[0].uri } });
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v1/statuses');
    expect(req.headers.authorization).toBe('Bearer test-mastodon-token');
    expect(req.headers['idempotency-key']).toBe(handle);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ status: 'Hello from socialcal 👋', visibility: 'unlisted', language: 'en' });
  });

  it('replays the same status for a repeated Idempotency-Key', async () => {
    const a = adapter();
    const handle = a.newHandle();
    const first = await a.post(item('once'), { handle });
    const second = await a.post(item('once'), { handle });
    expect(second).toEqual(first);
    expect(fake.statuses).toHaveLength(1);
  });

  it('uploads media with its description, polls while processing (202/206), then attaches it', async () => {
    const dir = tempFiles({ 'teaser.png': png(4, 3) });
    const a = adapter();
    await a.post(item('with image', { langs: ['de'], media: [{ file: 'media/teaser.png', absPath: join(dir, 'teaser.png'), alt: 'A box', mime: 'image/png' }] }), { handle: a.newHandle() });
    const [upload, poll1, poll2, status] = fake.requests;
    expect(upload).toMatchObject({ method: 'POST', path: '/api/v2/media', headers: { authorization: 'Bearer test-mastodon-token' } });
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body.description).toBe('A box');
    expect(upload.body.file).toMatchObject({ name: 'teaser.png', type: 'image/png' });
    expect(upload.body.file.bytes).toEqual(png(4, 3));
    const mediaId = fake.media[0].id;
    expect([poll1.method, poll1.path, poll2.path]).toEqual(['GET', `/api/v1/media/${mediaId}`, `/api/v1/media/${mediaId}`]);
    expect(status.body).toEqual({ status: 'with image', media_ids: [mediaId], visibility: 'unlisted', language: 'de' });
    expect(fake.statuses[0].media_attachments[0].description).toBe('A box');
  });

  it('gives up waiting for media processing after the configured polls, as transient', async () => {
    await fake.close();
    fake = await start({ mediaPolls: 100 });
    const dir = tempFiles({ 'a.png': png(1, 1) });
    const a = adapter({ mediaPoll: { intervalMs: 1, attempts: 3 } });
    const error = await a.post(item('x', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), mime: 'image/png' }] }), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'transient' });
    expect(error.message).toContain('media/a.png is still being processed');
    expect(fake.statuses).toHaveLength(0);
  });

  it('replies with in_reply_to_id', async () => {
    const a = adapter();
    const root = await a.post(item('1/2'), { handle: a.newHandle() });
    await a.post(item('2/2'), { handle: a.newHandle(), replyTo: root, root });
    expect(fake.requests[1].body.in_reply_to_id).toBe(root.id);
    expect(fake.statuses[1].in_reply_to_id).toBe(root.id);
  });

  it('classifies 422 for over-long text as invalid, with the server message', async () => {
    const a = adapter();
    const error = await a.post(item('a'.repeat(501)), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ kind: 'invalid', status: 422 });
    expect(error.message).toContain('Text character limit of 500 exceeded');
  });

  it('counts URLs as 23 like the server: a long link fits', async () => {
    const a = adapter();
    await a.post(item(`${'a'.repeat(470)} https://example.com/${'x'.repeat(100)}`), { handle: a.newHandle() });
    expect(fake.statuses).toHaveLength(1);
  });

  it('classifies 429 as rate-limit with the wait from X-RateLimit-Reset (ISO time)', async () => {
    const a = adapter();
    const reset = new Date(Date.now() + 90_000).toISOString();
    fake.failNext(429, { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset }, { error: 'Too many requests' });
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(85_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('classifies 5xx as transient and 401 as auth naming the variable, never the token', async () => {
    const a = adapter();
    fake.failNext(503, {}, '<html>maintenance</html>');
    await expect(a.post(item('x'), { handle: a.newHandle() })).rejects.toMatchObject({ kind: 'transient', status: 503 });
    const wrong = new MastodonAdapter(account(), { MASTODON_TOKEN: 'wrong-token-value' }, fastPoll);
    const error = await wrong.post(item('x'), { handle: wrong.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('MASTODON_TOKEN');
    expect(error.message).not.toContain('wrong-token-value');
  });

  it('classifies a refused connection as transient', async () => {
    const a = adapter();
    await fake.close();
    await expect(a.post(item('x'), { handle: a.newHandle() })).rejects.toMatchObject({ kind: 'transient' });
    fake = await start();
  });

  it('finds an earlier status by its text, without posting', async () => {
    const a = adapter();
    const text = 'Launch day!\n\nRead more at https://acme.example/blog/2027/launch-of-the-thing and ping @bob@other.example & co <3';
    const posted = await a.post(item(text), { handle: a.newHandle() });
    await a.post(item('something else'), { handle: a.newHandle() });
    const before = fake.requests.length;
    expect(await a.lookup('any-handle', item(text))).toEqual(posted);
    expect(await a.lookup('other', item('never posted'))).toBeNull();
    expect(await a.lookup('other', item(''))).toBe('unknown');
    const used = fake.requests.slice(before);
    expect(used.every((r) => r.method === 'GET')).toBe(true);
    expect(used[0].path).toBe('/api/v1/accounts/verify_credentials');
    expect(used[1]).toMatchObject({ path: `/api/v1/accounts/${fake.accountId}/statuses`, query: { limit: '40', exclude_reblogs: 'true' } });
  });

  it("answers 'unknown' when the account has more statuses than lookup reads", async () => {
    const a = adapter();
    for (let i = 0; i < 125; i++) await a.post(item(`filler ${i}`), { handle: a.newHandle() });
    expect(await a.lookup('h', item('filler 0'))).toBe('unknown');
    expect(await a.lookup('h', item('filler 100'))).toMatchObject({ id: expect.any(String) });
  });

  it('reads limits from /api/v2/instance, and falls back to the defaults', async () => {
    await fake.close();
    fake = await start({ maxCharacters: 5000, urlLength: 30 });
    expect(await adapter().limits()).toMatchObject({ maxLength: 5000, urlLength: 30, maxMedia: 4, altMax: 1500 });
    await fake.close();
    fake = await start({ noInstanceV2: true });
    expect(await adapter().limits()).toEqual(LIMITS.mastodon);
  });

  it('verifies the token and reads metrics', async () => {
    const a = adapter();
    expect(await a.verify()).toEqual({ ok: true, detail: `token works for @acme on ${fake.url}` });
    const posted = await a.post(item('count me'), { handle: a.newHandle() });
    fake.statuses[0].favourites_count = 3;
    fake.statuses[0].reblogs_count = 2;
    expect(await a.metrics([posted])).toEqual(new Map([[posted.id, { likes: 3, reposts: 2, replies: 0 }]]));
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/api/v1/statuses/${posted.id}` });
    fake.followers = 1204;
    expect(await a.followers()).toBe(1204);
    const bad = new MastodonAdapter(account(), { MASTODON_TOKEN: 'nope-nope' });
    expect((await bad.verify()).ok).toBe(false);
  });

  it('reads many statuses a call on 4.3+, one by one on older servers', async () => {
    const a = adapter();
    const one = await a.post(item('first'), { handle: a.newHandle() });
    const two = await a.post(item('second'), { handle: a.newHandle() });
    fake.statuses[1].replies_count = 4;
    expect(a.metricsBatch).toBe(20);
    const gone = { id: '424242' };
    expect(await a.metrics([one, two, gone])).toEqual(new Map([[one.id, { likes: 0, reposts: 0, replies: 0 }], [two.id, { likes: 0, reposts: 0, replies: 4 }]]));
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/statuses', queryAll: { 'id[]': [one.id, two.id, '424242'] } });

    await fake.close();
    fake = await start({ noMultiGet: true });
    const old = adapter();
    const three = await old.post(item('third'), { handle: old.newHandle() });
    const four = await old.post(item('fourth'), { handle: old.newHandle() });
    expect(await old.metrics([three, four, gone])).toEqual(new Map([[three.id, { likes: 0, reposts: 0, replies: 0 }], [four.id, { likes: 0, reposts: 0, replies: 0 }]]));
    expect(fake.requests.slice(-4).map((r) => r.path)).toEqual(['/api/v1/statuses', `/api/v1/statuses/${three.id}`, `/api/v1/statuses/${four.id}`, '/api/v1/statuses/424242']);
    expect(old.metricsBatch).toBe(1);
  });

  it('checks credentials and settings in the constructor', async () => {
    await expect(createAdapter(account(), {})).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('MASTODON_TOKEN') });
    await expect(createAdapter(account({ credentials: {} }), {})).rejects.toMatchObject({ message: expect.stringContaining('SOCIALCAL_ACME_MASTO_TOKEN') });
    await expect(createAdapter(account({ server: undefined }), env)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('no server set') });
    await expect(createAdapter(account({ settings: { visibility: 'everyone' } }), env)).rejects.toMatchObject({ kind: 'config' });
  });
});

describe('htmlToText', () => {
  it('keeps paragraphs and line breaks and decodes entities', () => {
    expect(htmlToText('<p>a &amp; b<br />c</p><p>d &#39;e&#x27; &lt;3</p>')).toBe("a & b\nc\n\nd 'e' <3");
  });
});
