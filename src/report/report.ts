// The whole report as data: breakdowns, top and bottom posts, campaign scorecards, best times,
// drop-off and web analytics. Pure: the command reads the calendar, history and analytics.
import type { Calendar } from '../calendar/model.js';
import { formatDay, formatWall } from '../calendar/time.js';
import type { WebRow } from '../analytics/web.js';
import type { MetricsHistory, SnapshotAge } from '../metrics/history.js';
import { bestTimesByAccount, type AccountBestTimes } from './best-times.js';
import { dropOff, type DropOff } from './drop-off.js';
import { DIMENSIONS, groupBy, rankRows, slots, totals, type Dimension, type GroupStats, type Slot } from './group.js';
import { measure } from './measure.js';
import { buildRows, type Row } from './rows.js';
import { scorecard, type Scorecard } from './scorecard.js';

export interface ReportOptions {
  now: Date;
  /** Posts published in [from, to]; best times and scorecards always read the whole history. */
  from?: Date;
  to?: Date;
  accounts?: string[];
  campaigns?: string[];
  age?: SnapshotAge;
  /** Top and bottom posts listed (default 5). */
  top?: number;
  minPosts?: number;
  /** Also list every post (for --format csv). */
  posts?: boolean;
}

export interface PostLine {
  post: string;
  account: string;
  platform: string;
  campaign?: string;
  publishedAt: string;
  /** Wall time in the calendar's zone. */
  local: string;
  url?: string;
  engagements: number;
  impressions?: number;
  rate?: number;
}

export interface WebStats {
  key: string;
  sessions: number;
  conversions?: number;
}

export interface Report {
  timezone: string;
  now: string;
  age: SnapshotAge;
  from?: string;
  to?: string;
  totals: GroupStats;
  breakdowns: Record<Dimension, GroupStats[]>;
  slots: Slot[];
  ranking: { by: 'rate' | 'engagements'; top: PostLine[]; bottom: PostLine[] };
  scorecards: Scorecard[];
  bestTimes: AccountBestTimes[];
  dropOff: DropOff;
  web: { byCampaign: WebStats[]; bySource: WebStats[]; byPost: WebStats[] };
  /** Every post in the period, when asked for. */
  posts?: PostLine[];
  /** Measured posts whose file is gone from the calendar (counted, but without campaign, tags…). */
  notInCalendar: number;
}

export function buildReport(calendar: Calendar, history: MetricsHistory, web: readonly WebRow[], options: ReportOptions): Report {
  const zone = calendar.config.timezone;
  const age = options.age ?? 'latest';
  const accounts = options.accounts ? new Set(options.accounts) : undefined;
  // As of `now`: readings taken later (a replay of a past day) are not seen.
  const measured = measure(history, { age, asOf: options.now }).filter((m) => !accounts || accounts.has(m.account));
  const allRows = buildRows(calendar, measured);
  const campaignIds = options.campaigns ? new Set(options.campaigns) : undefined;
  const inPeriod = (d: Date) => (!options.from || d >= options.from) && (!options.to || d <= options.to);
  const rows = allRows.filter((r) => inPeriod(r.publishedAt) && (!campaignIds || (r.campaign !== undefined && campaignIds.has(r.campaign))));
  const keep = new Set(rows.map((r) => `${r.post}\0${r.account}`));
  const ranking = rankRows(rows, options.top ?? 5);
  const line = (r: Row): PostLine => ({
    post: r.post,
    account: r.account,
    platform: r.platform,
    ...(r.campaign ? { campaign: r.campaign } : {}),
    publishedAt: r.publishedAt.toISOString(),
    local: formatWall(r.publishedAt, zone),
    ...(r.url ? { url: r.url } : {}),
    engagements: r.engagements,
    ...(r.impressions !== undefined ? { impressions: r.impressions } : {}),
    ...(r.rate !== undefined ? { rate: r.rate } : {}),
  });
  const nowDay = formatDay(options.now, zone);
  const known = web.filter((w) => w.from <= nowDay);
  const fromDay = options.from ? formatDay(options.from, zone) : undefined;
  const toDay = options.to ? formatDay(options.to, zone) : undefined;
  const visits = known.filter((w) => (!fromDay || w.to >= fromDay) && (!toDay || w.from <= toDay));
  const campaigns = [...calendar.campaigns.values()].filter((c) => !campaignIds || campaignIds.has(c.id));
  return {
    timezone: zone,
    now: options.now.toISOString(),
    age,
    ...(options.from ? { from: options.from.toISOString() } : {}),
    ...(options.to ? { to: options.to.toISOString() } : {}),
    totals: totals(rows),
    breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, groupBy(rows, d)])) as Record<Dimension, GroupStats[]>,
    slots: slots(rows),
    ranking: { by: ranking.by, top: ranking.top.map(line), bottom: ranking.bottom.map(line) },
    scorecards: campaigns.map((c) => scorecard(c, allRows, known, options.now)),
    bestTimes: bestTimesByAccount(measured, { zone, minPosts: options.minPosts, accounts: options.accounts }),
    dropOff: dropOff(measured.filter((m) => keep.has(`${m.post}\0${m.account}`)), rows),
    web: {
      byCampaign: webStats(visits, (w) => w.campaign),
      bySource: webStats(visits, (w) => w.source),
      byPost: webStats(visits, (w) => (w.content && calendar.postsById.has(w.content) ? w.content : undefined)),
    },
    notInCalendar: rows.filter((r) => !r.inCalendar).length,
    ...(options.posts ? { posts: rows.map(line) } : {}),
  };
}

function webStats(rows: readonly WebRow[], keyOf: (w: WebRow) => string | undefined): WebStats[] {
  const out = new Map<string, WebStats>();
  for (const w of rows) {
    const key = keyOf(w);
    if (key === undefined) continue;
    const s = out.get(key) ?? { key, sessions: 0 };
    s.sessions += w.sessions;
    if (w.conversions !== undefined) s.conversions = (s.conversions ?? 0) + w.conversions;
    out.set(key, s);
  }
  return [...out.values()].sort((a, b) => b.sessions - a.sessions || (a.key < b.key ? -1 : 1));
}
