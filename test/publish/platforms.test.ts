// The engine with the real adapters: Bluesky on a local PDS, Mastodon, Discord and Slack
// against the fake servers in test/support, and answers lost on the way back.
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdapter } from '../../src/platforms/index.js';
import type { OutgoingItem } from '../../src/platforms/types.js';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { startDiscord, startSlack } from '../support/fake-webhooks.js';
import { ageClaims, git, showFile, writeFiles } from '../support/git.js';
import { calendarRepo, configYaml, load, postYaml, type PostSpec } from './calendar.js';
import { startLossyProxy } from './lossy-proxy.js';

// Real git and a real PDS, two clones at once: a loaded CI machine needs more than 30 s (a test that
// times out leaves its runs posting into the next test's counts).
vi.setConfig({ testTimeout: 120_000 });

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

/**
 * A publish run that dies after `last` went out: either its result push never reaches the remote
 * (`lost`: the job's checkout, with its pending file, is gone) or it hangs before `last` is sent
 * (`before`). Then the post loses its thread replies in the calendar, and the claim goes stale.
 */
async function dieThenDropReplies(repo: ReturnType<typeof calendarRepo>, post: PostSpec, runEnv: NodeJS.ProcessEnv, how: { lost: string } | { before: string }): Promise<void> {
  const hook = join(repo.remote, 'hooks', 'pre-receive');
  writeFileSync(hook, '#!/bin/sh\nif [ -e blocked ]; then echo "the job died before this push" >&2; exit 1; fi\n');
  chmodSync(hook, 0o755);
  let hung = false;
  const dying = load(repo.clone());
  const run = publish(dying.calendar, dying.problems, opts(runEnv, {
    adapterFor: async (account, e) => {
      const adapter = await createAdapter(account, e);
      const post = adapter.post.bind(adapter);
      adapter.post = async (item: OutgoingItem, ctx) => {
        if ('before' in how && item.text === how.before) {
          hung = true;
          return new Promise(() => undefined);
        }
        const posted = await post(item, ctx);
        if ('lost' in how && item.text === how.lost) writeFileSync(join(repo.remote, 'blocked'), '');
        return posted;
      };
      return adapter;
    },
  }));
  if ('lost' in how) expect((await run).pending).toBeDefined();
  else await waitFor(() => hung);
  rmSync(join(repo.remote, 'blocked'), { force: true });
  writeFiles(repo.work, { [`posts/${post.id}.yaml`]: postYaml({ ...post, thread: undefined }) });
  git(repo.work, 'commit', '--quiet', '-am', 'no thread after all');
  git(repo.work, 'push', '--quiet', 'origin', 'main');
  ageClaims(repo.remote, 31);
}

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

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

  it('a reply that went out before the run died, then was removed from the calendar, is found by its record key and kept on record', async () => {
    const before = (await records()).length;
    const post: PostSpec = { id: 'cut-sent', at: '2027-01-20 11:00', channels: ['bsky'], text: 'cut sent 1', thread: ['cut sent 2'] };
    const repo = calendarRepo(configYaml({ bsky: bsky() }), [post]);
    await dieThenDropReplies(repo, post, env, { lost: 'cut sent 2' });
    expect(ledger(repo.remote, 'cut-sent').accounts.bsky.state).toBe('claimed');

    const { calendar, problems } = load(repo.clone());
    const report = await publish(calendar, problems, opts(env));
    expect(report.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'published']]);
    const after = await records();
    expect(after.length - before).toBe(2);
    const entry = ledger(repo.remote, 'cut-sent').accounts.bsky;
    expect(entry.state).toBe('published');
    const byUri = new Map(after.map((r) => [r.uri, r.value.text]));
    expect(entry.items.map((i) => byUri.get(i.id!))).toEqual(['cut sent 1', 'cut sent 2']);
  });

  it('a reply removed from the calendar that never went out leaves the record; the rest is published', async () => {
    const before = (await records()).length;
    const post: PostSpec = { id: 'cut-unsent', at: '2027-01-20 11:00', channels: ['bsky'], text: 'cut unsent 1', thread: ['cut unsent 2'] };
    const repo = calendarRepo(configYaml({ bsky: bsky() }), [post]);
    await dieThenDropReplies(repo, post, env, { before: 'cut unsent 2' });
    expect(ledger(repo.remote, 'cut-unsent').accounts.bsky.items).toHaveLength(2);

    const { calendar, problems } = load(repo.clone());
    const report = await publish(calendar, problems, opts(env));
    expect(report.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'published']]);
    expect((await records()).map((r) => r.value.text).filter((t) => t.startsWith('cut unsent'))).toEqual(['cut unsent 1']);
    expect((await records()).length - before).toBe(1);
    const entry = ledger(repo.remote, 'cut-unsent').accounts.bsky;
    expect(entry.items).toHaveLength(1);
    expect(entry.items[0].id).toMatch(/^at:\/\//);
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

  it('a Mastodon reply that went out before the run died, then was removed from the calendar, makes the pair unknown (its text is gone), not published or re-sent', async () => {
    const post: PostSpec = { id: 'm-cut', at: '2027-01-20 11:00', channels: ['masto'], text: 'Mastodon cut 1', thread: ['Mastodon cut 2'] };
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }), [post]);
    await dieThenDropReplies(repo, post, { MASTO_TOKEN: masto.token }, { lost: 'Mastodon cut 2' });
    const { calendar, problems } = load(repo.clone());
    const report = await publish(calendar, problems, opts({ MASTO_TOKEN: masto.token }));
    expect(report.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'unknown']]);
    const entry = ledger(repo.remote, 'm-cut').accounts.masto;
    expect(entry.state).toBe('unknown');
    expect(entry.error).toMatch(/thread item 2 was removed from the calendar since; mastodon cannot be asked by its handle whether it went out — check the account, then run `socialcal publish --resolve`/);
    expect(entry.items[0].id).toBe(masto.statuses.find((s) => s.text === 'Mastodon cut 1')!.id);
    expect(masto.statuses.filter((s) => s.text.startsWith('Mastodon cut'))).toHaveLength(2);
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
