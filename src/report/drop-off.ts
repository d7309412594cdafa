// Series drop-off: how engagement holds up along a thread (each reply against the first post)
// and along a campaign's sequence of posts on one account (each post against the campaign's first).
import type { Measured } from './measure.js';
import type { Row } from './rows.js';
import { mean } from './stats.js';

export interface SeriesPoint {
  /** Thread: the item index (0 = the post); campaign: the post id. */
  item: number | string;
  engagements: number;
  /** engagements ÷ the first point's; undefined when the first had none. */
  relative?: number;
}

export interface Series {
  /** Thread: the post id; campaign: the campaign id. */
  of: string;
  account: string;
  points: SeriesPoint[];
}

export interface DropOff {
  threads: Series[];
  /** Per thread position, the mean `relative` over threads that reach it. */
  threadAverage: { item: number; relative: number; threads: number }[];
  campaigns: Series[];
}

function points(values: { item: number | string; engagements: number }[]): SeriesPoint[] {
  const first = values[0]?.engagements ?? 0;
  return values.map((v) => ({ ...v, ...(first > 0 ? { relative: v.engagements / first } : {}) }));
}

export function dropOff(measured: readonly Measured[], rows: readonly Row[]): DropOff {
  const byThread = new Map<string, Measured[]>();
  for (const m of measured) {
    const key = `${m.post}\0${m.account}`;
    const list = byThread.get(key);
    if (list) list.push(m);
    else byThread.set(key, [m]);
  }
  const threads: Series[] = [];
  for (const items of byThread.values()) {
    if (items.length < 2 || !items.some((m) => m.item === 0)) continue;
    items.sort((a, b) => a.item - b.item);
    threads.push({ of: items[0].post, account: items[0].account, points: points(items.map((m) => ({ item: m.item, engagements: m.engagements }))) });
  }
  threads.sort((a, b) => (a.of < b.of ? -1 : a.of > b.of ? 1 : a.account < b.account ? -1 : 1));

  const positions = new Map<number, number[]>();
  for (const t of threads) {
    for (const p of t.points) {
      if (p.relative === undefined) continue;
      const list = positions.get(p.item as number) ?? [];
      list.push(p.relative);
      positions.set(p.item as number, list);
    }
  }
  const threadAverage = [...positions].sort((a, b) => a[0] - b[0]).map(([item, rel]) => ({ item, relative: mean(rel), threads: rel.length }));

  const byCampaign = new Map<string, Row[]>();
  for (const r of rows) {
    if (!r.campaign) continue;
    const key = `${r.campaign}\0${r.account}`;
    const list = byCampaign.get(key);
    if (list) list.push(r);
    else byCampaign.set(key, [r]);
  }
  const campaigns: Series[] = [];
  for (const list of byCampaign.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    campaigns.push({ of: sorted[0].campaign!, account: sorted[0].account, points: points(sorted.map((r) => ({ item: r.post, engagements: r.engagements }))) });
  }
  campaigns.sort((a, b) => (a.of < b.of ? -1 : a.of > b.of ? 1 : a.account < b.account ? -1 : 1));
  return { threads, threadAverage, campaigns };
}
