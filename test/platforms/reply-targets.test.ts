// `reply_to:` at the adapter edge: each platform turns the address into its own reply reference,
// and an address it cannot use is a clear `invalid` error naming it.
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { BlueskyAdapter } from '../../src/platforms/bluesky.js';
import { MastodonAdapter } from '../../src/platforms/mastodon.js';
import type { OutgoingItem } from '../../src/platforms/types.js';
import { tweetIdOf, XAdapter } from '../../src/platforms/x.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { startX, X_KEYS, type FakeX } from '../support/fake-x.js';

const item = (text: string, replyTo?: string): OutgoingItem => ({ text, media: [], ...(replyTo ? { replyTo } : {}) });

describe('X', () => {
  let fake: FakeX;
  beforeAll(async () => {
    fake = await startX();
  });
  afterAll(async () => fake.close());
  const env = { K: X_KEYS.consumerKey, S: X_KEYS.consumerSecret, T: X_KEYS.token, TS: X_KEYS.tokenSecret };
  const account = (): Account => ({ name: 'acme-x', platform: 'x', handle: '@acme', server: fake.url, credentials: { apiKey: 'K', apiSecret: 'S', accessToken: 'T', accessSecret: 'TS' }, settings: {} });

  it('answers the status id in the address; the thread then follows our own post', async () => {
    const a = new XAdapter(account(), env);
    const theirs = await a.post(item('a question'), { handle: a.newHandle() });
    const answer = await a.post(item('an answer', `https://x.com/someone/status/${theirs.id}?s=20`), { handle: a.newHandle() });
    expect(fake.requests.at(-1)!.body).toEqual({ text: 'an answer', reply: { in_reply_to_tweet_id: theirs.id } });
    await a.post(item('more'), { handle: a.newHandle(), replyTo: answer, root: answer });
    expect(fake.requests.at(-1)!.body).toEqual({ text: 'more', reply: { in_reply_to_tweet_id: answer.id } });
    expect(tweetIdOf('https://twitter.com/fan/status/1790000000000000000', 'acme-x')).toBe('1790000000000000000');
    expect(() => tweetIdOf('https://x.com/fan', 'acme-x')).toThrow(/reply_to https:\/\/x\.com\/fan is not an X post address/);
  });
});

describe('Mastodon', () => {
  let masto: FakeMastodon;
  beforeAll(async () => {
    masto = await startMastodon();
  });
  afterAll(async () => masto.close());
  const adapter = () => new MastodonAdapter({ name: 'masto', platform: 'mastodon', server: masto.url, credentials: { token: 'TOKEN' }, settings: {} }, { TOKEN: masto.token });

  it('finds the status by address with search?resolve=true and answers its local id', async () => {
    const theirs = masto.remote({ acct: 'fan@remote.example', text: 'is it out?' });
    const a = adapter();
    await a.post(item('yes!', theirs.url), { handle: a.newHandle() });
    const search = masto.requests.find((r) => r.path === '/api/v2/search')!;
    expect(search.query).toEqual({ q: theirs.url, resolve: 'true', type: 'statuses', limit: '1' });
    expect(masto.statuses.at(-1)).toMatchObject({ text: 'yes!', in_reply_to_id: theirs.id });
  });

  it('an address the server cannot find is an invalid post, not a post of its own', async () => {
    const a = adapter();
    const before = masto.statuses.length;
    const error = await a.post(item('yes!', 'https://remote.example/@fan/999'), { handle: a.newHandle() }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid', message: expect.stringContaining('reply_to https://remote.example/@fan/999: ') });
    expect(masto.statuses).toHaveLength(before);
  });
});

describe('Bluesky on a local PDS', () => {
  let network: TestNetworkNoAppView;
  let adapter: BlueskyAdapter;
  let bob: { uri: string; cid: string };
  beforeAll(async () => {
    network = await TestNetworkNoAppView.create({});
    const client = network.pds.getClient();
    await client.createAccount({ handle: 'alice.test', email: 'a@test.com', password: 'alice-pass' });
    const password = (await client.com.atproto.server.createAppPassword({ name: 'ci' })).data.password;
    const other = network.pds.getClient();
    await other.createAccount({ handle: 'bob.test', email: 'b@test.com', password: 'bob-pass' });
    bob = await other.post({ text: 'question', createdAt: new Date().toISOString() });
    adapter = new BlueskyAdapter({ name: 'bsky', platform: 'bluesky', handle: 'alice.test', server: network.pds.url, credentials: { identifier: 'H', password: 'P' }, settings: {} }, { H: 'alice.test', P: password });
  }, 60_000);
  afterAll(async () => network?.close());

  it('answers a top-level post: root and parent are that post; the ref keeps the root for the thread', async () => {
    const posted = await adapter.post(item('answer', `https://bsky.app/profile/bob.test/post/${bob.uri.split('/').pop()}`), { handle: adapter.newHandle() });
    expect(posted.ref).toMatchObject({ rootUri: bob.uri, rootCid: bob.cid });
    const { data } = await fetch(`${network.pds.url}/xrpc/com.atproto.repo.getRecord?repo=alice.test&collection=app.bsky.feed.post&rkey=${posted.id.split('/').pop()}`).then(async (r) => ({ data: (await r.json()) as { value: { reply: unknown } } }));
    expect(data.value.reply).toEqual({ root: { uri: bob.uri, cid: bob.cid }, parent: { uri: bob.uri, cid: bob.cid } });
  });

  it('says which address is wrong: not a post address, an unknown handle, a deleted post', async () => {
    const fail = (url: string) => adapter.post(item('answer', url), { handle: adapter.newHandle() }).catch((e) => e);
    expect(await fail('https://bsky.app/profile/bob.test')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('is not a Bluesky post address') });
    expect(await fail('https://bsky.app/profile/nobody.test/post/3kq2m5yf2xk2a')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('@nobody.test does not resolve') });
    expect(await fail('https://bsky.app/profile/bob.test/post/3kq2m5yf2xk2a')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('that post does not exist') });
  });
});
