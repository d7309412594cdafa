// Follower counts for LinkedIn organization pages and Threads, end to end: posts published by the
// real engine to the fake LinkedIn and Graph servers, `metrics` reads counts and followers onto the
// ledger branch, and `report` turns them into engagement rates per follower. A LinkedIn member
// account has no follower count and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMetricsHistory } from '../../src/metrics/history.js';
import { pullMetrics } from '../../src/metrics/pull.js';
import { publish } from '../../src/publish/runner.js';
import { buildReport } from '../../src/report/report.js';
import { metricsText } from '../../src/views/metrics.js';
import { reportText } from '../../src/views/report/text.js';
import { startGraph, type FakeGraph } from '../support/fake-graph.js';
import { startLinkedIn, type FakeLinkedIn } from '../support/fake-linkedin.js';
import { git } from '../support/git.js';
import { calendarRepo, configYaml, load, type PostSpec } from '../publish/calendar.js';

const NOW = new Date('2027-01-20T12:00:00Z');
const LATER = new Date(NOW.getTime() + 2 * 3_600_000);

describe('followers of LinkedIn pages and Threads profiles', () => {
  let org: FakeLinkedIn;
  let member: FakeLinkedIn;
  let graph: FakeGraph;
  const env = () => ({ LI_TOKEN: org.token, META_TOKEN: graph.token });
  const config = () =>
    configYaml({
      'li-org': `platform: linkedin\nauthor: urn:li:organization:2414183\nserver: ${org.url}\ncredentials: { token: LI_TOKEN }`,
      'li-member': `platform: linkedin\nauthor: urn:li:person:8675309\nserver: ${member.url}\ncredentials: { token: LI_TOKEN }`,
      threads: `platform: threads\nuserId: "${graph.threadsUser}"\nserver: ${graph.url}\ncredentials: { token: META_TOKEN }`,
    });

  beforeAll(async () => {
    [org, member, graph] = await Promise.all([startLinkedIn(), startLinkedIn({ author: 'urn:li:person:8675309' }), startGraph()]);
  });
  afterAll(async () => {
    await Promise.all([org.close(), member.close(), graph.close()]);
  });

  it('metrics stores them on the ledger branch and report divides engagements by them', async () => {
    const posts: PostSpec[] = [{ id: 'page-news', at: '2027-01-20 11:55', channels: ['li-org', 'li-member', 'threads'], text: 'Follow us for the launch' }];
    const repo = calendarRepo(config(), posts);
    const sent = new Date(NOW.getTime() - 5 * 60_000);
    const published = await publish(load(repo.work).calendar, [], { now: sent, clock: () => sent, env: env(), sleep: async () => undefined });
    expect(published.pairs.map((p) => [p.account, p.state]).sort()).toEqual([['li-member', 'published'], ['li-org', 'published'], ['threads', 'published']]);

    const pulled = await pullMetrics(load(repo.work).calendar, { env: env(), sleep: async () => undefined, paceMs: 0, clock: () => LATER });
    const byAccount = Object.fromEntries(pulled.accounts.map((a) => [a.account, a]));
    expect(byAccount['li-org']).toMatchObject({ state: 'done', read: 1, calls: 2, followers: 42 });
    expect(byAccount.threads).toMatchObject({ state: 'done', read: 1, calls: 2, followers: 1234 });
    // A member account: counts read, no follower call made, and the reason shown instead.
    expect(byAccount['li-member']).toMatchObject({ state: 'done', read: 1, calls: 1 });
    expect(byAccount['li-member'].followers).toBeUndefined();
    expect(member.requests.some((r) => r.path.startsWith('/rest/networkSizes'))).toBe(false);
    const text = metricsText(pulled);
    expect(text).toMatch(/li-member .*\n {4}no follower count: LinkedIn gives follower counts for organization pages \(urn:li:organization:…\) only; .*r_1st_connections_size.*for li-member\n/);
    expect(text).toMatch(/li-org +\(linkedin\) 1 of 1 item read in 2 calls, 42 followers/);
    expect(text).toMatch(/threads +\(threads\) 1 of 1 item read in 2 calls, 1234 followers/);

    git(repo.work, 'fetch', '--quiet', 'origin');
    const history = await readMetricsHistory(repo.work, { ledgerBranch: 'socialcal-ledger', remote: 'origin' });
    expect(history.followers).toEqual([
      { account: 'li-org', at: '2027-01-20T14:00:00Z', followers: 42 },
      { account: 'threads', at: '2027-01-20T14:00:00Z', followers: 1234 },
    ]);

    const report = buildReport(load(repo.work).calendar, history, [], { now: LATER, posts: true });
    const rateOf = (account: string) => report.posts!.find((p) => p.account === account)!;
    // The fake LinkedIn answers 12 likes and 3 comments; the fake Threads insights 5 likes, 7 replies, 7 reposts, 6 quotes.
    expect(rateOf('li-org')).toMatchObject({ post: 'page-news', engagements: 15, rate: 15 / 42 });
    expect(rateOf('threads')).toMatchObject({ engagements: 25, rate: 25 / 1234 });
    expect(rateOf('li-member').rate).toBeUndefined();
    expect(report.ranking.by).toBe('rate');
    const printed = reportText(report, { by: ['account'], source: 'ledger branch socialcal-ledger', minPosts: 5, width: 120 });
    expect(printed).toContain('(2 of 3 posts have a follower count)');
    expect(printed).toMatch(/^li-org .*35\.71 %/m);
  });
});
