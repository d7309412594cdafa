import type { Calendar, LedgerView, Post } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import { channelGroups, type ChannelGroup } from '../../calendar/stagger.js';
import { formatDay, formatWall, offsetAt } from '../../calendar/time.js';
import type { RenderedPost } from '../../calendar/render.js';
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

export interface SiteOptions {
  ledger?: LedgerView;
  problems?: Problem[];
  filter?: ExportFilter;
  title?: string;
  now: Date;
  /** The rules' renders of the same calendar (RunOptions.renders), shown instead of rendering again. */
  renders?: ReadonlyMap<Post, RenderedPost[]>;
}

export function siteData(calendar: Calendar, opts: SiteOptions): SiteData {
  return {
    ...siteIndex(calendar, opts),
    posts: exportPosts(calendar, opts.filter).flatMap((post) => channelGroups(post).map((group) => sitePost(calendar, group, siteDetail(calendar, post, opts)))),
  };
}

/** Everything the site shows but the posts. */
function siteIndex(calendar: Calendar, opts: SiteOptions): Omit<SiteData, 'posts'> {
  const zone = calendar.config.timezone;
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
      milestones: c.milestones.map((m) => ({ id: m.id, title: m.title ?? m.id, day: formatDay(m.at, zone), time: timeOfDay(m.at, zone) })),
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
  };
}

function timeOfDay(d: Date, zone: string): string {
  return formatWall(d, zone).slice(11);
}

/** A post's detail as the site shows it. */
function siteDetail(calendar: Calendar, post: Post, opts: SiteOptions): PostDetail {
  const detail = postDetail(calendar, post, { ledger: opts.ledger, problems: opts.problems, renders: opts.renders });
  // Notes are internal (briefs, sources, reviewer hints): they stay out of a page meant for outsiders.
  detail.notes = undefined;
  for (const account of detail.accounts) for (const item of account.items) for (const m of item.media) m.file = m.exists ? sitePath(m.file) : m.file;
  return detail;
}

/** A post on the grid at one channel time (a staggered post is there once per time). */
function sitePost(calendar: Calendar, group: ChannelGroup, detail: PostDetail): SitePost {
  const zone = calendar.config.timezone;
  const { post } = group;
  return {
    id: post.id,
    day: formatDay(group.at, zone),
    // The detail has the post's own time formatted already.
    time: group.at === post.at ? detail.local.slice(11) : timeOfDay(group.at, zone),
    channels: group.channels,
    campaign: post.campaign,
    status: post.status,
    summary: firstWords(post.text, 12),
    ...(group.stagger ? { stagger: group.stagger } : {}),
    detail,
  };
}

/**
 * The site's posts month by month, each month's built only when it is asked for: what
 * `splitByMonth(siteData(...))` writes, without holding every post's detail at once (the
 * export writes a month and lets its details go before building the next).
 */
export function siteMonths(calendar: Calendar, opts: SiteOptions): SiteParts {
  const zone = calendar.config.timezone;
  const byMonth = new Map<string, ChannelGroup[]>();
  for (const post of exportPosts(calendar, opts.filter)) {
    for (const group of channelGroups(post)) {
      const month = formatDay(group.at, zone).slice(0, 7);
      const list = byMonth.get(month);
      if (list) list.push(group);
      else byMonth.set(month, [group]);
    }
  }
  function* months(): Generator<[string, SitePost[]]> {
    for (const [month, groups] of byMonth) {
      // A post with two channel times in one month has one detail, as in siteData.
      const details = new Map<Post, PostDetail>();
      yield [
        month,
        groups.map((group) => {
          let detail = details.get(group.post);
          if (!detail) details.set(group.post, (detail = siteDetail(calendar, group.post, opts)));
          return sitePost(calendar, group, detail);
        }),
      ];
    }
  }
  return { index: siteIndex(calendar, opts), months: months() };
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

/** The site's data with its posts by month, in the order of their first post. */
export interface SiteParts {
  index: Omit<SiteData, 'posts'>;
  months: Iterable<[string, SitePost[]]>;
}

/** The posts of `data` by month. */
export function siteParts(data: SiteData): SiteParts {
  const { posts, ...index } = data;
  const byMonth = new Map<string, SitePost[]>();
  for (const post of posts) {
    const month = post.day.slice(0, 7);
    const list = byMonth.get(month);
    if (list) list.push(post);
    else byMonth.set(month, [post]);
  }
  return { index, months: byMonth };
}

/**
 * Splits the posts by month into script files the page loads on demand, so the first view of a
 * calendar of any size reads one index and three months (file:// cannot fetch JSON, but it
 * can run a <script src>).
 */
export function splitByMonth(data: SiteData): SplitSite {
  const parts = siteParts(data);
  const months: Record<string, MonthFiles> = {};
  const files = new Map<string, string>();
  for (const [month, list] of parts.months) {
    const written = monthFiles(month, list);
    months[month] = written.entry;
    files.set(written.entry.posts, written.posts);
    files.set(written.entry.details, written.details);
  }
  return { index: { ...parts.index, months }, files };
}

/** One month's two data files: the posts' summaries for the grid and list, their details. */
export function monthFiles(month: string, list: readonly SitePost[]): { entry: MonthFiles; posts: string; details: string } {
  const entry = { posts: `data/posts-${month}.js`, details: `data/details-${month}.js`, last: list.reduce((max, p) => (p.day > max ? p.day : max), '') };
  return {
    entry,
    posts: `socialcalMonth(${scriptJson(month)}, ${scriptJson(list.map(summaryOf))});\n`,
    details: `socialcalDetail(${scriptJson(month)}, ${scriptJson(Object.fromEntries(list.map((p) => [p.id, p.detail])))});\n`,
  };
}

/** A post without its detail, its keys in SitePost's order (built field by field: an object rest is slower). */
function summaryOf(p: SitePost): Omit<SitePost, 'detail'> {
  return { id: p.id, day: p.day, time: p.time, channels: p.channels, campaign: p.campaign, status: p.status, summary: p.summary, stagger: p.stagger };
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Looking costs a fraction of replacing (which copies the whole text even when nothing matches),
  // and most month files have nothing to escape.
  return HAS_UNSAFE_IN_SCRIPT.test(json) ? json.replace(UNSAFE_IN_SCRIPT, (c) => SCRIPT_ESCAPES[c]) : json;
}

const UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/g;
const HAS_UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/;
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };
