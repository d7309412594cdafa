// The built CLI publishing to Threads, Instagram and Facebook Pages (the local Graph server):
// two processes at once, and a process killed after Meta accepted the post — the next run
// reconciles it without posting again. Needs `npm run build` first (npm test does it).
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../support/cli.js';
import { ageClaims } from '../support/git.js';
import { ledger } from './calendar.js';
import { startLossyProxy } from './lossy-proxy.js';
import { metaServers, PUBLISHING } from './meta-calendar.js';

const NOW = '2027-01-20T12:00:00Z';

const { servers, repoFor, postsWith } = metaServers();

describe.each(['threads', 'instagram', 'facebook'] as const)('socialcal publish to %s (built CLI)', { timeout: 90_000 }, (platform) => {
  it('two publish processes at the same time post each exactly once', async () => {
    const posts = Array.from({ length: 3 }, (_, i) => ({ id: `${platform}-cli-${i}`, at: '2027-01-20 11:00', channels: ['meta'], text: `${platform} cli race ${i}` }));
    const repo = repoFor(platform, servers.graph.url, posts);
    const env = { META_TOKEN: servers.graph.token };
    const runs = await Promise.all([repo.clone(), repo.clone(1)].map((dir) => cliProcess(['publish', '-C', dir, '--now', NOW, '--json'], env)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const p of posts) expect(postsWith(platform, p.text)).toHaveLength(1);
    expect(runs.flatMap((r) => JSON.parse(r.stdout).pairs.map((p: { state: string }) => p.state)).filter((s) => s === 'published')).toHaveLength(3);
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain(servers.graph.token);
  });

  it('a run killed after Meta accepted, before recording, is reconciled by the next run without posting again', async () => {
    const proxy = await startLossyProxy(servers.graph.url);
    try {
      const text = `${platform} killed mid-run`;
      const repo = repoFor(platform, proxy.url, [{ id: `${platform}-killed`, at: '2027-01-20 11:00', channels: ['meta'], text }]);
      const env = { META_TOKEN: servers.graph.token };
      proxy.loseNext((m, p) => m === 'POST' && p.endsWith(PUBLISHING[platform]), 'hold');
      const killed = await cliProcess(['publish', '-C', repo.clone(), '--now', NOW], env, (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      expect(postsWith(platform, text)).toHaveLength(1);
      expect(ledger(repo.remote, `${platform}-killed`).accounts.meta.state).toBe('claimed');

      ageClaims(repo.remote, 31); // no run takes a claim over sooner, whatever --stale-after says
      const next = await cliProcess(['publish', '-C', repo.clone(1), '--now', NOW, '--json'], env);
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout).pairs).toEqual([expect.objectContaining({ post: `${platform}-killed`, action: 'reconcile', state: 'published' })]);
      expect(postsWith(platform, text)).toHaveLength(1);
      expect(ledger(repo.remote, `${platform}-killed`).accounts.meta.items[0].id).toBe(postsWith(platform, text)[0].id);
      // Threads and Instagram found it by the container kept in the claim, not by its text.
      if (platform !== 'facebook') expect(ledger(repo.remote, `${platform}-killed`).accounts.meta.items[0].handle).toBe(`container:${servers.graph.containers.find((c) => c.params.text === text || c.params.caption === text)!.id}`);
    } finally {
      await proxy.close();
    }
  });
});

describe.each(['threads', 'instagram'] as const)('socialcal publish to %s, killed between container and publish (built CLI)', { timeout: 90_000 }, (platform) => {
  it('the claim holds the container; the next run publishes that container, makes no second one and posts once', async () => {
    const proxy = await startLossyProxy(servers.graph.url);
    try {
      const text = `${platform} killed before publishing`;
      const repo = repoFor(platform, proxy.url, [{ id: `${platform}-prepared`, at: '2027-01-20 11:00', channels: ['meta'], text }]);
      const env = { META_TOKEN: servers.graph.token };
      // The first read of a container's status comes after its id was pushed with the claim.
      proxy.loseNext((m, p) => m === 'GET' && /^\/v[\d.]+\/\d+$/.test(p), 'hold');
      const killed = await cliProcess(['publish', '-C', repo.clone(), '--now', NOW], env, (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      const containers = servers.graph.containers.filter((c) => c.params.text === text || c.params.caption === text);
      expect(containers).toHaveLength(1);
      expect(postsWith(platform, text)).toHaveLength(0);
      expect(ledger(repo.remote, `${platform}-prepared`).accounts.meta).toMatchObject({ state: 'claimed', items: [{ handle: `container:${containers[0].id}` }] });

      ageClaims(repo.remote, 31);
      const next = await cliProcess(['publish', '-C', repo.clone(1), '--now', NOW, '--json'], env);
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout).pairs).toEqual([expect.objectContaining({ post: `${platform}-prepared`, action: 'reconcile', state: 'published' })]);
      expect(servers.graph.containers.filter((c) => c.params.text === text || c.params.caption === text)).toHaveLength(1);
      expect(containers[0].status).toBe('PUBLISHED');
      expect(postsWith(platform, text)).toHaveLength(1);
      expect(ledger(repo.remote, `${platform}-prepared`).accounts.meta.items[0]).toMatchObject({ handle: `container:${containers[0].id}`, id: postsWith(platform, text)[0].id });
    } finally {
      await proxy.close();
    }
  });
});
