// The in-memory calendar: what the loader builds and every command reads.
// Times are UTC instants (Date); `…Text` keeps what the user wrote for messages.
import type { Stagger } from './stagger.js';

export const PLATFORMS = [
  'bluesky',
  'mastodon',
  'x',
  'linkedin',
  'threads',
  'facebook',
  'instagram',
  'discord',
  'slack',
  'telegram',
] as const;
export type PlatformId = (typeof PLATFORMS)[number];

export const POST_STATUSES = ['idea', 'draft', 'ready'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** A path to a field inside a file, e.g. ['thread', 2, 'text']. */
export type FieldPath = (string | number)[];

export interface Location {
  /** Repo-relative path with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** Finds where a field sits in its source file; falls back to the nearest existing parent. */
export interface SourceMap {
  file: string;
  locate(path: FieldPath, opts?: { key?: boolean }): Location;
}

export interface MediaRef {
  /** Path inside the repo as written in the post. */
  file: string;
  alt?: string;
  /** Size in bytes when the file exists inside the repo. */
  size?: number;
  exists: boolean;
}

export interface ThreadItem {
  text: string;
  media: MediaRef[];
}

export interface PostContent {
  text: string;
  media: MediaRef[];
  thread: ThreadItem[];
}

export interface LinkCard {
  uri: string;
  title: string;
  description?: string;
  thumb?: string;
}

/** A replacement of content fields for one account (by account name) or platform (by id). */
export interface PostOverride {
  text?: string;
  media?: MediaRef[];
  thread?: ThreadItem[];
}

export interface Post extends PostContent {
  id: string;
  file: string;
  /** The instant the post is due. */
  at: Date;
  atText: string;
  /** The zone `at` was read in (post → campaign → config). */
  timezone: string;
  channels: string[];
  campaign?: string;
  tags: string[];
  pillar?: string;
  status: PostStatus;
  notes?: string;
  langs?: string[];
  card?: LinkCard;
  /** Web address of the post this one answers (`reply_to:`). */
  replyTo?: string;
  overrides: Record<string, PostOverride>;
  source: SourceMap;
  /**
   * For a post with `repeat`: the id written in its file. The first occurrence keeps that id;
   * later ones are `<id>@<YYYY-MM-DD>`, so each has its own ledger record.
   */
  series?: string;
  /** The `repeat` as written in the file, on every occurrence of a series (export csv carries it). */
  repeat?: Record<string, unknown>;
  /** For an evergreen post (`evergreen:`), on every occurrence: how it rotates through its queue. */
  evergreen?: Evergreen;
  /** `stagger:` — each channel at its own time; ask `channelAt` (src/calendar/stagger.ts) for it. */
  stagger?: Stagger;
}

/**
 * Evergreen rotation: once the latest occurrence went out, `schedule` gives the post its queue's
 * next free slot no sooner than `every` later. Occurrences are the file's `evergreen.history`
 * and its `at`; ids as with `repeat` (the first keeps the id, later ones `<id>@<YYYY-MM-DD>`).
 */
export interface Evergreen {
  queue: string;
  /** The minimum gap, as parsed from `every`. */
  every: { every: number; unit: 'day' | 'week' | 'month' };
  /** `every` as written. */
  everyText: string;
  until?: Date;
  /** Occurrences in all. */
  count?: number;
  priority: number;
  /** Occurrences in the file (history and `at`); 0 while the first waits for a slot. */
  occurrences: number;
  /** True on the latest occurrence in the file. */
  latest: boolean;
}

/** A post that names a queue instead of a time: `schedule` gives it one. */
export interface QueuedPost extends Omit<Post, 'at' | 'atText'> {
  queue: string;
  /** Higher goes first; equal priorities keep file order. */
  priority: number;
  /** No slot before this (an evergreen post waits `every` after its last occurrence). */
  notBefore?: Date;
  /** For a re-queued evergreen post: its latest occurrence, which went out. */
  after?: { id: string; at: Date; atText: string; state: string };
}
/** What a KPI can count (src/report/scorecard.ts); sessions and conversions come from `metrics import`. */
export const KPI_METRICS = [
  'posts',
  'impressions',
  'engagements',
  'likes',
  'reposts',
  'replies',
  'quotes',
  'clicks',
  'engagement-rate',
  'sessions',
  'conversions',
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

export interface Kpi {
  /** Defaults to the metric. */
  name: string;
  metric?: KpiMetric;
  target: number;
  unit?: string;
}

export interface Boost {
  post: string;
  account?: string;
  amount: number;
}

export interface Budget {
  amount?: number;
  currency?: string;
  boosts: Boost[];
}

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
  term?: string;
  /** Only links to these hosts (and their subdomains) get UTM parameters; all links when empty. */
  domains?: string[];
}

export interface Milestone {
  id: string;
  at: Date;
  atText: string;
  title?: string;
}

export interface Campaign {
  id: string;
  file: string;
  name: string;
  timezone: string;
  starts?: Date;
  ends?: Date;
  startsText?: string;
  endsText?: string;
  objective?: string;
  owner?: string;
  kpis: Kpi[];
  budget?: Budget;
  utm?: Utm;
  milestones: Milestone[];
  source: SourceMap;
}

export interface Account {
  name: string;
  platform: PlatformId;
  handle?: string;
  /** Server for federated platforms (Mastodon instance, Bluesky PDS). */
  server?: string;
  /** Names of environment variables holding credentials, by role (token, password, webhook…). */
  credentials: Record<string, string>;
  /** Other public settings for the adapter (visibility, language, link cards…). */
  settings: Record<string, unknown>;
  /** Colour for calendar views (a chalk/CSS colour name or #rrggbb). */
  color?: string;
}

export type Severity = 'off' | 'warn' | 'error';

export interface RuleSetting {
  /** Absent when only options are set: the rule's default severity applies. */
  severity?: Severity;
  options: Record<string, unknown>;
}

export interface Blackout {
  name: string;
  from: Date;
  to: Date;
  fromText: string;
  toText: string;
  tags?: string[];
  accounts?: string[];
  reason?: string;
  /** Index in the config's `blackouts` list, for locating. */
  index: number;
}

/** Posting times of a queue: every weekday in `days` at every local time in `times`. */
export interface Slot {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Minutes after local midnight, sorted. */
  times: number[];
  /** Only for posts whose channels are all among these accounts. */
  accounts?: string[];
  /** Only for posts of these pillars. */
  pillars?: string[];
  /** Index in the queue's `slots` list, for locating. */
  index: number;
}

export interface Queue {
  name: string;
  timezone: string;
  slots: Slot[];
}

/** A feed `socialcal curate` reads; its new entries become draft posts. */
export interface Feed {
  name: string;
  /** An http(s) URL, or a path inside the repository. */
  url: string;
  /** With {title}, {link} and {summary}. */
  text: string;
  channels: string[];
  tags: string[];
  pillar?: string;
  campaign?: string;
  /** utm_source, utm_medium, … appended to the entry's link. */
  utm: Record<string, string>;
  queue?: string;
  /** Local `HH:MM` the day after curating, for drafts without a queue. */
  time: string;
  limit: number;
}

export interface PublishSettings {
  /** How late a post may still go out, in minutes. */
  graceMinutes: number;
  concurrency: number;
  /** What to do when a post's outcome cannot be known: hold for a person (default). */
  onUnknown: 'hold';
  ledgerBranch: string;
  remote: string;
  /** `remote` (default): publishing needs the remote's ledger; `local`: this clone's branch is the ledger. */
  ledger: 'remote' | 'local';
  committer?: { name: string; email: string };
}

/** Thresholds of spike alerts (docs/engage.md explains the method). */
export interface SpikeSettings {
  /** No alert below this many mentions in the hour, whatever the baseline. */
  min: number;
  /** Volume: the hour must reach this multiple of the baseline's hourly mean… */
  factor: number;
  /** …and lie this many standard deviations (√mean, Poisson) above it. */
  deviations: number;
  /** Velocity: the rise over the previous hour must reach this multiple of the baseline's typical hour-to-hour change. */
  velocity: number;
}

/** A named listening query: what to search for, through which accounts. */
export interface ListeningQuery {
  name: string;
  /** Accounts (Bluesky or Mastodon) whose servers are searched. */
  accounts: string[];
  /** Words or phrases (full-text search). */
  terms: string[];
  /** Hashtags without `#` (hashtag timelines). */
  hashtags: string[];
  spike: SpikeSettings;
  /** On a spike, freeze posts with these tags (none: alert only). */
  freeze: string[];
}

export interface ListeningSettings {
  /** How many hourly buckets a query keeps. */
  keepHours: number;
  /** How many hours before the current one form the baseline. */
  baselineHours: number;
  /** No alert until a query has this many hours of history. */
  warmupHours: number;
  /** Environment variable names of webhooks told about spikes. */
  notify: { slack?: string; discord?: string };
  queries: ListeningQuery[];
}

export interface Config {
  file: string;
  timezone: string;
  accounts: Record<string, Account>;
  roles: Record<string, string[]>;
  rules: Record<string, RuleSetting>;
  blackouts: Blackout[];
  pillars: string[];
  queues: Record<string, Queue>;
  feeds: Record<string, Feed>;
  publish: PublishSettings;
  /** `listening:` in socialcal.yaml; absent when not configured. */
  listening?: ListeningSettings;
  source: SourceMap;
}

export interface Calendar {
  /** Absolute path of the calendar repository. */
  root: string;
  config: Config;
  campaigns: Map<string, Campaign>;
  /** Sorted by `at`, then id. */
  posts: Post[];
  postsById: Map<string, Post>;
  /** Posts waiting in a queue for `schedule`, in file order; not due until they have an `at`. */
  queued: QueuedPost[];
}

// ── publish state, as recorded on the ledger branch by `publish` ──────────────

export const PUBLISH_STATES = ['claimed', 'published', 'failed', 'missed', 'unknown'] as const;
export type PublishStateName = (typeof PUBLISH_STATES)[number];

export interface PublishStatus {
  state: PublishStateName;
  /** When the state was recorded. */
  at?: Date;
  /** Link to the published post (first item of a thread). */
  url?: string;
}

export interface Freeze {
  reason: string;
  /** Only posts with one of these tags are held; all posts when absent. */
  tags?: string[];
  at: Date;
  by?: string;
}

/** Read-only view of the ledger for commands that show or check publish state. */
export interface LedgerView {
  status(postId: string, account: string): PublishStatus | undefined;
  freezes: Freeze[];
  /** What the ledger recorded under this post's id when that is another post (a reused id), else undefined. */
  reused?(postId: string): string | undefined;
}
