// X adapter against a local server that behaves like the documented API v2 and checks OAuth 1.0a.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { createAdapter } from '../../src/platforms/index.js';
import { authorization, sign, signatureBase } from '../../src/platforms/oauth1.js';
import { PlatformError, type OutgoingItem } from '../../src/platforms/types.js';
import { XAdapter } from '../../src/platforms/x.js';
import { expectedSignature, parseOAuthHeader, startX, X_KEYS, type FakeX } from '../support/fake-x.js';
import { png, tempFiles } from '../support/images.js';

let fake: FakeX;
const env = { X_API_KEY: X_KEYS.consumerKey, X_API_SECRET: X_KEYS.consumerSecret, X_ACCESS_TOKEN: X_KEYS.token, X_ACCESS_SECRET: X_KEYS.tokenSecret };
const credentials = { apiKey: 'X_API_KEY', apiSecret: 'X_API_SECRET', accessToken: 'X_ACCESS_TOKEN', accessSecret: 'X_ACCESS_SECRET' };
const account = (overrides: Partial<Account> = {}): Account => ({ name: 'acme-x', platform: 'x', handle: '@acme', server: fake.url, credentials, settings: {}, ...overrides });
const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });
const adapter = (acc?: Partial<Account>, e: NodeJS.ProcessEnv = env) => new XAdapter(account(acc), e);

beforeEach(async () => {
  fake = await startX();
});
afterEach(async () => {
  await fake.close();
});

// X's "Creating a signature" worked example (developer.x.com, OAuth 1.0a).
const VECTOR = {
  method: 'POST',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  form: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
  keys: { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
  nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  timestamp: 1318622958,
  base:
    'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
  signature: 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
};

describe('OAuth 1.0a signing', () => {
  it("reproduces X's published example: base string, signature and header", () => {
    const oauth: [string, string][] = [
      ['oauth_consumer_key', VECTOR.keys.consumerKey],
      ['oauth_nonce', VECTOR.nonce],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(VECTOR.timestamp)],
      ['oauth_token', VECTOR.keys.token],
      ['oauth_version', '1.0'],
    ];
    const base = signatureBase('POST', VECTOR.url, [...oauth, ...Object.entries(VECTOR.form)]);
    expect(base).toBe(VECTOR.base);
    expect(sign(base, VECTOR.keys.consumerSecret, VECTOR.keys.tokenSecret)).toBe(VECTOR.signature);
    const header = authorization('POST', VECTOR.url, VECTOR.keys, { nonce: VECTOR.nonce, timestamp: VECTOR.timestamp, form: VECTOR.form });
    expect(parseOAuthHeader(header)).toEqual({ ...Object.fromEntries(oauth), oauth_signature: VECTOR.signature });
    expect(header).toContain('oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"');
  });

  it("the fake server's own verifier agrees with the published example", () => {
    const params: [string, string][] = [
      ['include_entities', 'true'],
      ...Object.entries(VECTOR.form),
      ['oauth_consumer_key', VECTOR.keys.consumerKey],
      ['oauth_nonce', VECTOR.nonce],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(VECTOR.timestamp)],
      ['oauth_token', VECTOR.keys.token],
      ['oauth_version', '1.0'],
    ];
    expect(expectedSignature('POST', 'https://api.twitter.com/1.1/statuses/update.json', params, VECTOR.keys.consumerSecret, VECTOR.keys.tokenSecret)).toBe(VECTOR.signature);
  });
});

describe('X adapter', () => {
  it('posts with the exact request X documents, signed', async () => {
    const a = adapter();
    const handle = a.newHandle();
    expect(handle).toMatch(/^t[0-9a-z]+-[0-9a-f-]{36}$/);
    const posted = await a.post(item('Hello from socialcal 👋 & friends'), { handle });
    const tweet = fake.tweets[0];
    expect(posted).toEqual({ id: tweet.id, url: `https://x.com/acme/status/${tweet.id}` });
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0];
    expect([req.method, req.path, req.headers['content-type']]).toEqual(['POST', '/2/tweets', 'application/json']);
    expect(req.body).toEqual({ text: 'Hello from socialcal 👋 & friends' });
    const oauth = parseOAuthHeader(req.headers.authorization)!;
    expect(Object.keys(oauth).sort()).toEqual(['oauth_consumer_key', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method', 'oauth_timestamp', 'oauth_token', 'oauth_version']);
    expect(oauth).toMatchObject({ oauth_consumer_key: X_KEYS.consumerKey, oauth_token: X_KEYS.token, oauth_signature_method: 'HMAC-SHA1', oauth_version: '1.0' });
    expect(Math.abs(Number(oauth.oauth_timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('uploads images as multipart, sets alt text through metadata, attaches the ids', async () => {
    const dir = tempFiles({ 'a.png': png(4, 3), 'b.png': png(2, 2) });
    const a = adapter();
    await a.post(
      item('two images', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), alt: 'A box', mime: 'image/png' }, { file: 'media/b.png', absPath: join(dir, 'b.png'), mime: 'image/png' }] }),
      { handle: a.newHandle() },
    );
    const [upload1, meta1, upload2, post] = fake.requests;
    expect([upload1.method, upload1.path]).toEqual(['POST', '/2/media/upload']);
    expect(upload1.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload1.body.media_category).toBe('tweet_image');
    expect(upload1.body.media).toMatchObject({ name: 'a.png', type: 'image/png' });
    expect(upload1.body.media.bytes).toEqual(png(4, 3));
    expect(meta1).toMatchObject({ method: 'POST', path: '/2/media/metadata', body: { id: fake.media[0].id, metadata: { alt_text: { text: 'A box' } } } });
    expect(upload2.path).toBe('/2/media/upload');
    expect(post.body).toEqual({ text: 'two images', media: { media_ids: [fake.media[0].id, fake.media[1].id] } });
    expect(fake.media.map((m) => m.alt)).toEqual(['A box', undefined]);
    expect(fake.tweets[0].media_ids).toEqual([fake.media[0].id, fake.media[1].id]);
  });

  it('threads as a reply chain', async () => {
    const a = adapter();
    const root = await a.post(item('1/2'), { handle: a.newHandle() });
    await a.post(item('2/2'), { handle: a.newHandle(), replyTo: root, root });
    expect(fake.requests[1].body).toEqual({ text: '2/2', reply: { in_reply_to_tweet_id: root.id } });
    expect(fake.tweets[1].in_reply_to_tweet_id).toBe(root.id);
  });

  it('weighted length: 280 weighted fits, where a naive count would refuse', async () => {
    const a = adapter();
    const text = `${'a'.repeat(255)} https://example.com/${'x'.repeat(100)}`;
    await a.post(item(text), { handle: a.newHandle() });
    expect(fake.tweets).toHaveLength(1);
    const error = await a.post(item('😀'.repeat(141)), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid', status: 400, message: expect.stringContaining('Your Tweet text is too long') });
  });

  it('a wrong secret fails the signature: auth, naming the variables, never a value', async () => {
    const a = adapter({}, { ...env, X_ACCESS_SECRET: 'wrong-access-secret-value' });
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('X_ACCESS_SECRET');
    expect(error.message).not.toContain('wrong-access-secret-value');
    expect(fake.tweets).toHaveLength(0);
  });

  it('a request signed for another URL is refused (the signature covers method, URL and query)', async () => {
    fake.signedOrigin = 'https://api.x.com';
    const error = await adapter().verify();
    expect(error.ok).toBe(false);
    expect(error.detail).toContain('HTTP 401');
  });

  it('429 is a rate limit, waiting until x-rate-limit-reset', async () => {
    const a = adapter();
    const reset = Math.floor(Date.now() / 1000) + 120;
    fake.failNext(429, { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) }, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThan(110_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('403 duplicate content is a duplicate (a sign it already went out); other 403s are auth; 5xx transient', async () => {
    const a = adapter();
    await a.post(item('same words'), { handle: a.newHandle() });
    const error = await a.post(item('same words'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'duplicate', status: 403, message: expect.stringContaining('duplicate content') });
    fake.failNext(403, {}, { title: 'Forbidden', detail: 'You are not permitted to perform this action.', type: 'about:blank', status: 403 });
    await expect(a.post(item('other'), { handle: a.newHandle() })).rejects.toMatchObject({ kind: 'auth' });
    fake.failNext(503, {}, 'Service Unavailable');
    await expect(a.post(item('other'), { handle: a.newHandle() })).rejects.toMatchObject({ kind: 'transient', status: 503 });
  });

  it('an answer of the wrong shape is unexpected (the outcome is uncertain), not a crash', async () => {
    const a = adapter();
    fake.failNext(201, {}, { data: { id: 12345 } });
    const error = await a.post(item('odd answer'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'unexpected', message: expect.stringContaining('"data.id"') });
  });

  it('lookup finds a post since the handle by exact text (t.co links expanded, &<> unescaped), without posting', async () => {
    const a = adapter();
    const dir = tempFiles({ 'a.png': png(1, 1) });
    const text = 'Launch day <3 & more at https://acme.example/blog/2027/launch?utm_source=x';
    const handle = a.newHandle();
    const posted = await a.post(item(text, { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), mime: 'image/png' }] }), { handle });
    await a.post(item('something else'), { handle: a.newHandle() });
    const before = fake.requests.length;
    expect(await a.lookup(handle, item(text))).toEqual(posted);
    expect(await a.lookup(a.newHandle(), item('never posted'))).toBeNull();
    expect(await a.lookup(handle, item(''))).toBe('unknown');
    const used = fake.requests.slice(before);
    expect(used.every((r) => r.method === 'GET')).toBe(true);
    expect(used[0].path).toBe('/2/users/me');
    const timeline = used[1];
    expect(timeline.path).toBe(`/2/users/${fake.userId}/tweets`);
    expect(timeline.query).toMatchObject({ max_results: '100', 'tweet.fields': 'created_at,entities', exclude: 'retweets' });
    const handleTime = parseInt(/^t([0-9a-z]+)-/.exec(handle)![1], 36);
    expect(Date.parse(timeline.query.start_time)).toBe(Math.floor((handleTime - 5 * 60_000) / 1000) * 1000);
  });

  it('lookup pages through the window; beyond its pages the answer is unknown', async () => {
    const a = adapter();
    const handle = a.newHandle();
    for (let i = 0; i < 510; i++) fake.tweets.push({ id: String(1_000 + i), posted: `filler ${i}`, created_at: new Date().toISOString(), author_id: fake.userId, media_ids: [], public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0, impression_count: 0, bookmark_count: 0 } });
    expect(await a.lookup(handle, item('filler 420'))).toMatchObject({ id: '1420' });
    expect(await a.lookup(handle, item('filler 5'))).toBe('unknown');
    expect(fake.requests.filter((r) => r.query.pagination_token).length).toBeGreaterThan(0);
  });

  it('verifies the credentials and reads public metrics', async () => {
    const a = adapter();
    expect(await a.verify()).toEqual({ ok: true, detail: 'signed in as @acme (OAuth 1.0a user context)' });
    const posted = await a.post(item('count me'), { handle: a.newHandle() });
    Object.assign(fake.tweets[0].public_metrics, { like_count: 5, retweet_count: 2, reply_count: 1, quote_count: 1, impression_count: 300, bookmark_count: 4 });
    expect(await a.metrics([posted, { id: '999999' }])).toEqual(new Map([[posted.id, { likes: 5, reposts: 2, replies: 1, quotes: 1, impressions: 300, saves: 4 }]]));
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/2/tweets', query: { ids: `${posted.id},999999`, 'tweet.fields': 'public_metrics' } });
    fake.followers = 88;
    expect(await a.followers()).toBe(88);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/2/users/me', query: { 'user.fields': 'public_metrics' } });
  });

  it('checks credentials in the constructor, naming every missing variable', async () => {
    await expect(createAdapter(account(), {})).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/X_API_KEY.*X_API_SECRET.*X_ACCESS_TOKEN.*X_ACCESS_SECRET/) });
    await expect(createAdapter(account({ credentials: {} }), {})).rejects.toMatchObject({ message: expect.stringContaining('SOCIALCAL_ACME_X_API_KEY') });
    expect(await createAdapter(account(), env)).toBeInstanceOf(XAdapter);
  });
});
