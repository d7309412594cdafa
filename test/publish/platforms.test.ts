// The engine with the real adapters: Bluesky on a local PDS, Mastodon, Discord and Slack
// against the fake servers in test/support, and answers lost on the way back.
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { startDiscord, startSlack } from '../support/fake-webhooks.js';
import { showFile } from '../support/git.js';
import { calendarRepo, configYaml, load, type PostSpec } from './calendar.js';
import { startLossyProxy } from './lossy-proxy.js';

const NOW = new Date('2027-01-20T12:00:00Z');
const opts = (env: NodeJS.ProcessEnv, extra: Partial<PublishOptions> = {}): PublishOptions => ({ now: NOW, env, sleep: async () => undefined, ...extra });
const ledger = (remote: string, id: string) => parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);

let network: TestNetworkNoAppView;
let did: string;
const env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  network = await TestNetworkNoAppView.create({});
  const agent = network.pds.getClient();
  did = (await agent.createAccount({ handle: 'alice.test', email: 'alice@test.com', password: 'acme-pass' })).data.did;
  env.BSKY_HANDLE = 'alice.test';
  env.BSKY_APP_PASSWORD = (await agent.com.atproto.server.createAppPassword({ name: 'ci' })).data.password;
});

afterAll(async () => {
  await network?.close();
});

async function records(): Promise<{ uri: string; value: { text: string; reply?: { parent: { uri: string }; root: { uri: string } } } }[]> {
  const out = [];
  let cursor: string | undefined;
  do {
    const url = `${network.pds.url}/xrpc/com.atproto.repo.listRecords?repo=${did}&collection=app.bsky.feed.post&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await (await fetch(url)).json()) as { records: any[]; cursor?: string };
    out.push(...page.records);
    cursor = page.records.length ? page.cursor : undefined;
  } while (cursor);
  return out;
}

const bsky = () => `platform: bluesky\nhandle: alice.test\nserver: ${network.pds.url}\ncredentials: { identifier: BSKY_HANDLE, password: BSKY_APP_PASSWORD }`;

describe('publishing to Bluesky on a local PDS', () => {
  it('two clones publishing at once create each record exactly once; threads are replies', async () => {
    const before = (await records()).length;
    const posts: PostSpec[] = Array.from({ length: 5 }, (_, i) => ({ id: `race-${i}`, at: '2027-01-20 11:00', channels: ['bsky'], text: `race ${i}` }));
    posts.push({ id: 'race-thread', at: '2027-01-20 11:00', channels: ['bsky'], text: 'thread 1', thread: ['thread 2', 'thread 3'] });
    const repo = calendarRepo(configYaml({ bsky: bsky() }), posts);
    const runs = await Promise.all([repo.clone(), repo.clone(1)].map((dir) => {
      const { calendar, problems } = load(dir);
      return publish(calendar, problems, opts(env));
    }));
    const after = await records();
    expect(after.length - before).toBe(8);
    const texts = after.map((r) => r.value.text);
    for (const t of ['race 0', 'race 1', 'race 2', 'race 3', 'race 4', 'thread 1', 'thread 2', 'thread 3']) expect(texts.filter((x) => x === t)).toHaveLength(1);
    expect(runs.flatMap((r) => r.pairs).filter((p) => p.state === 'published')).toHaveLength(6);

    const thread = ledger(repo.remote, 'race-thread').accounts.bsky;
    expect(thread.state).toBe('published');
    const [one, two, three] = thread.items;
    expect(one.id).toBe(`at://${did}/app.bsky.feed.post/${one.handle}`);
    const byUri = new Map(after.map((r) => [r.uri, r.value]));
    expect(byUri.get(two.id!)!.reply).toMatchObject({ root: { uri: one.id }, parent: { uri: one.id } });
    expect(byUri.get(three.id!)!.reply).toMatchObject({ root: { uri: one.id }, parent: { uri: two.id } });
    expect(one.url).toBe(`https://bsky.app/profile/alice.test/post/${one.handle}`);
  });

  it('a lost answer from the PDS is found by its record key, not posted twice', async () => {
    const proxy = await startLossyProxy(network.pds.url);
    try {
      const before = (await records()).length;
      const repo = calendarRepo(configYaml({ bsky: bsky().replace(network.pds.url, proxy.url) }), [{ id: 'lost', at: '2027-01-20 11:00', channels: ['bsky'], text: 'lost answer' }]);
      proxy.loseNext((m, p) => m === 'POST' && p.endsWith('createRecord'), 'drop');
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts(env));
      expect(report.pairs.map((p) => p.state)).toEqual(['published']);
      expect((await records()).length - before).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('publishing to Mastodon, Discord and Slack fakes', () => {
  let masto: FakeMastodon;
  beforeAll(async () => {
    masto = await startMastodon();
  });
  afterAll(async () => {
    await masto.close();
  });

  it('posts to all three and records ids and links', async () => {
    const discord = await startDiscord();
    const slack = await startSlack();
    try {
      const config = configYaml({
        masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }`,
        disc: 'platform: discord\ncredentials: { webhook: DISCORD_URL }',
        chat: 'platform: slack\ncredentials: { webhook: SLACK_URL }',
      });
      const repo = calendarRepo(config, [{ id: 'all', at: '2027-01-20 11:00', channels: ['masto', 'disc', 'chat'], text: 'Hello everyone', thread: ['and more'] }]);
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts({ MASTO_TOKEN: masto.token, DISCORD_URL: discord.url, SLACK_URL: slack.url }));
      expect(report.pairs.map((p) => `${p.account}:${p.state}`)).toEqual(['masto:published', 'disc:published', 'chat:published']);
      expect(masto.statuses.map((s) => s.text)).toEqual(['Hello everyone', 'and more']);
      expect(masto.statuses[1].in_reply_to_id).toBe(masto.statuses[0].id);
      expect(discord.statuses.map((s) => s.content)).toEqual(['Hello everyone', 'and more']);
      expect(slack.statuses).toHaveLength(2);
      const file = ledger(repo.remote, 'all');
      expect(file.accounts.masto.items.map((i) => i.id)).toEqual(masto.statuses.map((s) => s.id));
      expect(file.accounts.masto.items[0].url).toBe(masto.statuses[0].url);
      // Secrets never reach the ledger.
      const text = showFile(repo.remote, 'socialcal-ledger', 'published/all.yaml');
      expect(text).not.toContain(masto.token);
      expect(text).not.toContain('slack-webhook-secret');
    } finally {
      await discord.close();
      await slack.close();
    }
  });

  it('a Mastodon answer lost after the status was created is found by lookup, not posted again', async () => {
    const proxy = await startLossyProxy(masto.url);
    try {
      const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${proxy.url}\ncredentials: { token: MASTO_TOKEN }` }), [{ id: 'm-lost', at: '2027-01-20 11:00', channels: ['masto'], text: 'Mastodon lost answer' }]);
      proxy.loseNext((m, p) => m === 'POST' && p === '/api/v1/statuses', 'drop');
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts({ MASTO_TOKEN: masto.token }));
      expect(report.pairs.map((p) => p.state)).toEqual(['published']);
      expect(masto.statuses.filter((s) => s.text === 'Mastodon lost answer')).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('a Mastodon 429 is waited out as the server says, then posted once', async () => {
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }), [{ id: 'm-429', at: '2027-01-20 11:00', channels: ['masto'], text: 'after a rate limit' }]);
    const { calendar, problems } = load(repo.work);
    const sleeps: number[] = [];
    const original = masto.requests.length;
    // The adapter's first request may be the instance's limits; fail the status post itself.
    const report = await publish(calendar, problems, opts({ MASTO_TOKEN: masto.token }, {
      sleep: async (ms) => void sleeps.push(ms),
      adapterFor: async (account, e) => {
        const { createAdapter } = await import('../../src/platforms/index.js');
        const adapter = await createAdapter(account, e);
        const post = adapter.post.bind(adapter);
        adapter.post = (item, ctx) => {
          if (sleeps.length === 0) masto.failNext(429, { 'retry-after': '2' });
          return post(item, ctx);
        };
        return adapter;
      },
    }));
    expect(report.pairs.map((p) => p.state)).toEqual(['published']);
    expect(sleeps).toEqual([2000]);
    expect(masto.statuses.filter((s) => s.text === 'after a rate limit')).toHaveLength(1);
    expect(masto.requests.length).toBeGreaterThan(original);
  });

  it('a Slack post whose answer was lost becomes unknown and is not re-sent', async () => {
    const slack = await startSlack();
    const proxy = await startLossyProxy(slack.url.replace(/\/services\/.*$/, ''));
    try {
      const url = `${proxy.url}${new URL(slack.url).pathname}`;
      const repo = calendarRepo(configYaml({ chat: 'platform: slack\ncredentials: { webhook: SLACK_URL }' }), [{ id: 's-lost', at: '2027-01-20 11:00', channels: ['chat'], text: 'Slack lost answer' }]);
      proxy.loseNext((m) => m === 'POST', 'drop');
      const { calendar, problems } = load(repo.work);
      const first = await publish(calendar, problems, opts({ SLACK_URL: url }));
      expect(first.pairs[0]).toMatchObject({ state: 'unknown' });
      expect(first.pairs[0].error).not.toContain('slack-webhook-secret');
      expect(slack.statuses).toHaveLength(1);
      const second = await publish(calendar, problems, opts({ SLACK_URL: url }));
      expect(second.pairs.map((p) => p.state)).toEqual(['unknown']);
      expect(slack.statuses).toHaveLength(1);
      expect(ledger(repo.remote, 's-lost').accounts.chat.state).toBe('unknown');
    } finally {
      await proxy.close();
      await slack.close();
    }
  });
});
