import type { Calendar, LedgerView } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import { formatDay, formatWall } from '../../calendar/time.js';
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
  posts: SitePost[];
}

/** Where a repo media file lives inside the site. */
export function sitePath(mediaFile: string): string {
  return `assets/${mediaFile}`;
}

export function siteData(calendar: Calendar, opts: { ledger?: LedgerView; problems?: Problem[]; filter?: ExportFilter; title?: string; now: Date }): SiteData {
  const zone = calendar.config.timezone;
  const time = (d: Date) => formatWall(d, zone).slice(11);
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
      gapDays: [...campaignGapDays(c, calendar.posts, zone)].sort(),
    })),
    blackouts: calendar.config.blackouts.map((b) => ({
      name: b.name,
      from: formatDay(b.from, zone),
      to: formatDay(b.to, zone),
      reason: b.reason,
      scope: [b.tags?.length ? `tags ${b.tags.join(', ')}` : '', b.accounts?.length ? `accounts ${b.accounts.join(', ')}` : ''].filter(Boolean).join('; ') || 'all posts',
    })),
    freezes: (opts.ledger?.freezes ?? []).map((f) => ({ reason: f.reason, since: formatDay(f.at, zone), tags: f.tags })),
    posts: exportPosts(calendar, opts.filter).map((post) => {
      // Notes are internal (briefs, sources, reviewer hints): they stay out of a page meant for outsiders.
      const detail = { ...postDetail(calendar, post, { ledger: opts.ledger, problems: opts.problems }), notes: undefined };
      for (const account of detail.accounts) for (const item of account.items) for (const m of item.media) m.file = m.exists ? sitePath(m.file) : m.file;
      return {
        id: post.id,
        day: formatDay(post.at, zone),
        time: time(post.at),
        channels: post.channels,
        campaign: post.campaign,
        status: post.status,
        summary: firstWords(post.text, 12),
        detail,
      };
    }),
  };
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
