// The metrics history as data: snapshots at fixed ages after publishing plus the latest, and
// follower counts. Pure rules: which reading fills which snapshot, how two pulls merge.

/** Fixed ages after publishing at which a reading is kept for good. */
export const FIXED_AGES = ['1h', '1d', '7d', '30d'] as const;
export type FixedAge = (typeof FIXED_AGES)[number];
export type SnapshotAge = FixedAge | 'latest';
export const SNAPSHOT_AGES: readonly SnapshotAge[] = [...FIXED_AGES, 'latest'];

const HOUR = 3_600_000;
/** Each fixed age in milliseconds after publishing. */
export const AGE_MS: Record<FixedAge, number> = { '1h': HOUR, '1d': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR };

/** The counts a platform may give; each platform gives some (docs/metrics.md). */
export const COUNT_NAMES = ['likes', 'reposts', 'replies', 'quotes', 'impressions', 'clicks', 'saves', 'shares'] as const;
export type CountName = (typeof COUNT_NAMES)[number];
export type Counts = Partial<Record<CountName, number>>;

export interface Snapshot {
  age: SnapshotAge;
  /** When the reading was taken (ISO 8601, UTC, whole seconds). */
  at: string;
  counts: Counts;
}

/** One published item (the post, or a reply of its thread) on one account, with its readings. */
export interface PostMetrics {
  postId: string;
  account: string;
  platform: string;
  /** 0 for the post itself, 1… for the replies of its thread in order. */
  item: number;
  url?: string;
  /** ISO 8601 UTC. */
  publishedAt: string;
  /** In SNAPSHOT_AGES order, each age at most once. */
  snapshots: Snapshot[];
}

/** An account's follower count at pull time: rates per follower are computed from these. */
export interface FollowerCount {
  account: string;
  /** ISO 8601 UTC; at most one per account per UTC day is kept (the day's last). */
  at: string;
  followers: number;
}

export interface MetricsHistory {
  /** Sorted by post id, account, item. */
  posts: PostMetrics[];
  /** Sorted by account, then time. */
  followers: FollowerCount[];
}

/**
 * The fixed age a reading taken `elapsedMs` after publishing fills: the last age it has reached,
 * so a reading a day late fills `1d` rather than passing for `1h`. Undefined before one hour.
 */
export function fixedAgeAt(elapsedMs: number): FixedAge | undefined {
  let reached: FixedAge | undefined;
  for (const age of FIXED_AGES) if (elapsedMs >= AGE_MS[age]) reached = age;
  return reached;
}

/** Does this item still have a fixed age to fill after `now`? Posts past 30 days with a 30d snapshot are settled. */
export function settled(metrics: Pick<PostMetrics, 'snapshots'> | undefined): boolean {
  return metrics?.snapshots.some((s) => s.age === '30d') ?? false;
}

/** Whole-second UTC ISO time: snapshots stay short and diff cleanly. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Adds a reading to an item's snapshots: it becomes `latest`, and it fills the fixed age it has
 * reached if that age is still empty (the first reading of an age is kept for good).
 */
export function recordReading(metrics: PostMetrics, at: Date, counts: Counts): PostMetrics {
  const when = isoSeconds(at);
  const reading: Snapshot[] = [{ age: 'latest', at: when, counts }];
  const age = fixedAgeAt(at.getTime() - Date.parse(metrics.publishedAt));
  if (age) reading.push({ age, at: when, counts });
  return mergePostMetrics(metrics, { ...metrics, snapshots: reading });
}

/**
 * Two versions of one item's metrics (two pulls that raced) as one, losing no snapshot: a fixed
 * age keeps its earlier reading, `latest` the later one. Commutative and idempotent.
 */
export function mergePostMetrics(a: PostMetrics, b: PostMetrics): PostMetrics {
  const byAge = new Map<SnapshotAge, Snapshot>();
  for (const s of [...a.snapshots, ...b.snapshots]) {
    const kept = byAge.get(s.age);
    if (!kept) byAge.set(s.age, s);
    else if (s.age === 'latest' ? later(s, kept) : later(kept, s)) byAge.set(s.age, s);
  }
  return {
    ...a,
    url: a.url ?? b.url,
    snapshots: SNAPSHOT_AGES.flatMap((age) => (byAge.has(age) ? [byAge.get(age)!] : [])),
  };
}

/** Is `x` taken after `y`? Equal times break on the counts' text, so merging stays commutative. */
function later(x: Snapshot, y: Snapshot): boolean {
  if (x.at !== y.at) return x.at > y.at;
  return JSON.stringify(x.counts) > JSON.stringify(y.counts);
}

/** Adds follower counts to an account's series: one per UTC day, the day's last reading wins. */
export function mergeFollowerCounts(a: FollowerCount[], b: FollowerCount[]): FollowerCount[] {
  const byDay = new Map<string, FollowerCount>();
  for (const f of [...a, ...b]) {
    const key = `${f.account}\0${f.at.slice(0, 10)}`;
    const kept = byDay.get(key);
    if (!kept || f.at > kept.at || (f.at === kept.at && f.followers > kept.followers)) byDay.set(key, f);
  }
  return [...byDay.values()].sort((x, y) => (x.account === y.account ? (x.at < y.at ? -1 : x.at > y.at ? 1 : 0) : x.account < y.account ? -1 : 1));
}
