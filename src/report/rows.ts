// Report rows: one per post per account, its thread's items added up, joined with what the
// calendar says about the post (campaign, pillar, tags, format) and its slot in the calendar's zone.
import type { Calendar, Post } from '../calendar/model.js';
import type { Counts } from '../metrics/history.js';
import { slotOf } from './best-times.js';
import type { Measured } from './measure.js';

export const FORMATS = ['text', 'image', 'thread', 'link'] as const;
export type Format = (typeof FORMATS)[number];

export interface Row {
  post: string;
  account: string;
  platform: string;
  url?: string;
  publishedAt: Date;
  /** Absent when the post is no longer in the calendar (its file was deleted or renamed). */
  campaign?: string;
  pillar?: string;
  tags: string[];
  format?: Format;
  /** ISO weekday 1–7 and hour in the calendar's zone. */
  weekday: number;
  hour: number;
  /** Items measured: 1 for a single post, more for a thread. */
  items: number;
  counts: Counts;
  engagements: number;
  impressions?: number;
  followers?: number;
  rate?: number;
  inCalendar: boolean;
}

/** Groups measured items into rows; `measured` may hold thread replies in any order. */
export function buildRows(calendar: Calendar, measured: readonly Measured[]): Row[] {
  const zone = calendar.config.timezone;
  const byPair = new Map<string, Measured[]>();
  for (const m of measured) {
    const key = `${m.post}\0${m.account}`;
    const list = byPair.get(key);
    if (list) list.push(m);
    else byPair.set(key, [m]);
  }
  const rows: Row[] = [];
  for (const items of byPair.values()) {
    const first = items.find((m) => m.item === 0);
    if (!first) continue;
    const post = calendar.postsById.get(first.post);
    const counts: Counts = {};
    let engagements = 0;
    let impressions: number | undefined;
    for (const m of items) {
      engagements += m.engagements;
      if (m.impressions !== undefined) impressions = (impressions ?? 0) + m.impressions;
      for (const [name, value] of Object.entries(m.counts) as [keyof Counts, number][]) counts[name] = (counts[name] ?? 0) + value;
    }
    const { weekday, hour } = slotOf(first.publishedAt, zone);
    rows.push({
      post: first.post,
      account: first.account,
      platform: first.platform,
      ...(first.url ? { url: first.url } : {}),
      publishedAt: first.publishedAt,
      ...(post?.campaign ? { campaign: post.campaign } : {}),
      ...(post?.pillar ? { pillar: post.pillar } : {}),
      tags: post?.tags ?? [],
      ...(post ? { format: formatOf(post, first.account, first.platform) } : {}),
      weekday,
      hour,
      items: items.length,
      counts,
      engagements,
      ...(impressions !== undefined ? { impressions } : {}),
      ...(first.followers !== undefined ? { followers: first.followers } : {}),
      ...(first.followers ? { rate: engagements / first.followers } : {}),
      inCalendar: Boolean(post),
    });
  }
  return rows.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || cmp(a.post, b.post) || cmp(a.account, b.account));
}

const URL = /\bhttps?:\/\/\S/i;

/** What went out on this account: a thread beats an image beats a link beats plain text. */
export function formatOf(post: Post, account: string, platform: string): Format {
  const o = post.overrides[account] ?? post.overrides[platform] ?? {};
  const thread = o.thread ?? post.thread;
  const media = o.media ?? post.media;
  const text = o.text ?? post.text;
  if (thread.length > 0) return 'thread';
  if (media.length > 0) return 'image';
  if (post.card || URL.test(text)) return 'link';
  return 'text';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
