// Report arithmetic on a fixed fixture; every expectation is computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/report.js';
import { measure } from '../../src/report/measure.js';
import { elapsedShare } from '../../src/report/scorecard.js';
import { calendar, HISTORY, WEB } from './fixture.js';

// 2027-01-08 00:00 in Berlin: 4 of the campaign's 10 days have passed.
const NOW = new Date('2027-01-07T23:00:00Z');

describe('report', () => {
  const report = buildReport(calendar(), HISTORY, WEB, { now: NOW, top: 2 });

  it('measures each post on each account, thread replies added to their post', () => {
    // a/bluesky 18 + reply 6 = 24 of 1000 followers; a/mastodon 4/200; b 9 of 1200 (the count
    // of 2027-01-06, before its reading); c 0/1000.
    const rates = Object.fromEntries(report.ranking.top.concat(report.ranking.bottom).map((l) => [`${l.post}/${l.account}`, l.rate]));
    expect(rates).toEqual({ 'a/bluesky': 0.024, 'a/mastodon': 0.02, 'b/bluesky': 0.0075, 'c/bluesky': 0 });
    expect(report.totals).toEqual({ key: 'all', posts: 4, engagements: 37, impressions: 500, rate: (0.024 + 0.02 + 0.0075 + 0) / 4, rated: 4 });
  });

  it('ranks top and bottom by rate, with links', () => {
    expect(report.ranking.by).toBe('rate');
    expect(report.ranking.top.map((l) => `${l.post}/${l.account}`)).toEqual(['a/bluesky', 'a/mastodon']);
    expect(report.ranking.bottom.map((l) => `${l.post}/${l.account}`)).toEqual(['c/bluesky', 'b/bluesky']);
    expect(report.ranking.top[0]).toMatchObject({ url: 'https://example.test/bluesky/a', local: '2027-01-04 10:00', campaign: 'launch' });
  });

  it('breaks down by campaign, tag, format, weekday and hour in the calendar zone', () => {
    const pick = (d: keyof typeof report.breakdowns) => report.breakdowns[d].map((g) => [g.key, g.posts, g.engagements]);
    expect(pick('campaign')).toEqual([['launch', 3, 37], ['(none)', 1, 0]]);
    expect(pick('tag')).toEqual([['launch', 3, 37], ['product', 2, 28], ['(none)', 1, 0]]);
    expect(pick('format')).toEqual([['thread', 2, 28], ['link', 1, 9], ['text', 1, 0]]);
    expect(pick('weekday')).toEqual([['Mon', 2, 28], ['Tue', 2, 9]]);
    expect(pick('hour')).toEqual([['10', 4, 37]]);
    expect(pick('account')).toEqual([['bluesky', 3, 33], ['mastodon', 1, 4]]);
    expect(report.breakdowns.campaign[0].rate).toBeCloseTo((0.024 + 0.02 + 0.0075) / 3, 12);
    expect(report.slots).toEqual([
      { weekday: 1, hour: 10, posts: 2, engagements: 28, rate: 0.022 },
      { weekday: 2, hour: 10, posts: 2, engagements: 9, rate: 0.00375 },
    ]);
  });

  it('scores the campaign: actual against target and pace against the time passed', () => {
    const card = report.scorecards[0];
    expect(card).toMatchObject({ campaign: 'launch', elapsed: 0.4, posts: 3, engagements: 37, sessions: 30, conversions: 12 });
    const [engagements, posts, rate, signups, press] = card.kpis;
    // 100 by the end → 40 by now; 37 is 7.5 % short of that.
    expect(engagements).toMatchObject({ actual: 37, expected: 40, status: 'behind' });
    expect(engagements.short).toBeCloseTo(0.075, 12);
    expect(posts).toMatchObject({ actual: 3, expected: 2, status: 'on track' });
    // Rates are not cumulative: 0.017166… against 0.02 is 14.17 % below.
    expect(rate.status).toBe('below');
    expect(rate.short).toBeCloseTo(1 - 0.0515 / 3 / 0.02, 12);
    expect(signups).toMatchObject({ name: 'sign-ups', actual: 12, expected: 8, status: 'on track' });
    expect(press).toEqual({ name: 'press mentions', target: 3, status: 'not measured' });
  });

  it('gives cost per engagement for the budget and for each boost', () => {
    const budget = report.scorecards[0].budget!;
    expect(budget).toMatchObject({ amount: 50, currency: 'EUR', spend: 50 });
    expect(budget.costPerEngagement).toBeCloseTo(50 / 37, 12);
    expect(budget.boosts).toEqual([{ post: 'a', account: 'bluesky', amount: 20, engagements: 24, costPerEngagement: 20 / 24 }]);
  });

  it('shows thread and campaign drop-off relative to the first item', () => {
    expect(report.dropOff.threads).toEqual([
      { of: 'a', account: 'bluesky', points: [{ item: 0, engagements: 18, relative: 1 }, { item: 1, engagements: 6, relative: 1 / 3 }] },
    ]);
    expect(report.dropOff.threadAverage).toEqual([{ item: 0, relative: 1, threads: 1 }, { item: 1, relative: 1 / 3, threads: 1 }]);
    // launch on bluesky: a (24) then b (9); mastodon has one post, so no series.
    expect(report.dropOff.campaigns).toEqual([
      { of: 'launch', account: 'bluesky', points: [{ item: 'a', engagements: 24, relative: 1 }, { item: 'b', engagements: 9, relative: 0.375 }] },
    ]);
  });

  it('adds up web analytics by campaign, source and post (utm_content = post id)', () => {
    expect(report.web.byCampaign).toEqual([{ key: 'newsletter', sessions: 99 }, { key: 'launch', sessions: 30, conversions: 12 }]);
    expect(report.web.byPost).toEqual([{ key: 'a', sessions: 20, conversions: 8 }]);
  });

  it('says "not enough data" for best times with three posts (default threshold 5)', () => {
    expect(report.bestTimes).toEqual([
      { account: 'bluesky', posts: 3, slots: [] },
      { account: 'mastodon', posts: 1, slots: [] },
    ]);
  });

  it('filters by period and account; scorecards still read the whole campaign', () => {
    const r = buildReport(calendar(), HISTORY, WEB, { now: NOW, from: new Date('2027-01-05T00:00:00Z'), accounts: ['bluesky'] });
    expect(r.totals).toMatchObject({ posts: 2, engagements: 9 });
    expect(r.scorecards[0]).toMatchObject({ posts: 2, engagements: 33 });
    expect(r.web.byCampaign.map((w) => w.key)).toEqual(['newsletter', 'launch']);
  });

  it('handles an empty history: zero counts, no rate, nothing ranked, KPIs not measured or behind', () => {
    const r = buildReport(calendar(), { posts: [], followers: [] }, [], { now: NOW });
    expect(r.totals).toEqual({ key: 'all', posts: 0, engagements: 0, rated: 0 });
    expect(r.ranking).toEqual({ by: 'engagements', top: [], bottom: [] });
    expect(r.scorecards[0].kpis.map((k) => k.status)).toEqual(['behind', 'behind', 'not measured', 'not measured', 'not measured']);
    expect(r.scorecards[0].budget?.costPerEngagement).toBeUndefined();
    expect(r.bestTimes).toEqual([]);
  });

  it('ranks by engagements when no follower count is known, and leaves rates out', () => {
    const r = buildReport(calendar(), { ...HISTORY, followers: [] }, [], { now: NOW });
    expect(r.ranking.by).toBe('engagements');
    expect(r.ranking.top.map((l) => l.engagements)).toEqual([24, 9, 4, 0]);
    expect(r.totals.rate).toBeUndefined();
  });

  it('reads the snapshot of the age asked for, leaving out posts without it', () => {
    const history = { ...HISTORY, posts: HISTORY.posts.map((p) => (p.postId === 'b' ? { ...p, snapshots: [...p.snapshots, { age: '1d' as const, at: '2027-01-06T09:00:00Z', counts: { likes: 2 } }] } : p)) };
    expect(measure(history, { age: '1d' }).map((m) => [m.post, m.engagements])).toEqual([['b', 2]]);
  });

  it('reads only what was known at `now`: a replay of a past day does not see later readings', () => {
    // On 2027-01-06 00:00 Berlin, b's only reading (01-06 12:00 UTC) has not been taken yet.
    const r = buildReport(calendar(), HISTORY, WEB, { now: new Date('2027-01-05T23:00:00Z') });
    expect(r.totals).toMatchObject({ posts: 3, engagements: 28 });
    // Web rows of days after `now` (in the calendar zone) are not known either.
    expect(r.scorecards[0]).toMatchObject({ sessions: 30, conversions: 12 });
    expect(buildReport(calendar(), HISTORY, WEB, { now: new Date('2027-01-04T12:00:00Z') }).scorecards[0]).toMatchObject({ posts: 0, sessions: 20, conversions: 8 });
    const history = { ...HISTORY, posts: [{ ...HISTORY.posts[3], snapshots: [{ age: '1h' as const, at: '2027-01-05T10:00:00Z', counts: { likes: 1 } }, { age: 'latest' as const, at: '2027-01-06T12:00:00Z', counts: { likes: 9 } }] }] };
    expect(measure(history, { asOf: new Date('2027-01-05T23:00:00Z') }).map((m) => m.engagements)).toEqual([1]);
    expect(measure(history, { asOf: new Date('2027-01-07T00:00:00Z') }).map((m) => m.engagements)).toEqual([9]);
    expect(measure(history, { age: '1d', asOf: new Date('2027-01-07T00:00:00Z') })).toEqual([]);
  });

  it('keeps posts whose file is gone, without campaign', () => {
    const r = buildReport(calendar(), { ...HISTORY, posts: [...HISTORY.posts, { ...HISTORY.posts[4], postId: 'gone' }] }, [], { now: NOW });
    expect(r.notInCalendar).toBe(1);
    expect(r.totals.posts).toBe(5);
  });
});

describe('pace', () => {
  const campaign = calendar().campaigns.get('launch')!;
  const status = (now: string) => buildReport(calendar(), HISTORY, WEB, { now: new Date(now) }).scorecards[0].kpis[0];

  it('is the share of the campaign time passed, clamped to 0–1', () => {
    expect(elapsedShare(campaign, new Date('2027-01-01T00:00:00Z'))).toBe(0);
    expect(elapsedShare(campaign, new Date('2027-01-05T23:00:00Z'))).toBe(0.2);
    expect(elapsedShare(campaign, new Date('2027-02-01T00:00:00Z'))).toBe(1);
    expect(elapsedShare({ starts: campaign.starts }, new Date())).toBeUndefined();
  });

  it('says not started before the start, on track early, missed after the end', () => {
    expect(status('2027-01-01T00:00:00Z')).toMatchObject({ status: 'not started' });
    // 0.2 × 100 = 20 expected, 37 done.
    expect(status('2027-01-05T23:00:00Z')).toMatchObject({ status: 'on track', expected: 20 });
    expect(status('2027-02-01T00:00:00Z')).toMatchObject({ status: 'missed', short: 0.63 });
  });
});
