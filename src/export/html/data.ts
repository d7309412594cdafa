import type { Calendar, LedgerView, Post } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import { channelGroups } from '../../calendar/stagger.js';
import { formatDay, formatWall, offsetAt } from '../../calendar/time.js';
import { postDetail, type PostDetail } from '../../views/calendar/detail.js';
import { accountMarks, type AccountMark } from '../../views/calendar/accounts.js';
import { campaignGapDays } from '../../views/calendar/gaps.js';
import { exportPosts, firstWords, type ExportFilter } from '../select.js';

// What the static site shows, as one JSON document the page renders from: posts with their
// per-account previews, campaigns with milestones, blackouts and freezes. Dates are civil
// days in the calendar's zone, so the page needs no zone arithmetic.

export interface SitePost {
  id: string;
  day: string;
  time: string;
  channels: string[];
  campaign?: string;
  status: string;
  summary: string;
  /** A staggered post is on the grid once per channel time; `later` marks the channels after `at`. */
  stagger?: 'first' | 'later';
  detail: PostDetail;
}

export interface SiteData {
  title: string;
  timezone: string;
  generatedAt: string;
  accounts: AccountMark[];
  campaigns: { id: string; name: string; starts?: string; ends?: string; objective?: string; owner?: string; milestones: { id: string; title: string; day: string; time: string }[]; gapDays: string[] }[];
  blackouts: { name: string; from: string; to: string; reason?: string; scope: string }[];
  freezes: { reason: string; since: string; tags?: string[] }[];
  /**
   * The zone's offsets from UTC (ms) around the export, for the page to tell today's date
   * without Intl: a browser's first Intl.DateTimeFormat with a time zone takes 100–500 ms.
   */
  zoneOffsets: ZoneOffsets;
  posts: SitePost[];
}

/** `changes`: [from (UTC ms), offset (ms)] in time order, the first at `from`; valid until `until`. */
export interface ZoneOffsets {
  until: number;
  changes: [number, number][];
}

/** Where a repo media file lives inside the site. */
export function sitePath(mediaFile: string): string {
  return `assets/${mediaFile}`;
}

export function siteData(calendar: Calendar, opts: { ledger?: LedgerView; problems?: Problem[]; filter?: ExportFilter; title?: string; now: Date }): SiteData {
  const zone = calendar.config.timezone;
  const time = (d: Date) => formatWall(d, zone).slice(11);
  // Each campaign's gaps look at its own posts only: grouped once, not filtered per campaign.
  const byCampaign = new Map<string, Post[]>();
  for (const post of calendar.posts) {
    if (post.campaign === undefined) continue;
    const list = byCampaign.get(post.campaign);
    if (list) list.push(post);
    else byCampaign.set(post.campaign, [post]);
  }
  return {
    title: opts.title ?? 'Social media calendar',
    timezone: zone,
    generatedAt: opts.now.toISOString(),
    accounts: accountMarks(calendar.config.accounts),
    campaigns: [...calendar.campaigns.values()].map((c) => ({
      id: c.id,
      name: c.name,
      starts: c.starts ? formatDay(c.starts, zone) : undefined,
      ends: c.ends ? formatDay(c.ends, zone) : undefined,
      objective: c.objective,
      owner: c.owner,
      milestones: c.milestones.map((m) => ({ id: m.id, title: m.title ?? m.id, day: formatDay(m.at, zone), time: time(m.at) })),
      gapDays: [...campaignGapDays(c, byCampaign.get(c.id) ?? [], zone)].sort(),
    })),
    blackouts: calendar.config.blackouts.map((b) => ({
      name: b.name,
      from: formatDay(b.from, zone),
      to: formatDay(b.to, zone),
      reason: b.reason,
      scope: [b.tags?.length ? `tags ${b.tags.join(', ')}` : '', b.accounts?.length ? `accounts ${b.accounts.join(', ')}` : ''].filter(Boolean).join('; ') || 'all posts',
    })),
    freezes: (opts.ledger?.freezes ?? []).map((f) => ({ reason: f.reason, since: formatDay(f.at, zone), tags: f.tags })),
    zoneOffsets: zoneOffsets(zone, opts.now.getTime() - YEAR_MS, opts.now.getTime() + 3 * YEAR_MS),
    posts: exportPosts(calendar, opts.filter).flatMap((post) => {
      // Notes are internal (briefs, sources, reviewer hints): they stay out of a page meant for outsiders.
      const detail = { ...postDetail(calendar, post, { ledger: opts.ledger, problems: opts.problems }), notes: undefined };
      for (const account of detail.accounts) for (const item of account.items) for (const m of item.media) m.file = m.exists ? sitePath(m.file) : m.file;
      return channelGroups(post).map((group) => ({
        id: post.id,
        day: formatDay(group.at, zone),
        time: time(group.at),
        channels: group.channels,
        campaign: post.campaign,
        status: post.status,
        summary: firstWords(post.text, 12),
        ...(group.stagger ? { stagger: group.stagger } : {}),
        detail,
      }));
    }),
  };
}

const DAY_MS = 86_400_000;
const YEAR_MS = 366 * DAY_MS;
const QUARTER_HOUR_MS = 900_000;

/** The offsets of `zone` from `from` to `until`, changes found to the quarter hour (zones change on quarter hours). */
export function zoneOffsets(zone: string, from: number, until: number): ZoneOffsets {
  const start = Math.floor(from / DAY_MS) * DAY_MS;
  const changes: [number, number][] = [[start, offsetAt(zone, start)]];
  for (let day = start; day < until; day += DAY_MS) {
    const last = changes[changes.length - 1][1];
    if (offsetAt(zone, day + DAY_MS) === last && offsetAt(zone, day + DAY_MS / 2) === last) continue;
    for (let q = day + QUARTER_HOUR_MS; q <= day + DAY_MS; q += QUARTER_HOUR_MS) {
      const offset = offsetAt(zone, q);
      if (offset !== changes[changes.length - 1][1]) changes.push([q, offset]);
    }
  }
  return { until, changes };
}

/** A month's posts: a file of summaries for the grid and list, one of previews for the detail. */
export interface MonthFiles {
  posts: string;
  details: string;
  /** The month's last post day, for opening on the next post's month. */
  last: string;
}

export interface SplitSite {
  /** What index.html carries: everything but the posts, and where each month's are. */
  index: Omit<SiteData, 'posts'> & { months: Record<string, MonthFiles> };
  /** Site-relative path → content of the data/*.js files. */
  files: Map<string, string>;
}

/**
 * Splits the posts by month into script files the page loads on demand, so the first view of a
 * calendar of any size reads one index and three months (file:// cannot fetch JSON, but it
 * can run a <script src>).
 */
export function splitByMonth(data: SiteData): SplitSite {
  const { posts, ...rest } = data;
  const byMonth = new Map<string, SitePost[]>();
  for (const post of posts) {
    const month = post.day.slice(0, 7);
    const list = byMonth.get(month);
    if (list) list.push(post);
    else byMonth.set(month, [post]);
  }
  const months: Record<string, MonthFiles> = {};
  const files = new Map<string, string>();
  for (const [month, list] of byMonth) {
    const entry = { posts: `data/posts-${month}.js`, details: `data/details-${month}.js`, last: list.reduce((max, p) => (p.day > max ? p.day : max), '') };
    months[month] = entry;
    files.set(entry.posts, `socialcalMonth(${scriptJson(month)}, ${scriptJson(list.map(({ detail: _, ...summary }) => summary))});\n`);
    files.set(entry.details, `socialcalDetail(${scriptJson(month)}, ${scriptJson(Object.fromEntries(list.map((p) => [p.id, p.detail])))});\n`);
  }
  return { index: { ...rest, months }, files };
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_SCRIPT, (c) => SCRIPT_ESCAPES[c]);
}

const UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };
