// One reading per published item: the snapshot the report looks at, its engagements and the
// engagement rate per follower at the time of the reading. Reads only the metrics history.
import { isoSeconds, type Counts, type FollowerCount, type MetricsHistory, type PostMetrics, type Snapshot, type SnapshotAge } from '../metrics/history.js';

/** Counts that are someone acting on a post; impressions are seeing it. */
export const ENGAGEMENT_COUNTS = ['likes', 'reposts', 'replies', 'quotes', 'clicks', 'saves', 'shares'] as const;

export interface Measured {
  post: string;
  account: string;
  platform: string;
  /** 0 for the post itself, 1… for its thread's replies. */
  item: number;
  url?: string;
  publishedAt: Date;
  /** When the reading was taken. */
  readAt: Date;
  counts: Counts;
  engagements: number;
  impressions?: number;
  /** Followers of the account at the reading (closest count at or before it, else the first after). */
  followers?: number;
  /** engagements / followers; undefined without a follower count. */
  rate?: number;
}

export interface MeasureOptions {
  /** Which snapshot to read (default `latest`); items without it are left out. */
  age?: SnapshotAge;
  /** Only readings taken by then: `latest` is the last of them. A report "as of" a past day. */
  asOf?: Date;
}

export function engagementsOf(counts: Counts): number {
  let sum = 0;
  for (const name of ENGAGEMENT_COUNTS) sum += counts[name] ?? 0;
  return sum;
}

/** Every item of the history that has the wanted snapshot, measured. */
export function measure(history: MetricsHistory, options: MeasureOptions = {}): Measured[] {
  const age = options.age ?? 'latest';
  const followers = followerSeries(history.followers);
  const out: Measured[] = [];
  const until = options.asOf ? isoSeconds(options.asOf) : undefined;
  for (const metrics of history.posts) {
    const snapshot = until === undefined ? metrics.snapshots.find((s) => s.age === age) : readingAsOf(metrics.snapshots, age, until);
    if (!snapshot) continue;
    out.push(measured(metrics, new Date(snapshot.at), snapshot.counts, followers.get(metrics.account)));
  }
  return out;
}

/** The wanted snapshot if taken by `until`; for `latest`, the last reading of any age by then. */
function readingAsOf(snapshots: Snapshot[], age: SnapshotAge, until: string): Snapshot | undefined {
  const taken = snapshots.filter((s) => s.at <= until);
  if (age !== 'latest') return taken.find((s) => s.age === age);
  return taken.reduce<Snapshot | undefined>((last, s) => (!last || s.at > last.at ? s : last), undefined);
}

function measured(m: PostMetrics, readAt: Date, counts: Counts, series: FollowerPoint[] | undefined): Measured {
  const engagements = engagementsOf(counts);
  const followers = series ? followersAt(series, readAt.getTime()) : undefined;
  return {
    post: m.postId,
    account: m.account,
    platform: m.platform,
    item: m.item,
    ...(m.url ? { url: m.url } : {}),
    publishedAt: new Date(m.publishedAt),
    readAt,
    counts,
    engagements,
    ...(counts.impressions !== undefined ? { impressions: counts.impressions } : {}),
    ...(followers !== undefined ? { followers } : {}),
    ...(followers ? { rate: engagements / followers } : {}),
  };
}

interface FollowerPoint {
  at: number;
  followers: number;
}

function followerSeries(counts: FollowerCount[]): Map<string, FollowerPoint[]> {
  const series = new Map<string, FollowerPoint[]>();
  for (const c of counts) {
    const list = series.get(c.account) ?? [];
    list.push({ at: Date.parse(c.at), followers: c.followers });
    series.set(c.account, list);
  }
  for (const list of series.values()) list.sort((a, b) => a.at - b.at);
  return series;
}

/** The last count at or before `at`; before the first count, the first. */
export function followersAt(series: FollowerPoint[], at: number): number | undefined {
  if (series.length === 0) return undefined;
  let lo = 0;
  let hi = series.length - 1;
  if (series[0].at > at) return series[0].followers;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (series[mid].at <= at) lo = mid;
    else hi = mid - 1;
  }
  return series[lo].followers;
}
