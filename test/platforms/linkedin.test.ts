// LinkedIn adapter against a local server that behaves like the documented REST API.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { createAdapter } from '../../src/platforms/index.js';
import { DEFAULT_VERSION, duplicateOf, fromLittleText, LinkedInAdapter, toLittleText } from '../../src/platforms/linkedin.js';
import type { OutgoingItem } from '../../src/platforms/types.js';
import { png, tempFiles } from '../support/images.js';
import { startLinkedIn, type FakeLinkedIn } from '../support/fake-linkedin.js';

let fake: FakeLinkedIn;
const env = () => ({ LI_TOKEN: fake.token, LI_CLIENT_ID: fake.client.id, LI_CLIENT_SECRET: fake.client.secret });
const account = (overrides: Partial<Account> = {}): Account => ({
  name: 'acme-li',
  platform: 'linkedin',
  server: fake.url,
  credentials: { token: 'LI_TOKEN', clientId: 'LI_CLIENT_ID', clientSecret: 'LI_CLIENT_SECRET' },
  settings: { author: 'urn:li:organization:2414183' },
  ...overrides,
});
const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });
const adapter = (acc?: Partial<Account>, e?: NodeJS.ProcessEnv) => new LinkedInAdapter(account(acc), e ?? env());

beforeEach(async () => {
  fake = await startLinkedIn();
});
afterEach(async () => {
  await fake.close();
});

describe('little text', () => {
  it('escapes every reserved character and keeps #hashtags as hashtag templates; reading it back gives the text', () => {
    const text = 'C# & (parens) [brackets] {braces} <angle> @someone *bold* _under_ ~tilde~ a|b back\\slash #launch #Acme_2';
    const little = toLittleText(text);
    expect(little).toBe('C\\# & \\(parens\\) \\[brackets\\] \\{braces\\} \\<angle\\> \\@someone \\*bold\\* \\_under\\_ \\~tilde\\~ a\\|b back\\\\slash {hashtag|\\#|launch} {hashtag|\\#|Acme\\_2}');
    expect(fromLittleText(little)).toBe(text);
  });

  it('finds the URN a DUPLICATE_POST names', () => {
    const body = { errorDetailType: 'com.linkedin.common.error.BadRequest', message: 'com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of urn:li:share:7141138937766391808', errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] }, status: 422 };
    expect(duplicateOf(body)).toBe('urn:li:share:7141138937766391808');
    expect(duplicateOf({ ...body, errorDetails: { inputErrors: [{ code: 'INVALID_VALUE' }] } })).toBeUndefined();
  });
});

describe('LinkedIn adapter', () => {
  it('creates a post with the exact request the Posts API documents', async () => {
    const a = adapter();
    const posted = await a.post(item('Hello (world) #launch'), { handle: a.newHandle() });
    const id = fake.posts[0].id;
    expect(posted).toEqual({ id, url: `https://www.linkedin.com/feed/update/${id}/` });
    const req = fake.requests[0];
    expect([req.method, req.path]).toEqual(['POST', '/rest/posts']);
    expect(req.headers).toMatchObject({ authorization: `Bearer ${fake.token}`, 'linkedin-version': DEFAULT_VERSION, 'x-restli-protocol-version': '2.0.0', 'content-type': 'application/json' });
    expect(req.body).toEqual({
      author: 'urn:li:organization:2414183',
      commentary: 'Hello \\(world\\) {hashtag|\\#|launch}',
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
  });

  it('uploads images (initializeUpload, PUT bytes) and attaches one as media, several as multiImage, with alt text', async () => {
    const dir = tempFiles({ 'a.png': png(4, 3), 'b.png': png(2, 2) });
    const a = adapter({ settings: { author: 'urn:li:organization:2414183', version: '202401', visibility: 'CONNECTIONS' } });
    await a.post(item('one', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), alt: 'A box', mime: 'image/png' }] }), { handle: a.newHandle() });
    const [init, put, create] = fake.requests;
    expect(init).toMatchObject({ method: 'POST', path: '/rest/images', query: { action: 'initializeUpload' }, body: { initializeUploadRequest: { owner: 'urn:li:organization:2414183' } } });
    expect(init.headers['linkedin-version']).toBe('202401');
    expect(put).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png', authorization: `Bearer ${fake.token}` } });
    expect(put.raw).toEqual(png(4, 3));
    const image = [...fake.images.keys()][0];
    expect(create.body).toMatchObject({ visibility: 'CONNECTIONS', content: { media: { id: image, altText: 'A box' } } });

    await a.post(item('two', { media: [{ file: 'media/a.png', absPath: join(dir, 'a.png'), alt: 'A box', mime: 'image/png' }, { file: 'media/b.png', absPath: join(dir, 'b.png'), mime: 'image/png' }] }), { handle: a.newHandle() });
    const ids = [...fake.images.keys()].slice(1);
    expect(fake.requests.at(-1)!.body.content).toEqual({ multiImage: { images: [{ id: ids[0], altText: 'A box' }, { id: ids[1] }] } });
    expect(fake.images.get(ids[1])).toEqual(png(2, 2));
  });

  it('422 DUPLICATE_POST is the existing post: returned, not posted again', async () => {
    const a = adapter();
    const first = await a.post(item('Only once'), { handle: a.newHandle() });
    const again = await a.post(item('Only once'), { handle: a.newHandle() });
    expect(again).toEqual(first);
    expect(fake.posts).toHaveLength(1);
  });

  it('refuses a reply chain (the threads rule reports it at check time)', async () => {
    const a = adapter();
    const root = await a.post(item('1/2'), { handle: a.newHandle() });
    await expect(a.post(item('2/2'), { handle: a.newHandle(), replyTo: root, root })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('no reply chains') });
    expect(fake.posts).toHaveLength(1);
  });

  it('lookup finds the post by its text since the handle; not found is null; without read scope it is unknown', async () => {
    const a = adapter();
    const text = 'Launch #day: (details) at https://acme.example/launch';
    const handle = a.newHandle();
    const posted = await a.post(item(text), { handle });
    await a.post(item('another'), { handle: a.newHandle() });
    const before = fake.requests.length;
    expect(await a.lookup(handle, item(text))).toEqual(posted);
    expect(await a.lookup(a.newHandle(), item('never posted'))).toBeNull();
    const read = fake.requests[before];
    expect(read).toMatchObject({ method: 'GET', path: '/rest/posts', query: { author: 'urn:li:organization:2414183', q: 'author', count: '50', start: '0', sortBy: 'LAST_MODIFIED' } });
    expect(read.headers['x-restli-method']).toBe('FINDER');
    fake.noReadScope = true;
    expect(await a.lookup(handle, item(text))).toBe('unknown');
  });

  it('401 (expired token) is auth and says what to do; 429 is a rate limit; secrets never show', async () => {
    const a = adapter({}, { ...env(), LI_TOKEN: 'expired-token-value-123' });
    const error = await a.post(item('x'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('EXPIRED_ACCESS_TOKEN');
    expect(error.message).toContain('LI_TOKEN');
    expect(error.message).not.toContain('expired-token-value-123');
    const ok = adapter();
    fake.failNext(429, { 'retry-after': '30' }, { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' });
    await expect(ok.post(item('x'), { handle: ok.newHandle() })).rejects.toMatchObject({ kind: 'rate-limit', retryAfterMs: 30_000 });
  });

  it('doctor: introspection reports the expiry and warns within 14 days; without client credentials it says expiry is unchecked', async () => {
    expect(await adapter().verify()).toMatchObject({ ok: true, detail: expect.stringMatching(/token is active \(scopes .*\), expires \d{4}-\d\d-\d\d \(in 59 days\)/) });
    expect((await adapter().verify()).warning).toBeUndefined();
    fake.expiresIn = 9 * 86400 + 3600;
    const soon = await adapter().verify();
    // The adapter says when; doctor's tokenWarning (one path for every platform) says whether that is soon.
    expect(soon).toMatchObject({ ok: true, expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(soon.warning).toBeUndefined();
    expect(Math.round((Date.parse(soon.expiresAt!) - Date.now()) / 3_600_000)).toBe(9 * 24 + 1);
    const introspect = fake.requests.find((r) => r.path === '/oauth/v2/introspectToken')!;
    expect(introspect.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(introspect.body).toEqual({ client_id: fake.client.id, client_secret: fake.client.secret, token: fake.token });
    const revoked = await adapter({}, { ...env(), LI_TOKEN: 'revoked-token' }).verify();
    expect(revoked).toMatchObject({ ok: false, detail: expect.stringContaining('is revoked') });

    const plain = await adapter({ credentials: { token: 'LI_TOKEN' } }, { LI_TOKEN: fake.token }).verify();
    expect(plain).toMatchObject({ ok: true, detail: 'token works for urn:li:organization:2414183', warning: expect.stringContaining('SOCIALCAL_ACME_LI_CLIENT_ID') });
  });

  it('reads likes and comments', async () => {
    const a = adapter();
    const posted = await a.post(item('count me'), { handle: a.newHandle() });
    expect(await a.metrics([posted])).toEqual(new Map([[posted.id, { likes: 12, replies: 3 }]]));
  });

  it('followers of an organization: networkSizes with the encoded URN, the edge type and the versioned headers', async () => {
    expect(await adapter().followers!()).toBe(42);
    const [req, ...more] = fake.requests;
    expect(more).toEqual([]);
    expect([req.method, req.path]).toEqual(['GET', '/rest/networkSizes/urn%3Ali%3Aorganization%3A2414183']);
    expect(req.query).toEqual({ edgeType: 'COMPANY_FOLLOWED_BY_MEMBER' });
    expect(req.headers).toMatchObject({ authorization: `Bearer ${fake.token}`, 'linkedin-version': DEFAULT_VERSION, 'x-restli-protocol-version': '2.0.0' });
    expect(adapter().followersUnavailable).toBeUndefined();
  });

  it('followers: 401 names the token variable, 403 names the permission, 429 keeps Retry-After', async () => {
    const expired = await adapter({}, { ...env(), LI_TOKEN: 'expired-token-value-123' }).followers!().catch((e) => e);
    expect(expired).toMatchObject({ kind: 'auth', status: 401 });
    expect(expired.message).toMatch(/read follower count: HTTP 401 .*EXPIRED_ACCESS_TOKEN.*LI_TOKEN/);
    expect(expired.message).not.toContain('expired-token-value-123');
    fake.noReadScope = true;
    const denied = await adapter().followers!().catch((e) => e);
    expect(denied).toMatchObject({ kind: 'auth', status: 403 });
    expect(denied.message).toContain('needs r_organization_social (or rw_organization_admin) to read the follower count for urn:li:organization:2414183');
    fake.noReadScope = false;
    fake.failNext(429, { 'retry-after': '45' }, { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' });
    await expect(adapter().followers!()).rejects.toMatchObject({ kind: 'rate-limit', retryAfterMs: 45_000 });
  });

  it('a member author has no follower count, and says why instead of calling anything', async () => {
    const member = adapter({ settings: { author: 'urn:li:person:8675309' } });
    expect(member.followers).toBeUndefined();
    expect(member.followersUnavailable).toMatch(/organization pages .* only; .*r_1st_connections_size.*for acme-li$/);
    expect(fake.requests).toEqual([]);
  });

  it('checks the token variable and the author URN in the constructor; client id and secret are optional', async () => {
    await expect(createAdapter(account(), {})).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('LI_TOKEN') });
    await expect(createAdapter(account(), {})).rejects.not.toMatchObject({ message: expect.stringContaining('LI_CLIENT_ID') });
    await expect(createAdapter(account({ settings: {} }), env())).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('set author: urn:li:person:<id>') });
    expect(await createAdapter(account(), { LI_TOKEN: 'x' })).toBeInstanceOf(LinkedInAdapter);
  });
});
