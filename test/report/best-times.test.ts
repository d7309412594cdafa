// Best times: slots, threshold, the t-interval and the ranking by its lower bound.
import { describe, expect, it } from 'vitest';
import { bestTimes, slotOf } from '../../src/report/best-times.js';
import { meanInterval, t975 } from '../../src/report/stats.js';
import type { MetricsHistory, PostMetrics } from '../../src/metrics/history.js';

const ZONE = 'Europe/Berlin';
let n = 0;

/** A post on `account` at a UTC time with `likes`; the account has 1000 followers. */
function post(account: string, publishedAt: string, likes: number): PostMetrics {
  return { postId: `p${n++}`, account, platform: 'bluesky', item: 0, publishedAt, snapshots: [{ age: 'latest', at: '2027-03-01T00:00:00Z', counts: { likes } }] };
}

const followers = [{ account: 'bluesky', at: '2027-01-01T00:00:00Z', followers: 1000 }, { account: 'small', at: '2027-01-01T00:00:00Z', followers: 1000 }];

// Mondays 10:00 Berlin (09:00 UTC in winter): rates 0.01, 0.02, 0.03.
// Tuesdays 10:00: 0.015, 0.015, 0.016, 0.014. Wednesdays 10:00: two posts (below threshold).
const history: MetricsHistory = {
  posts: [
    post('bluesky', '2027-01-04T09:00:00Z', 10),
    post('bluesky', '2027-01-11T09:00:00Z', 20),
    post('bluesky', '2027-01-18T09:20:00Z', 30),
    post('bluesky', '2027-01-05T09:00:00Z', 15),
    post('bluesky', '2027-01-12T09:00:00Z', 15),
    post('bluesky', '2027-01-19T09:00:00Z', 16),
    post('bluesky', '2027-01-26T09:00:00Z', 14),
    post('bluesky', '2027-01-06T09:00:00Z', 90),
    post('bluesky', '2027-01-13T09:00:00Z', 90),
    post('small', '2027-01-04T09:00:00Z', 50),
    { ...post('bluesky', '2027-01-04T09:00:00Z', 500), item: 1 },
  ],
  followers,
};

describe('statistics', () => {
  it('uses Student-t quantiles: table to 30 degrees of freedom, expansion beyond', () => {
    expect(t975(1)).toBe(12.706);
    expect(t975(2)).toBe(4.303);
    expect(t975(30)).toBe(2.042);
    expect(t975(40)).toBeCloseTo(2.021, 3);
    expect(t975(120)).toBeCloseTo(1.98, 3);
  });

  it('gives a mean with a 95 % interval; none for no values, an unbounded one for one', () => {
    expect(meanInterval([])).toBeUndefined();
    expect(meanInterval([5])).toEqual({ n: 1, mean: 5, low: -Infinity, high: Infinity });
    // mean 2, sample sd 1, half-width 4.303 × 1/√3 = 2.4843
    const i = meanInterval([1, 2, 3])!;
    expect(i.mean).toBe(2);
    expect(i.low).toBeCloseTo(2 - 2.48434, 4);
    expect(i.high).toBeCloseTo(2 + 2.48434, 4);
  });
});

describe('bestTimes', () => {
  it('puts a post in its weekday and hour in the calendar zone (ISO weekday, Monday = 1)', () => {
    expect(slotOf(new Date('2027-01-04T09:00:00Z'), ZONE)).toEqual({ weekday: 1, hour: 10 });
    expect(slotOf(new Date('2027-01-03T23:30:00Z'), ZONE)).toEqual({ weekday: 1, hour: 0 });
    expect(slotOf(new Date('2027-07-04T09:00:00Z'), ZONE)).toEqual({ weekday: 7, hour: 11 });
  });

  it('ranks slots by the lower bound of the interval: steady Tuesdays beat lucky Mondays', () => {
    const slots = bestTimes(history, { zone: ZONE, minPosts: 3 });
    expect(slots.map((s) => [s.account, s.weekday, s.hour, s.n])).toEqual([
      ['bluesky', 2, 10, 4],
      ['bluesky', 1, 10, 3],
    ]);
    const [tue, mon] = slots;
    // Tuesday: mean 0.015, sd √(2e-6/3) = 0.00081650, half 3.182 × sd / 2 = 0.0012990.
    expect(tue.rate).toBeCloseTo(0.015, 12);
    expect(tue.low).toBeCloseTo(0.015 - 0.001299, 6);
    expect(tue.high).toBeCloseTo(0.015 + 0.001299, 6);
    // Monday: mean 0.02, half 4.303 × 0.01 / √3 = 0.024843; the low bound is clamped at 0.
    expect(mon.rate).toBeCloseTo(0.02, 12);
    expect(mon.low).toBe(0);
    expect(mon.high).toBeCloseTo(0.044843, 6);
  });

  it('leaves out slots under the threshold (default 5) and thread replies', () => {
    expect(bestTimes(history, { zone: ZONE })).toEqual([]);
    // Wednesday has two posts: ranked only from minPosts 2 on; the reply (500 likes) never counts.
    const two = bestTimes(history, { zone: ZONE, minPosts: 2, top: 5 });
    expect(two.find((s) => s.weekday === 3)).toMatchObject({ n: 2, rate: 0.09 });
    expect(two.find((s) => s.weekday === 1)).toMatchObject({ n: 3 });
  });

  it('never ranks a single post: the threshold is at least 2', () => {
    expect(bestTimes(history, { zone: ZONE, minPosts: 1, accounts: ['small'] })).toEqual([]);
  });

  it('needs follower counts: without them there are no rates and no slots', () => {
    expect(bestTimes({ ...history, followers: [] }, { zone: ZONE, minPosts: 2 })).toEqual([]);
  });

  it('keeps only the top slots per account', () => {
    expect(bestTimes(history, { zone: ZONE, minPosts: 2, top: 1 })).toHaveLength(1);
  });
});
