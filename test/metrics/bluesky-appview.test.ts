// `socialcal metrics` (the built CLI) against a real Bluesky network with an AppView: posts
// published by the publish engine, a second account likes, reposts, quotes, replies and
// follows, and the counts land on the ledger branch.
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMetricsHistory } from '../../src/metrics/history.js';
import { publish } from '../../src/publish/runner.js';
import { cliProcess } from '../support/cli.js';
import { git } from '../support/git.js';
import { startNetwork, type Network } from '../support/network.js';
import { calendarRepo, configYaml, load, type PostSpec } from '../publish/calendar.js';

let net: Network;
const env: Record<string, string> = {};

beforeAll(async () => {
  net = await startNetwork();
  const team = new AtpAgent({ service: net.pdsUrl });
  await team.createAccount({ handle: 'alice.test', email: 'alice@example.com', password: 'hunter2-long-enough' });
  env.BSKY_HANDLE = 'alice.test';
  env.BSKY_APP_PASSWORD = (await team.com.atproto.server.createAppPassword({ name: 'ci' })).data.password;
}, 180_000);
afterAll(async () => {
  await net?.close();
}, 60_000);

const wall = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

describe('metrics from a real AppView', () => {
  it('sees likes, reposts, quotes and replies from another account, per thread item, and the follower count', async () => {
    // Published two hours ago (the ledger's clock), so this pull fills the 1h snapshot.
    const sent = new Date(Date.now() - 2 * 3_600_000);
    const posts: PostSpec[] = [
      { id: 'launch', at: wall(sent), channels: ['bsky'], text: 'Launch day', thread: ['Sign up here'] },
      { id: 'quiet', at: wall(sent), channels: ['bsky'], text: 'Nobody reacts to this' },
    ];
    const repo = calendarRepo(configYaml({ bsky: `platform: bluesky\nhandle: alice.test\nserver: ${net.pdsUrl}\ncredentials: { identifier: BSKY_HANDLE, password: BSKY_APP_PASSWORD }` }), posts);
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, { now: sent, clock: () => sent, env, sleep: async () => undefined });
    expect(report.pairs.map((p) => p.state)).toEqual(['published', 'published']);
    const launch = report.pairs.find((p) => p.post === 'launch')!;
    const [, reply] = launch.urls!;

    const fan = new AtpAgent({ service: net.pdsUrl });
    await fan.createAccount({ handle: 'bob.test', email: 'bob@example.com', password: 'hunter2-long-enough' });
    const team = new AtpAgent({ service: net.pdsUrl });
    await team.login({ identifier: 'alice.test', password: 'hunter2-long-enough' });
    await net.settle(); // the AppView indexes the published posts before the feed is read
    const feed = await team.getAuthorFeed({ actor: 'alice.test' });
    const ref = (text: string) => {
      const p = feed.data.feed.find((f) => (f.post.record as { text: string }).text === text)!.post;
      return { uri: p.uri, cid: p.cid };
    };
    const first = ref('Launch day');
    await fan.like(first.uri, first.cid);
    await fan.repost(first.uri, first.cid);
    await fan.post({ text: 'Congrats!', reply: { root: first, parent: first }, createdAt: new Date().toISOString() });
    await fan.post({ text: 'Look at this', embed: { $type: 'app.bsky.embed.record', record: first }, createdAt: new Date().toISOString() });
    const second = ref('Sign up here');
    await fan.like(second.uri, second.cid);
    await fan.follow((await team.resolveHandle({ handle: 'alice.test' })).data.did);
    await net.settle();

    // Its own process, asynchronously: the network runs in this one and must keep answering.
    const run = await cliProcess(['-C', repo.work, 'metrics', '--json', '--pace', '0'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.accounts).toEqual([expect.objectContaining({ account: 'bsky', platform: 'bluesky', state: 'done', wanted: 3, read: 3, calls: 2, followers: 1 })]);
    expect(out.snapshots['1h']).toBe(3);

    git(repo.work, 'fetch', '--quiet', 'origin');
    const history = await readMetricsHistory(repo.work, calendar.config.publish);
    const counts = (postId: string, item = 0) => history.posts.find((p) => p.postId === postId && p.item === item)!.snapshots.find((s) => s.age === '1h')!.counts;
    // The AppView counts two replies: Bob's and the thread's own second item, which is not engagement.
    expect(counts('launch')).toEqual({ likes: 1, reposts: 1, replies: 1, quotes: 1 });
    expect(counts('launch', 1)).toEqual({ likes: 1, reposts: 0, replies: 0, quotes: 0 });
    expect(counts('quiet')).toEqual({ likes: 0, reposts: 0, replies: 0, quotes: 0 });
    expect(history.posts.find((p) => p.postId === 'launch' && p.item === 1)!.url).toBe(reply);
    expect(history.followers).toEqual([expect.objectContaining({ account: 'bsky', followers: 1 })]);
  }, 180_000);
});
