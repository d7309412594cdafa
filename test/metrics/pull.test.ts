// `metrics` end to end against the fake Mastodon and X servers: posts published for real by the
// publish engine, counts read back in the platforms' batches, snapshots on the remote ledger
// branch; rate limits; two pulls racing against a bare remote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { readMetricsHistory } from '../../src/metrics/history.js';
import { pullMetrics, type PullOptions } from '../../src/metrics/pull.js';
import { createAdapter } from '../../src/platforms/index.js';
import { publish } from '../../src/publish/runner.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { startDiscord, type FakeWebhook, type DiscordMessage } from '../support/fake-webhooks.js';
import { startX, X_KEYS, type FakeX } from '../support/fake-x.js';
import { git } from '../support/git.js';
import { calendarRepo, configYaml, load, type PostSpec } from '../publish/calendar.js';

const NOW = new Date('2027-01-20T12:00:00Z');
const HOUR = 3_600_000;
const at = (ms: number) => () => new Date(NOW.getTime() + ms);
const publish_ = { ledgerBranch: 'socialcal-ledger', remote: 'origin' };

describe('metrics against the Mastodon and X fakes', () => {
  let masto: FakeMastodon;
  let x: FakeX;
  let discord: FakeWebhook<DiscordMessage>;
  const env = () => ({ MASTO_TOKEN: masto.token, X_KEY: X_KEYS.consumerKey, X_SECRET: X_KEYS.consumerSecret, X_TOKEN: X_KEYS.token, X_TOKEN_SECRET: X_KEYS.tokenSecret, DISCORD_URL: discord.url });
  const config = () =>
    configYaml({
      masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }`,
      xa: `platform: x\nhandle: acme\nserver: ${x.url}\ncredentials: { apiKey: X_KEY, apiSecret: X_SECRET, accessToken: X_TOKEN, accessSecret: X_TOKEN_SECRET }`,
      disc: 'platform: discord\ncredentials: { webhook: DISCORD_URL }',
    });
  const pull = (dir: string, opts: PullOptions) => pullMetrics(load(dir).calendar, { env: env(), sleep: async () => undefined, paceMs: 0, ...opts });

  /** A calendar whose posts went out at NOW - 5 min through the real publish engine. */
  async function published(posts: PostSpec[]) {
    const repo = calendarRepo(config(), posts);
    const { calendar, problems } = load(repo.work);
    const sent = new Date(NOW.getTime() - 5 * 60_000);
    const report = await publish(calendar, problems, { now: sent, clock: () => sent, env: env(), sleep: async () => undefined });
    expect(report.pairs.every((p) => p.state === 'published')).toBe(true);
    return repo;
  }

  beforeAll(async () => {
    [masto, x, discord] = await Promise.all([startMastodon(), startX(), startDiscord()]);
  });
  afterAll(async () => {
    await Promise.all([masto.close(), x.close(), discord.close()]);
  });

  it('reads each account in its batches, keeps fixed-age snapshots and followers, and skips webhooks', async () => {
    const posts: PostSpec[] = Array.from({ length: 3 }, (_, i) => ({ id: `m-${i}`, at: '2027-01-20 11:55', channels: ['masto', 'xa'], text: `measured ${i}` }));
    posts.push({ id: 'm-thread', at: '2027-01-20 11:55', channels: ['masto', 'xa', 'disc'], text: 'measured thread', thread: ['measured reply'] });
    const repo = await published(posts);
    const status = (text: string) => masto.statuses.find((s) => s.text === text)!;
    const tweet = (text: string) => x.tweets.find((t) => t.posted === text)!;
    status('measured 0').favourites_count = 4;
    status('measured reply').reblogs_count = 2;
    // Three replies, one of them the thread's own second item: two from others.
    status('measured thread').replies_count = 3;
    Object.assign(tweet('measured 1').public_metrics, { like_count: 9, impression_count: 300, bookmark_count: 1 });
    masto.followers = 120;
    x.followers = 45;
    const from = { masto: masto.requests.length, x: x.requests.length };

    const report = await pull(repo.work, { clock: at(2 * HOUR) });

    // Mastodon: the five statuses (four posts, one reply) in one call; X: the five posts in one call.
    const mastoCalls = masto.requests.slice(from.masto);
    expect(mastoCalls.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/statuses', 'GET /api/v1/accounts/verify_credentials']);
    expect(mastoCalls[0].queryAll['id[]']).toHaveLength(5);
    const xCalls = x.requests.slice(from.x);
    expect(xCalls.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /2/tweets', 'GET /2/users/me']);
    expect(xCalls[0].query['tweet.fields']).toBe('public_metrics');
    expect(xCalls[0].query.ids.split(',').sort()).toEqual(x.tweets.filter((t) => t.posted.startsWith('measured')).map((t) => t.id).sort());
    expect(report.accounts.map((a) => [a.account, a.state, a.read, a.calls, a.followers])).toEqual([
      ['disc', 'skipped', 0, 0, undefined],
      ['masto', 'done', 5, 2, 120],
      ['xa', 'done', 5, 2, 45],
    ]);
    expect(report.accounts[0].note).toBe('discord gives no engagement counts');
    expect(report.snapshots).toEqual({ '1h': 10, '1d': 0, '7d': 0, '30d': 0 });
    expect(report.ok).toBe(true);

    // On the remote's ledger branch, not on main.
    git(repo.work, 'fetch', '--quiet', 'origin');
    const history = await readMetricsHistory(repo.work, publish_);
    const of = (postId: string, account: string, item = 0) => history.posts.find((p) => p.postId === postId && p.account === account && p.item === item)!;
    expect(of('m-0', 'masto').snapshots).toEqual([
      { age: '1h', at: '2027-01-20T14:00:00Z', counts: { likes: 4, reposts: 0, replies: 0 } },
      { age: 'latest', at: '2027-01-20T14:00:00Z', counts: { likes: 4, reposts: 0, replies: 0 } },
    ]);
    expect(of('m-1', 'xa').snapshots[0].counts).toEqual({ likes: 9, reposts: 0, replies: 0, quotes: 0, impressions: 300, saves: 1 });
    expect(of('m-1', 'xa').url).toBe(`https://x.com/acme/status/${tweet('measured 1').id}`);
    expect(of('m-thread', 'masto', 1).snapshots[0].counts.reposts).toBe(2);
    expect(of('m-thread', 'masto').snapshots[0].counts.replies).toBe(2);
    expect(history.posts.filter((p) => p.account === 'disc')).toEqual([]);
    expect(history.followers).toEqual([
      { account: 'masto', at: '2027-01-20T14:00:00Z', followers: 120 },
      { account: 'xa', at: '2027-01-20T14:00:00Z', followers: 45 },
    ]);
    expect(git(repo.work, 'ls-tree', '--name-only', 'main')).not.toContain('metrics');

    // Ten minutes later everything is fresh: no calls at all, nothing written.
    const quiet = { masto: masto.requests.length, x: x.requests.length };
    const again = await pull(repo.work, { clock: at(2 * HOUR + 10 * 60_000) });
    expect([masto.requests.length, x.requests.length]).toEqual([quiet.masto, quiet.x]);
    expect(again.written).toBe(0);

    // A day later the 1d snapshots fill; the 1h ones stay as they were.
    status('measured 0').favourites_count = 10;
    const later = await pull(repo.work, { clock: at(25 * HOUR), accounts: ['masto'] });
    expect(later.accounts.map((a) => a.account)).toEqual(['masto']);
    expect(later.snapshots['1d']).toBe(5);
    git(repo.work, 'fetch', '--quiet', 'origin');
    const next = await readMetricsHistory(repo.work, publish_);
    expect(next.posts.find((p) => p.postId === 'm-0' && p.account === 'masto')!.snapshots.map((s) => [s.age, s.counts.likes])).toEqual([
      ['1h', 4],
      ['1d', 10],
      ['latest', 10],
    ]);
  });

  it('sits out a short rate limit, stops an account at a long one and reads the rest next run', async () => {
    const repo = await published([{ id: 'r-0', at: '2027-01-20 11:55', channels: ['masto', 'xa'], text: 'rate limited' }]);
    const waits: number[] = [];
    masto.failNext(429, { 'retry-after': '3' }, { error: 'Too many requests' });
    // X's reset header is epoch seconds on the real clock: 15 minutes from now.
    x.failNext(429, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900), 'x-rate-limit-remaining': '0' }, { title: 'Too Many Requests', status: 429 });
    const report = await pull(repo.work, { clock: at(2 * HOUR), sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([3000]);
    expect(report.accounts.map((a) => [a.account, a.state, a.read])).toEqual([
      ['masto', 'done', 1],
      ['xa', 'stopped', 0],
    ]);
    const xa = report.accounts[1];
    expect(xa.note).toMatch(/HTTP 429/);
    expect(Date.parse(xa.resumeAfter!) - at(2 * HOUR)().getTime()).toBeGreaterThan(800_000);
    expect(report.ok).toBe(true);
    expect(report.written).toBe(2);

    // Next run, half an hour later: only X's item is read (Mastodon's is fresh).
    const before = masto.requests.length;
    const resumed = await pull(repo.work, { clock: at(2.5 * HOUR) });
    expect(resumed.accounts.map((a) => [a.account, a.state, a.read])).toEqual([['xa', 'done', 1]]);
    expect(masto.requests.length).toBe(before);
  });

  it('an account without its credentials fails alone, naming the variables; the others are read and kept', async () => {
    const repo = await published([{ id: 'c-0', at: '2027-01-20 11:55', channels: ['masto', 'xa'], text: 'credentials' }]);
    const { X_KEY: _k, X_SECRET: _s, ...partial } = env();
    const report = await pullMetrics(load(repo.work).calendar, { env: partial, clock: at(2 * HOUR), sleep: async () => undefined, paceMs: 0 });
    expect(report.accounts.map((a) => [a.account, a.state, a.read])).toEqual([
      ['masto', 'done', 1],
      ['xa', 'failed', 0],
    ]);
    expect(report.accounts[1].note).toMatch(/X_KEY.*X_SECRET/);
    expect(report.ok).toBe(false);
    expect(report.written).toBe(2);
  });

  it('two pulls racing on two clones lose no snapshot', async () => {
    const repo = await published([{ id: 'race', at: '2027-01-20 11:55', channels: ['masto'], text: 'raced' }]);
    const one = repo.clone();
    const two = repo.clone();
    // Both runs have read the ledger before either writes: one push must be rejected and merged.
    let arrived = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => (release = r));
    const adapterFor = async (account: Account, e: NodeJS.ProcessEnv) => {
      const a = await createAdapter(account, e);
      const metrics = a.metrics!.bind(a);
      return Object.assign(a, {
        metrics: async (items: Parameters<typeof metrics>[0]) => {
          if (++arrived === 2) release();
          await barrier;
          return metrics(items);
        },
      });
    };
    masto.statuses.find((s) => s.text === 'raced')!.favourites_count = 1;
    const [early, late] = await Promise.all([
      pull(one, { clock: at(2 * HOUR), adapterFor }),
      pull(two, { clock: at(26 * HOUR), adapterFor }),
    ]);
    expect([early.snapshots['1h'], late.snapshots['1d']]).toEqual([1, 1]);
    git(repo.work, 'fetch', '--quiet', 'origin');
    const history = await readMetricsHistory(repo.work, publish_);
    expect(history.posts.find((p) => p.postId === 'race')!.snapshots.map((s) => [s.age, s.at])).toEqual([
      ['1h', '2027-01-20T14:00:00Z'],
      ['1d', '2027-01-21T14:00:00Z'],
      ['latest', '2027-01-21T14:00:00Z'],
    ]);
    // One follower reading per day for each run's day.
    expect(history.followers.filter((f) => f.account === 'masto').map((f) => f.at)).toEqual(expect.arrayContaining(['2027-01-20T14:00:00Z', '2027-01-21T14:00:00Z']));
    const commits = git(repo.remote, 'log', '--format=%s', 'socialcal-ledger').split('\n').filter((s) => s.startsWith('metrics:'));
    expect(commits).toHaveLength(2);
  });
});
