// Bluesky against a real local PDS (PLC in memory, PDS on SQLite) from @atproto/dev-env.
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { BlueskyAdapter } from '../../src/platforms/bluesky.js';
import { createAdapter } from '../../src/platforms/index.js';
import { nextTid } from '../../src/platforms/tid.js';
import { PlatformError, type OutgoingItem } from '../../src/platforms/types.js';
import { png, tempFiles } from '../support/images.js';

let network: TestNetworkNoAppView;
let adapter: BlueskyAdapter;
let aliceDid: string;
let bobDid: string;
let appPassword: string;
const env: NodeJS.ProcessEnv = {};

function account(overrides: Partial<Account> = {}): Account {
  return {
    name: 'acme-bsky',
    platform: 'bluesky',
    handle: 'alice.test',
    server: network.pds.url,
    credentials: { identifier: 'BSKY_HANDLE', password: 'BSKY_APP_PASSWORD' },
    settings: {},
    ...overrides,
  };
}

async function getRecord(rkey: string): Promise<{ uri: string; cid: string; value: Record<string, any> }> {
  const url = `${network.pds.url}/xrpc/com.atproto.repo.getRecord?repo=${aliceDid}&collection=app.bsky.feed.post&rkey=${rkey}`;
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

async function countPosts(): Promise<number> {
  const url = `${network.pds.url}/xrpc/com.atproto.repo.listRecords?repo=${aliceDid}&collection=app.bsky.feed.post&limit=100`;
  return ((await (await fetch(url)).json()) as { records: unknown[] }).records.length;
}

const item = (text: string, extra: Partial<OutgoingItem> = {}): OutgoingItem => ({ text, media: [], ...extra });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

beforeAll(async () => {
  network = await TestNetworkNoAppView.create({});
  const agent = network.pds.getClient();
  aliceDid = (await agent.createAccount({ handle: 'alice.test', email: 'alice@test.com', password: 'alice-pass' })).data.did;
  appPassword = (await agent.com.atproto.server.createAppPassword({ name: 'socialcal-ci' })).data.password;
  const other = network.pds.getClient();
  bobDid = (await other.createAccount({ handle: 'bob.test', email: 'bob@test.com', password: 'bob-pass' })).data.did;
  env.BSKY_HANDLE = 'alice.test';
  env.BSKY_APP_PASSWORD = appPassword;
  adapter = (await createAdapter(account(), env)) as BlueskyAdapter;
});

afterAll(async () => {
  await network?.close();
});

describe('Bluesky adapter on a local PDS', () => {
  it('posts text with link, mention and hashtag facets at UTF-8 byte offsets', async () => {
    const text = 'Grüße 👩‍💻 日本 from @bob.test — see https://acme.example/launch?x=1 #LaunchDay';
    const handle = adapter.newHandle();
    const posted = await adapter.post(item(text, { langs: ['de', 'en'] }), { handle });
    expect(posted.id).toBe(`at://${aliceDid}/app.bsky.feed.post/${handle}`);
    expect(posted.ref?.cid).toMatch(/^bafy/);
    expect(posted.url).toBe(`https://bsky.app/profile/alice.test/post/${handle}`);

    const { value } = await getRecord(handle);
    expect(value.text).toBe(text);
    expect(value.langs).toEqual(['de', 'en']);
    const at = (s: string) => ({ byteStart: bytes(text.slice(0, text.indexOf(s))), byteEnd: bytes(text.slice(0, text.indexOf(s))) + bytes(s) });
    expect(value.facets).toEqual([
      { $type: 'app.bsky.richtext.facet', index: at('@bob.test'), features: [{ $type: 'app.bsky.richtext.facet#mention', did: bobDid }] },
      { $type: 'app.bsky.richtext.facet', index: at('https://acme.example/launch?x=1'), features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://acme.example/launch?x=1' }] },
      { $type: 'app.bsky.richtext.facet', index: at('#LaunchDay'), features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'LaunchDay' }] },
    ]);
    // The byte offsets differ from UTF-16 offsets because of the non-ASCII text before the link.
    expect(at('https://').byteStart).toBeGreaterThan(text.indexOf('https://'));
  });

  it('leaves a mention of an unknown handle as plain text', async () => {
    const handle = adapter.newHandle();
    await adapter.post(item('hi @nobody.test'), { handle });
    const { value } = await getRecord(handle);
    expect(value.facets).toBeUndefined();
  });

  it('uploads images with alt text and aspect ratio', async () => {
    const dir = tempFiles({ 'wide.png': png(30, 20), 'tall.png': png(10, 40) });
    const handle = adapter.newHandle();
    await adapter.post(
      item('two images', {
        media: [
          { file: 'media/wide.png', absPath: join(dir, 'wide.png'), alt: 'A wide grey box', mime: 'image/png' },
          { file: 'media/tall.png', absPath: join(dir, 'tall.png'), mime: 'image/png' },
        ],
      }),
      { handle },
    );
    const { value } = await getRecord(handle);
    expect(value.embed.$type).toBe('app.bsky.embed.images');
    expect(value.embed.images).toHaveLength(2);
    expect(value.embed.images[0]).toMatchObject({ alt: 'A wide grey box', aspectRatio: { width: 30, height: 20 }, image: { $type: 'blob', mimeType: 'image/png', size: png(30, 20).length } });
    expect(value.embed.images[1]).toMatchObject({ alt: '', aspectRatio: { width: 10, height: 40 } });
    const cid = value.embed.images[0].image.ref.$link;
    const blob = await fetch(`${network.pds.url}/xrpc/com.atproto.sync.getBlob?did=${aliceDid}&cid=${cid}`);
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(png(30, 20));
  });

  it('refuses an image over the blob limit before uploading', async () => {
    // A PNG's first bytes (media must be what its name says), padded past the limit.
    const dir = tempFiles({ 'big.png': Buffer.concat([png(1, 1), Buffer.alloc(2_000_001 - png(1, 1).length)]) });
    const error = await adapter
      .post(item('big', { media: [{ file: 'media/big.png', absPath: join(dir, 'big.png'), alt: 'x', mime: 'image/png' }] }), { handle: adapter.newHandle() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/media\/big\.png is 2000001 bytes/);
  });

  it('adds a link card as an external embed, with a local thumbnail', async () => {
    const dir = tempFiles({ 'thumb.png': png(12, 6) });
    const cardAdapter = new BlueskyAdapter(account(), env, { root: dir });
    const handle = cardAdapter.newHandle();
    await cardAdapter.post(item('launch', { card: { uri: 'https://acme.example/launch', title: 'Launch', description: 'It lands', thumb: 'thumb.png' } }), { handle });
    const { value } = await getRecord(handle);
    expect(value.embed).toMatchObject({
      $type: 'app.bsky.embed.external',
      external: { uri: 'https://acme.example/launch', title: 'Launch', description: 'It lands', thumb: { $type: 'blob', mimeType: 'image/png' } },
    });
  });

  it('posts a 3-item thread with root and parent references', async () => {
    const handles = [adapter.newHandle(), adapter.newHandle(), adapter.newHandle()];
    const first = await adapter.post(item('1/3'), { handle: handles[0] });
    const second = await adapter.post(item('2/3'), { handle: handles[1], replyTo: first, root: first });
    const third = await adapter.post(item('3/3'), { handle: handles[2], replyTo: second, root: first });
    const ref = (p: typeof first) => ({ uri: p.ref!.uri, cid: p.ref!.cid });
    expect((await getRecord(handles[0])).value.reply).toBeUndefined();
    expect((await getRecord(handles[1])).value.reply).toEqual({ root: ref(first), parent: ref(first) });
    expect((await getRecord(handles[2])).value.reply).toEqual({ root: ref(first), parent: ref(second) });
    expect(third.ref?.uri).toContain(handles[2]);
  });

  it('looks up a posted record key, and answers null for an unused TID', async () => {
    const handle = adapter.newHandle();
    const posted = await adapter.post(item('look me up'), { handle });
    expect(await adapter.lookup(handle)).toEqual(posted);
    expect(await adapter.lookup(nextTid())).toBeNull();
  });

  it('does not create a second record when the same record key is posted twice', async () => {
    const handle = adapter.newHandle();
    const first = await adapter.post(item('only once'), { handle });
    const before = await countPosts();
    const again = await adapter.post(item('only once'), { handle });
    expect(again).toEqual(first);
    expect(await countPosts()).toBe(before);
    // A fresh adapter (a new CI run) behaves the same.
    const fresh = new BlueskyAdapter(account(), env);
    expect(await fresh.post(item('only once'), { handle })).toEqual(first);
    expect(await countPosts()).toBe(before);
  });

  it('refuses a handle that is not a TID', async () => {
    await expect(adapter.post(item('x'), { handle: 'not-a-tid' })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('classifies over-long text as invalid', async () => {
    const error = await adapter.post(item('a'.repeat(301)), { handle: adapter.newHandle() }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('invalid');
    expect(error.status).toBe(400);
  });

  it('verifies the session', async () => {
    expect(await adapter.verify()).toEqual({ ok: true, detail: `signed in to ${network.pds.url} as @alice.test (${aliceDid})` });
  });

  it('reports a wrong app password as auth, naming the variable and not the value', async () => {
    const wrong = new BlueskyAdapter(account(), { ...env, BSKY_APP_PASSWORD: 'wrong-password-1234' });
    const error = await wrong.post(item('x'), { handle: wrong.newHandle() }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('BSKY_APP_PASSWORD');
    expect(error.message).not.toContain('wrong-password-1234');
    const check = await wrong.verify();
    expect(check.ok).toBe(false);
  });

  it('refreshes an expired access token', async () => {
    const refreshing = new BlueskyAdapter(account(), env);
    await refreshing.verify();
    // Swap in an access token the PDS rejects as expired (signed with the PDS's own key).
    const session = await (refreshing as any).session;
    session.accessJwt = expiredAccessJwt(session.did);
    const handle = refreshing.newHandle();
    await refreshing.post(item('after refresh'), { handle });
    expect((await getRecord(handle)).value.text).toBe('after refresh');
  });

  it('reports metrics as unavailable on a bare PDS (no AppView)', async () => {
    const posted = await adapter.post(item('metrics'), { handle: adapter.newHandle() });
    const error = await adapter.metrics([posted]).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('transient');
    expect(error.status).toBe(502);
  });

  it('names the missing variables in a config error', async () => {
    const error = await createAdapter(account({ handle: undefined }), {}).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.kind).toBe('config');
    expect(error.message).toContain('BSKY_HANDLE');
    expect(error.message).toContain('BSKY_APP_PASSWORD');
  });
});

function expiredAccessJwt(did: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ typ: 'at+jwt', alg: 'HS256' })}.${b64({ scope: 'com.atproto.appPass', aud: network.pds.ctx.cfg.service.did, sub: did, iat: now - 7200, exp: now - 60 })}`;
  return `${head}.${createHmac('sha256', network.pds.jwtSecretKey()).update(head).digest('base64url')}`;
}
