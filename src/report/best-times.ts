// Best times to post, from the team's own history only. Method: every post (its first item; thread
// replies ride along) with an engagement rate falls into the weekday × hour slot of its publishing
// time in the calendar's zone. A slot counts once it holds `minPosts` posts; its rate is the mean
// of their rates with a 95 % Student-t interval. Slots rank by the interval's lower bound, so a
// slot with three lucky posts does not beat one that is reliably good; ties by the mean.
import { wallParts } from '../calendar/time.js';
import type { MetricsHistory, SnapshotAge } from '../metrics/history.js';
import { measure, type Measured } from './measure.js';
import { meanInterval } from './stats.js';

export interface BestTime {
  account: string;
  /** ISO weekday in the calendar's zone: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Hour of the day in the calendar's zone, 0–23. */
  hour: number;
  /** Mean engagement rate (engagements per follower) of the slot's posts. */
  rate: number;
  /** Posts in the slot. */
  n: number;
  /** 95 % t-interval of the mean; `low` is never below 0. */
  low: number;
  high: number;
}

export interface BestTimeOptions {
  /** The calendar's zone: slots are wall-clock weekdays and hours there. */
  zone: string;
  /** Fewest posts a slot needs before it is ranked (default 5; at least 2, for an interval). */
  minPosts?: number;
  /** Slots per account (default 3). */
  top?: number;
  /** Only these accounts. */
  accounts?: string[];
  /** Which snapshot to compare (default `latest`; `7d` compares posts at the same age). */
  age?: SnapshotAge;
}

export interface AccountBestTimes {
  account: string;
  /** Posts with an engagement rate (a follower count was known). */
  posts: number;
  /** Empty when no slot reaches minPosts: "not enough data". */
  slots: BestTime[];
}

export const DEFAULT_MIN_POSTS = 5;

/** The best slots of every account, best first within each account; accounts in name order. */
export function bestTimes(history: MetricsHistory, options: BestTimeOptions): BestTime[] {
  return bestTimesByAccount(measure(history, { age: options.age }), options).flatMap((a) => a.slots);
}

/** Per account, with the number of posts behind it, so a view can say "not enough data". */
export function bestTimesByAccount(measured: readonly Measured[], options: BestTimeOptions): AccountBestTimes[] {
  const minPosts = Math.max(2, options.minPosts ?? DEFAULT_MIN_POSTS);
  const top = options.top ?? 3;
  const wanted = options.accounts ? new Set(options.accounts) : undefined;
  const byAccount = new Map<string, Map<number, number[]>>();
  const posts = new Map<string, number>();
  for (const m of measured) {
    if (m.item !== 0 || m.rate === undefined || (wanted && !wanted.has(m.account))) continue;
    const { weekday, hour } = slotOf(m.publishedAt, options.zone);
    const slots = byAccount.get(m.account) ?? new Map<number, number[]>();
    const key = weekday * 24 + hour;
    const rates = slots.get(key) ?? [];
    rates.push(m.rate);
    slots.set(key, rates);
    byAccount.set(m.account, slots);
    posts.set(m.account, (posts.get(m.account) ?? 0) + 1);
  }
  for (const account of wanted ?? []) if (!byAccount.has(account)) byAccount.set(account, new Map());
  return [...byAccount.keys()].sort().map((account) => {
    const ranked: BestTime[] = [];
    for (const [key, rates] of byAccount.get(account)!) {
      if (rates.length < minPosts) continue;
      const i = meanInterval(rates)!;
      ranked.push({ account, weekday: Math.floor(key / 24), hour: key % 24, rate: i.mean, n: i.n, low: Math.max(0, i.low), high: i.high });
    }
    ranked.sort((a, b) => b.low - a.low || b.rate - a.rate || a.weekday - b.weekday || a.hour - b.hour);
    return { account, posts: posts.get(account) ?? 0, slots: ranked.slice(0, top) };
  });
}

/** ISO weekday (1 = Monday) and hour of an instant in `zone`. */
export function slotOf(instant: Date, zone: string): { weekday: number; hour: number } {
  const p = wallParts(instant, zone);
  return { weekday: p.weekday === 0 ? 7 : p.weekday, hour: p.hour };
}
