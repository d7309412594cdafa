// The built CLI as CI runs it: real processes, a bare remote, fake platforms on 127.0.0.1.
// Needs `npm run build` first (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { cliProcess } from '../support/cli.js';
import { startLinkedIn, type FakeLinkedIn } from '../support/fake-linkedin.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { startTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { startX, X_KEYS, type FakeX } from '../support/fake-x.js';
import { ageClaims, git, showFile } from '../support/git.js';
import { png } from '../support/images.js';
import { calendarRepo, configYaml } from './calendar.js';
import { startLossyProxy } from './lossy-proxy.js';

const NOW = '2027-01-20T12:00:00Z';

const socialcal = cliProcess;

let masto: FakeMastodon;
beforeAll(async () => {
  masto = await startMastodon();
});
afterAll(async () => {
  await masto.close();
});

const mastoAccount = (server: string) => `platform: mastodon\nserver: ${server}\ncredentials: { token: MASTO_TOKEN }`;
const ledger = (remote: string, id: string) => parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);

describe('socialcal publish (built CLI)', () => {
  it('two publish processes at the same time post each status exactly once', async () => {
    const posts = Array.from({ length: 6 }, (_, i) => ({ id: `cli-${i}`, at: '2027-01-20 11:00', channels: ['masto'], text: `cli race ${i}` }));
    const repo = calendarRepo(configYaml({ masto: mastoAccount(masto.url) }), posts);
    const env = { MASTO_TOKEN: masto.token };
    const runs = await Promise.all([repo.clone(), repo.clone(1)].map((dir) => socialcal(['publish', '-C', dir, '--now', NOW, '--json'], env)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const p of posts) expect(masto.statuses.filter((s) => s.text === p.text)).toHaveLength(1);
    const states = runs.flatMap((r) => JSON.parse(r.stdout).pairs.map((p: { state: string }) => p.state));
    expect(states.filter((s) => s === 'published')).toHaveLength(6);
    for (const p of posts) expect(ledger(repo.remote, p.id).accounts.masto.state).toBe('published');
  });

  it('a run killed after Mastodon accepted, before recording, is reconciled by the next run without posting again', async () => {
    const proxy = await startLossyProxy(masto.url);
    try {
      const repo = calendarRepo(configYaml({ masto: mastoAccount(proxy.url) }), [{ id: 'killed', at: '2027-01-20 11:00', channels: ['masto'], text: 'killed mid-run' }]);
      const env = { MASTO_TOKEN: masto.token };
      proxy.loseNext((m, p) => m === 'POST' && p === '/api/v1/statuses', 'hold');
      const killed = await socialcal(['publish', '-C', repo.clone(), '--now', NOW], env, (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      expect(masto.statuses.filter((s) => s.text === 'killed mid-run')).toHaveLength(1);
      expect(ledger(repo.remote, 'killed').accounts.masto.state).toBe('claimed');

      // Within the lease the claim belongs to the (dead) run: nothing happens.
      const early = await socialcal(['publish', '-C', repo.clone(), '--now', NOW, '--json'], env);
      expect(JSON.parse(early.stdout).pairs.map((p: { state: string }) => p.state)).toEqual(['busy']);

      // 31 minutes later (no run takes a claim over sooner, whatever --stale-after says).
      ageClaims(repo.remote, 31);
      const next = await socialcal(['publish', '-C', repo.clone(1), '--now', NOW, '--json'], env);
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout).pairs).toEqual([expect.objectContaining({ post: 'killed', action: 'reconcile', state: 'published' })]);
      expect(masto.statuses.filter((s) => s.text === 'killed mid-run')).toHaveLength(1);
      expect(ledger(repo.remote, 'killed').accounts.masto.items[0].id).toBe(masto.statuses.find((s) => s.text === 'killed mid-run')!.id);
    } finally {
      await proxy.close();
    }
  });

  it('freeze holds publishing and says why; check and ls show it; unfreeze lets it go', async () => {
    const repo = calendarRepo(configYaml({ masto: mastoAccount(masto.url) }), [{ id: 'promo', at: '2027-01-20 11:00', channels: ['masto'], text: 'frozen promo', tags: ['promotional'] }]);
    const env = { MASTO_TOKEN: masto.token, GITHUB_ACTOR: 'dana' };
    const frozen = await socialcal(['freeze', '-C', repo.work, '--tag', 'promotional', '--reason', 'earnings quiet period'], env);
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(frozen.stdout).toContain('frozen for tags promotional — earnings quiet period');
    expect(showFile(repo.remote, 'socialcal-ledger', 'freeze.yaml')).toMatch(/reason: earnings quiet period\n\s+tags:\n\s+- promotional\n\s+at: .*\n\s+by: dana/);

    const held = await socialcal(['publish', '-C', repo.clone(), '--now', NOW], env);
    expect(held.code).toBe(0);
    expect(held.stdout).toContain('❄ publishing is frozen for tags promotional: earnings quiet period (dana)');
    expect(held.stdout).toContain('❄ promo → masto (mastodon)  held');
    expect(masto.statuses.filter((s) => s.text === 'frozen promo')).toHaveLength(0);

    const ls = await socialcal(['ls', '-C', repo.work, '--all', '--json', '--now', NOW]);
    expect(JSON.parse(ls.stdout).freezes).toEqual([expect.objectContaining({ reason: 'earnings quiet period', tags: ['promotional'], by: 'dana' })]);
    const check = await socialcal(['check', '-C', repo.work, '--now', NOW]);
    expect(check.stdout).toContain('❄ publishing is frozen for tags promotional: earnings quiet period');

    const lifted = await socialcal(['unfreeze', '-C', repo.work, '--tag', 'promotional'], env);
    expect(lifted.stdout).toContain('Lifted the freeze on promotional.');
    const sent = await socialcal(['publish', '-C', repo.clone(), '--now', NOW, '--json'], env);
    expect(JSON.parse(sent.stdout).pairs.map((p: { state: string }) => p.state)).toEqual(['published']);
    expect(masto.statuses.filter((s) => s.text === 'frozen promo')).toHaveLength(1);
    git(repo.work, 'fetch', '--quiet');
    const after = await socialcal(['ls', '-C', repo.work, '--all', '--json', '--now', NOW]);
    expect(JSON.parse(after.stdout)).toMatchObject({ freezes: [], posts: [{ id: 'promo', published: { masto: 'published' } }] });
  });

  it('--dry-run prints what each account would receive and changes nothing', async () => {
    const repo = calendarRepo(configYaml({ masto: mastoAccount(masto.url) }), [{ id: 'preview', at: '2027-01-20 11:00', channels: ['masto'], text: 'First words', thread: ['Second words'], extra: 'media:\n  - file: media/a.png\n    alt: A grey box' }], { 'media/a.png': png(8, 8) });
    const run = await socialcal(['publish', '-C', repo.work, '--now', NOW, '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        '→ preview → masto (mastodon)  due  due 2027-01-20 11:00',
        '    │ [1/2] First words',
        '    │ 🖼 media/a.png — alt: A grey box',
        '    │ [2/2] Second words',
        '',
        'dry run: 1 would be posted, 0 held, 0 would be recorded missed; nothing was changed',
        '',
      ].join('\n'),
    );
    expect(git(repo.remote, 'branch', '--list', 'socialcal-ledger')).toBe('');
  });

  it('exits 1 when a post failed, and --resolve records a decision', async () => {
    const repo = calendarRepo(configYaml({ masto: mastoAccount(masto.url) }), [{ id: 'nope', at: '2027-01-20 11:00', channels: ['masto'], text: 'bad token' }]);
    const failed = await socialcal(['publish', '-C', repo.work, '--now', NOW], { MASTO_TOKEN: 'wrong-token-123456' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('✗ nope → masto (mastodon)  failed');
    expect(failed.stdout).not.toContain('wrong-token-123456');
    expect(showFile(repo.remote, 'socialcal-ledger', 'published/nope.yaml')).not.toContain('wrong-token-123456');

    const resolved = await socialcal(['publish', '-C', repo.work, '--resolve', 'nope:masto=published'], { GITHUB_ACTOR: 'lee' });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toBe('nope → masto: failed → published (by lee)\n');
    expect(ledger(repo.remote, 'nope').accounts.masto).toMatchObject({ state: 'published', note: 'marked published by lee' });
  });

  it('usage errors exit 2 with a hint', async () => {
    const repo = calendarRepo(configYaml({ masto: mastoAccount(masto.url) }), []);
    const bad = await socialcal(['publish', '-C', repo.work, '--accounts', 'nosuch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--accounts nosuch: no such name in this calendar');
    const resolve = await socialcal(['publish', '-C', repo.work, '--resolve', 'oops']);
    expect(resolve.code).toBe(2);
    expect(resolve.stderr).toContain('expected <post-id>:<account>=published|retry');
  });
});

describe('socialcal publish (built CLI) to X, LinkedIn and Telegram', () => {
  let x: FakeX;
  let li: FakeLinkedIn;
  let tg: FakeTelegram;
  beforeAll(async () => {
    [x, li, tg] = await Promise.all([startX(), startLinkedIn(), startTelegram()]);
  });
  afterAll(async () => {
    await Promise.all([x.close(), li.close(), tg.close()]);
  });
  const env = () => ({ X_KEY: X_KEYS.consumerKey, X_SECRET: X_KEYS.consumerSecret, X_TOKEN: X_KEYS.token, X_TOKEN_SECRET: X_KEYS.tokenSecret, LI_TOKEN: li.token, TG_TOKEN: tg.token });
  const accounts = (servers: { x?: string; li?: string; tg?: string } = {}) => ({
    xa: `platform: x\nhandle: acme\nserver: ${servers.x ?? x.url}\ncredentials: { apiKey: X_KEY, apiSecret: X_SECRET, accessToken: X_TOKEN, accessSecret: X_TOKEN_SECRET }`,
    li: `platform: linkedin\nauthor: urn:li:organization:2414183\nserver: ${servers.li ?? li.url}\ncredentials: { token: LI_TOKEN }`,
    tg: `platform: telegram\nchat: "@acme_news"\nserver: ${servers.tg ?? tg.url}\ncredentials: { token: TG_TOKEN }`,
  });

  it('two publish processes at the same time post each exactly once on all three', async () => {
    const posts = Array.from({ length: 3 }, (_, i) => ({ id: `cli3-${i}`, at: '2027-01-20 11:00', channels: ['xa', 'li', 'tg'], text: `cli three ${i}` }));
    const repo = calendarRepo(configYaml(accounts()), posts);
    const runs = await Promise.all([repo.clone(), repo.clone(1)].map((dir) => socialcal(['publish', '-C', dir, '--now', NOW, '--json'], env())));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const p of posts) {
      expect(x.tweets.filter((t) => t.posted === p.text)).toHaveLength(1);
      expect(li.posts.filter((q) => q.commentary === p.text)).toHaveLength(1);
      expect(tg.messages.filter((m) => m.text === p.text)).toHaveLength(1);
    }
    expect(runs.flatMap((r) => JSON.parse(r.stdout).pairs.map((p: { state: string }) => p.state)).filter((s) => s === 'published')).toHaveLength(9);
  });

  it.each([
    ['X', 'xa', '/2/tweets'],
    ['LinkedIn', 'li', '/rest/posts'],
  ] as const)('a run killed after %s accepted, before recording, is reconciled by the next run without posting again', async (name, account, path) => {
    const fake = account === 'xa' ? x : li;
    const proxy = await startLossyProxy(fake.url);
    if (account === 'xa') x.signedOrigin = proxy.url;
    try {
      const text = `${name} killed mid-run`;
      const count = () => (account === 'xa' ? x.tweets.filter((t) => t.posted === text) : li.posts.filter((p) => p.commentary === text)).length;
      const all = accounts({ [account === 'xa' ? 'x' : 'li']: proxy.url });
      const repo = calendarRepo(configYaml({ [account]: all[account] }), [{ id: `killed-${account}`, at: '2027-01-20 11:00', channels: [account], text }]);
      proxy.loseNext((m, p) => m === 'POST' && p === path, 'hold');
      const killed = await socialcal(['publish', '-C', repo.clone(), '--now', NOW], env(), (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      expect(count()).toBe(1);
      expect(ledger(repo.remote, `killed-${account}`).accounts[account].state).toBe('claimed');

      ageClaims(repo.remote, 31); // no run takes a claim over sooner, whatever --stale-after says
      const next = await socialcal(['publish', '-C', repo.clone(1), '--now', NOW, '--json'], env());
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout).pairs).toEqual([expect.objectContaining({ post: `killed-${account}`, action: 'reconcile', state: 'published' })]);
      expect(count()).toBe(1);
    } finally {
      x.signedOrigin = x.url;
      await proxy.close();
    }
  });

  it('a run killed after Telegram accepted leaves the message unknown for a person; the next run does not send it again', async () => {
    const proxy = await startLossyProxy(tg.url);
    try {
      const repo = calendarRepo(configYaml({ tg: accounts({ tg: proxy.url }).tg }), [{ id: 'killed-tg', at: '2027-01-20 11:00', channels: ['tg'], text: 'Telegram killed mid-run' }]);
      proxy.loseNext((m, p) => m === 'POST' && p.endsWith('/sendMessage'), 'hold');
      const killed = await socialcal(['publish', '-C', repo.clone(), '--now', NOW], env(), (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      ageClaims(repo.remote, 31); // no run takes a claim over sooner, whatever --stale-after says
      const next = await socialcal(['publish', '-C', repo.clone(1), '--now', NOW, '--json'], env());
      expect(JSON.parse(next.stdout).pairs).toEqual([expect.objectContaining({ post: 'killed-tg', state: 'unknown' })]);
      expect(next.stdout).not.toContain(tg.token);
      expect(tg.messages.filter((m) => m.text === 'Telegram killed mid-run')).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
