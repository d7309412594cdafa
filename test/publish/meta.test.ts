// The publish engine with the Threads, Instagram and Facebook Pages adapters against the local
// Graph server: end to end (threads as replies where the platform has them), two runs racing,
// and an answer lost after Meta accepted — found by lookup, never posted twice.
import { describe, expect, it } from 'vitest';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { showFile } from '../support/git.js';
import { calendarRepo, configYaml, ledger, load, type PostSpec } from './calendar.js';
import { startLossyProxy } from './lossy-proxy.js';
import { image, metaServers, PUBLISHING } from './meta-calendar.js';

const NOW = new Date('2027-01-20T12:00:00Z');
const opts = (env: NodeJS.ProcessEnv, extra: Partial<PublishOptions> = {}): PublishOptions => ({ now: NOW, env, sleep: async () => undefined, ...extra });

const { servers, repoFor, postsWith } = metaServers();
const env = () => ({ META_TOKEN: servers.graph.token });

// Real git, two racing clones; Threads and Instagram push each item's container into its claim.
describe.each(['threads', 'instagram', 'facebook'] as const)('publishing to %s', { timeout: 120_000 }, (platform) => {
  it('posts end to end and records ids and links (a Threads thread as replies)', async () => {
    const thread = platform === 'threads' ? ['second part', 'third part'] : undefined;
    const repo = repoFor(platform, servers.graph.url, [{ id: `${platform}-e2e`, at: '2027-01-20 11:00', channels: ['meta'], text: `${platform} end to end`, thread }]);
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, opts(env()));
    expect(report.pairs.map((p) => p.state)).toEqual(['published']);
    const [first] = postsWith(platform, `${platform} end to end`);
    expect(first.images).toHaveLength(1);
    const file = ledger(repo.remote, `${platform}-e2e`);
    expect(file.accounts.meta.items[0]).toMatchObject({ id: first.id, url: first.permalink });
    if (thread) {
      const [two, three] = thread.map((t) => postsWith(platform, t)[0]);
      expect(two.replyTo).toBe(first.id);
      expect(three.replyTo).toBe(two.id);
    }
    expect(showFile(repo.remote, 'socialcal-ledger', `published/${platform}-e2e.yaml`)).not.toContain(servers.graph.token);
  });

  it('two clones publishing at once post each exactly once', async () => {
    const posts: PostSpec[] = Array.from({ length: 4 }, (_, i) => ({ id: `${platform}-race-${i}`, at: '2027-01-20 11:00', channels: ['meta'], text: `${platform} race ${i}` }));
    const repo = repoFor(platform, servers.graph.url, posts);
    const runs = await Promise.all([repo.clone(), repo.clone(1)].map((dir) => {
      const { calendar, problems } = load(dir);
      return publish(calendar, problems, opts(env()));
    }));
    for (const p of posts) expect(postsWith(platform, p.text!)).toHaveLength(1);
    expect(runs.flatMap((r) => r.pairs).filter((p) => p.state === 'published')).toHaveLength(4);
  });

  it('an answer lost after Meta accepted the post is found by lookup, not posted again', async () => {
    const proxy = await startLossyProxy(servers.graph.url);
    try {
      const text = `${platform} lost answer`;
      const repo = repoFor(platform, proxy.url, [{ id: `${platform}-lost`, at: '2027-01-20 11:00', channels: ['meta'], text }]);
      proxy.loseNext((m, p) => m === 'POST' && p.endsWith(PUBLISHING[platform]), 'drop');
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts(env()));
      expect(report.pairs.map((p) => p.state)).toEqual(['published']);
      expect(postsWith(platform, text)).toHaveLength(1);
      expect(ledger(repo.remote, `${platform}-lost`).accounts.meta.items[0].id).toBe(postsWith(platform, text)[0].id);
    } finally {
      await proxy.close();
    }
  });

  it('an expired token fails the pair with a message naming the variable, and nothing is posted', async () => {
    const text = `${platform} expired token`;
    const repo = repoFor(platform, servers.graph.url, [{ id: `${platform}-expired`, at: '2027-01-20 11:00', channels: ['meta'], text }]);
    const { calendar, problems } = load(repo.work);
    servers.graph.expireToken();
    try {
      const report = await publish(calendar, problems, opts(env()));
      expect(report.pairs.map((p) => p.state)).toEqual(['failed']);
      const entry = ledger(repo.remote, `${platform}-expired`).accounts.meta;
      expect(entry.error).toContain('META_TOKEN');
      expect(entry.error).not.toContain(servers.graph.token);
      expect(postsWith(platform, text)).toHaveLength(0);
    } finally {
      servers.graph.renewToken();
    }
  });
});

describe('posts a Meta platform cannot take are held, not failed', () => {
  it('an Instagram post without an image, and images for an account without mediaBaseUrl: dry run and real run agree, nothing reaches Meta', async () => {
    const account = (extra: string) => [`platform: instagram`, `userId: "${servers.graph.igUser}"`, `server: ${servers.graph.url}`, 'credentials: { token: META_TOKEN }', extra].filter(Boolean).join('\n');
    const posts: PostSpec[] = [
      { id: 'ig-no-image', at: '2027-01-20 11:00', channels: ['ig'], text: 'words only' },
      { id: 'ig-not-public', at: '2027-01-20 11:00', channels: ['bare'], text: 'an image nobody can fetch', extra: 'media:\n  - file: media/box.jpg\n    alt: A grey box' },
    ];
    const repo = calendarRepo(configYaml({ ig: account(`mediaBaseUrl: ${servers.site.url}`), bare: account('') }), posts, { 'media/box.jpg': image });
    const from = servers.graph.requests.length;
    for (const dryRun of [true, false]) {
      const { calendar, problems } = load(repo.work);
      const report = await publish(calendar, problems, opts(env(), { dryRun }));
      expect(report.pairs.map((p) => [p.post, p.state])).toEqual([['ig-no-image', 'held'], ['ig-not-public', 'held']]);
      expect(report.pairs.map((p) => p.reason)).toEqual([expect.stringContaining('takes only posts with an image'), expect.stringContaining('has no mediaBaseUrl')]);
    }
    expect(servers.graph.requests.length).toBe(from);
  });
});
