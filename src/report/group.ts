// Breakdowns: rows added up by campaign, account, platform, pillar, tag, format, weekday, hour.
// The rate of a group is the mean of its posts' rates (each post weighs the same, whatever the
// account's size); posts without a follower count are left out of the rate, not of the sums.
import type { Row } from './rows.js';

export const DIMENSIONS = ['campaign', 'account', 'platform', 'pillar', 'tag', 'format', 'weekday', 'hour'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface GroupStats {
  key: string;
  /** Published posts, counting each account a post went to. */
  posts: number;
  engagements: number;
  /** Sum over the posts whose platform gives impressions; absent when none does. */
  impressions?: number;
  /** Mean engagement rate per follower; absent when no post has one. */
  rate?: number;
  /** Posts behind `rate`. */
  rated: number;
}

export const NONE = '(none)';
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function weekdayName(isoWeekday: number): string {
  return WEEKDAYS[isoWeekday - 1];
}

/** The keys a row belongs to under a dimension: a post with two tags is in both tag groups. */
function keysOf(row: Row, dimension: Dimension): string[] {
  switch (dimension) {
    case 'campaign':
      return [row.campaign ?? NONE];
    case 'account':
      return [row.account];
    case 'platform':
      return [row.platform];
    case 'pillar':
      return [row.pillar ?? NONE];
    case 'tag':
      return row.tags.length ? row.tags : [NONE];
    case 'format':
      return [row.format ?? NONE];
    case 'weekday':
      return [weekdayName(row.weekday)];
    case 'hour':
      return [String(row.hour).padStart(2, '0')];
  }
}

export function totals(rows: readonly Row[], key = 'all'): GroupStats {
  let engagements = 0;
  let impressions: number | undefined;
  let rateSum = 0;
  let rated = 0;
  for (const r of rows) {
    engagements += r.engagements;
    if (r.impressions !== undefined) impressions = (impressions ?? 0) + r.impressions;
    if (r.rate !== undefined) {
      rateSum += r.rate;
      rated++;
    }
  }
  return {
    key,
    posts: rows.length,
    engagements,
    ...(impressions !== undefined ? { impressions } : {}),
    ...(rated ? { rate: rateSum / rated } : {}),
    rated,
  };
}

/** Groups in a stable order: weekdays and hours in clock order, the rest by engagements, then name. */
export function groupBy(rows: readonly Row[], dimension: Dimension): GroupStats[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    for (const key of keysOf(row, dimension)) {
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
  }
  const stats = [...groups].map(([key, list]) => totals(list, key));
  if (dimension === 'weekday') return stats.sort((a, b) => WEEKDAYS.indexOf(a.key) - WEEKDAYS.indexOf(b.key));
  if (dimension === 'hour') return stats.sort((a, b) => Number(a.key) - Number(b.key));
  return stats.sort((a, b) => b.engagements - a.engagements || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface Slot {
  weekday: number;
  hour: number;
  posts: number;
  engagements: number;
  rate?: number;
}

/** The weekday × hour grid (only slots with posts). */
export function slots(rows: readonly Row[]): Slot[] {
  const grid = new Map<number, Row[]>();
  for (const r of rows) {
    const key = r.weekday * 24 + r.hour;
    const list = grid.get(key);
    if (list) list.push(r);
    else grid.set(key, [r]);
  }
  return [...grid]
    .sort((a, b) => a[0] - b[0])
    .map(([key, list]) => {
      const t = totals(list);
      return { weekday: Math.floor(key / 24), hour: key % 24, posts: t.posts, engagements: t.engagements, ...(t.rate !== undefined ? { rate: t.rate } : {}) };
    });
}

/** How top and bottom are chosen: by rate when any post has one, else by engagements. */
export function rankRows(rows: readonly Row[], count: number): { by: 'rate' | 'engagements'; top: Row[]; bottom: Row[] } {
  const rated = rows.filter((r) => r.rate !== undefined);
  const by = rated.length ? 'rate' : 'engagements';
  const pool = by === 'rate' ? rated : [...rows];
  const value = (r: Row) => (by === 'rate' ? r.rate! : r.engagements);
  const sorted = pool.sort((a, b) => value(b) - value(a) || a.publishedAt.getTime() - b.publishedAt.getTime() || (a.post < b.post ? -1 : 1));
  const top = sorted.slice(0, count);
  const bottom = sorted.slice(Math.max(top.length, sorted.length - count)).reverse();
  return { by, top, bottom };
}
