import type { Calendar, LedgerView, Post, PostStatus, PublishStateName } from '../../calendar/model.js';
import { filterPosts, type PostFilter } from '../../calendar/query.js';
import { channelGroups, MAX_STAGGER_MS, type ChannelGroup } from '../../calendar/stagger.js';
import { formatDay, wallParts } from '../../calendar/time.js';
import { campaignGapDays } from './gaps.js';
import { accountMarks, type AccountMark } from './accounts.js';
import { inPeriod, nextDay, periodCode, periodDays, periodLabel, shiftPeriod, weekdayOf, type Period } from './period.js';
import { startOfDay } from '../../calendar/time.js';

// The calendar grid as data: which days, which posts on each, milestones, blackouts, freezes,
// and the empty days of a running campaign. Pure; both renderers and --json read it.

export interface GridPost {
  id: string;
  file: string;
  at: Date;
  /** `HH:MM` in the calendar's zone. */
  time: string;
  hour: number;
  channels: string[];
  campaign?: string;
  tags: string[];
  status: PostStatus;
  /** The text on one line. */
  text: string;
  /** Publish state by account, where the ledger has one. */
  published: Record<string, PublishStateName>;
  /** A freeze holds this post (it is not yet published everywhere). */
  held: boolean;
  /** Blackouts this post falls into (names). */
  blackouts: string[];
  /**
   * A post with a `stagger` is shown once per channel time: `first` at `at`, `later` for the
   * channels that go after it (`channels` then lists only those).
   */
  stagger?: 'first' | 'later';
}

export interface GridMilestone {
  campaign: string;
  id: string;
  title?: string;
  at: Date;
  time: string;
  hour: number;
}

export interface GridDay {
  date: string;
  /** 1–31 */
  day: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** False for the leading and trailing days of a month view. */
  inPeriod: boolean;
  today: boolean;
  posts: GridPost[];
  milestones: GridMilestone[];
  /** Names of blackouts overlapping the day. */
  blackouts: string[];
  /** Reasons of freezes in force on the day. */
  freezes: string[];
  /** Campaigns running on the day with none of their posts on it. */
  gaps: string[];
}

export interface CalendarGrid {
  period: Period;
  code: string;
  label: string;
  previous: string;
  next: string;
  timezone: string;
  accounts: AccountMark[];
  days: GridDay[];
}

export interface GridOptions {
  now: Date;
  filter?: Pick<PostFilter, 'accounts' | 'campaigns' | 'tags'>;
  ledger?: LedgerView;
  /** A further test posts must pass, e.g. the interactive search. */
  match?: (post: Post) => boolean;
}

export function buildGrid(calendar: Calendar, period: Period, opts: GridOptions): CalendarGrid {
  const zone = calendar.config.timezone;
  const keys = periodDays(period);
  const from = startOfDay(keys[0], zone);
  const to = startOfDay(nextDay(keys[keys.length - 1]), zone);
  const filtered = filterPosts(postsBetween(calendar.posts, new Date(from.getTime() - MAX_STAGGER_MS), to), opts.filter ?? {});
  const posts = opts.match ? filtered.filter(opts.match) : filtered;
  // With an account filter, a staggered post shows only the times of the accounts asked for.
  const wanted = opts.filter?.accounts?.length ? opts.filter.accounts : undefined;
  const entries = posts
    .flatMap(channelGroups)
    .filter((e) => e.at >= from && e.at < to && (!wanted || !e.stagger || e.channels.some((c) => wanted.includes(c))));
  const byDay = groupBy(entries, (e) => formatDay(e.at, zone));
  const todayKey = formatDay(opts.now, zone);
  const freezes = opts.ledger?.freezes ?? [];
  const campaignFilter = opts.filter?.campaigns;
  const campaigns = [...calendar.campaigns.values()].filter((c) => !campaignFilter?.length || campaignFilter.includes(c.id));
  // Gaps only of campaigns running in this period: a month does not pay for every campaign's.
  const running = campaigns.filter((c) => c.starts && c.ends && c.starts < to && c.ends >= from);
  const gapDays = new Map(running.map((c) => [c.id, campaignGapDays(c, calendar.posts, zone)]));

  const days = keys.map((key): GridDay => {
    const start = startOfDay(key, zone);
    const end = startOfDay(nextDay(key), zone);
    const overlaps = (a: Date, b: Date) => a < end && b >= start;
    const dayPosts = (byDay.get(key) ?? []).sort((a, b) => a.at.getTime() - b.at.getTime()).map((e) => gridPost(e, calendar, opts.ledger));
    const milestones = campaigns.flatMap((c) =>
      c.milestones.filter((m) => m.at >= start && m.at < end).map((m) => ({ campaign: c.id, id: m.id, title: m.title, at: m.at, ...clock(m.at, zone) })),
    );
    const active = campaigns.filter((c) => c.starts && c.ends && overlaps(c.starts, c.ends));
    return {
      date: key,
      day: Number(key.slice(8)),
      weekday: weekdayOf(key),
      inPeriod: inPeriod(period, key),
      today: key === todayKey,
      posts: dayPosts,
      milestones: milestones.sort((a, b) => a.at.getTime() - b.at.getTime()),
      blackouts: calendar.config.blackouts.filter((b) => overlaps(b.from, b.to)).map((b) => b.name),
      freezes: freezes.filter((f) => f.at < end).map((f) => f.reason),
      gaps: active.filter((c) => !dayPosts.some((p) => p.campaign === c.id) && gapDays.get(c.id)!.has(key)).map((c) => c.id),
    };
  });

  return {
    period,
    code: periodCode(period),
    label: periodLabel(period),
    previous: periodCode(shiftPeriod(period, -1)),
    next: periodCode(shiftPeriod(period, 1)),
    timezone: zone,
    accounts: accountMarks(calendar.config.accounts),
    days,
  };
}

function gridPost({ post: p, at, channels, stagger }: ChannelGroup, calendar: Calendar, ledger: LedgerView | undefined): GridPost {
  const zone = calendar.config.timezone;
  const published: Record<string, PublishStateName> = {};
  for (const channel of channels) {
    const state = ledger?.status(p.id, channel)?.state;
    if (state) published[channel] = state;
  }
  const done = channels.every((c) => published[c] === 'published');
  const held = !done && (ledger?.freezes ?? []).some((f) => at >= f.at && (!f.tags?.length || p.tags.some((t) => f.tags!.includes(t))));
  const blackouts = calendar.config.blackouts
    .filter(
      (b) =>
        at >= b.from &&
        at <= b.to &&
        (!b.tags?.length || p.tags.some((t) => b.tags!.includes(t))) &&
        (!b.accounts?.length || channels.some((c) => b.accounts!.includes(c))),
    )
    .map((b) => b.name);
  return {
    id: p.id,
    file: p.file,
    at,
    ...clock(at, zone),
    channels,
    ...(stagger ? { stagger } : {}),
    campaign: p.campaign,
    tags: p.tags,
    status: p.status,
    text: p.text.replace(/\s+/g, ' ').trim(),
    published,
    held,
    blackouts,
  };
}

function clock(at: Date, zone: string): { time: string; hour: number } {
  const p = wallParts(at, zone);
  return { time: `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`, hour: p.hour };
}

/** Posts with from <= at < to; `posts` is sorted by time, so two binary searches. */
export function postsBetween(posts: Post[], from: Date, to: Date): Post[] {
  return posts.slice(lowerBound(posts, from.getTime()), lowerBound(posts, to.getTime()));
}

function lowerBound(posts: Post[], t: number): number {
  let lo = 0;
  let hi = posts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (posts[mid].at.getTime() < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
