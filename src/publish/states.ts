// How one (post, account) ledger entry moves between states. Pure: each step returns a new entry.
//
//   (none|failed) ──claim──▶ claimed ──all items posted──▶ published
//                               │ ├──refused / gave up──▶ failed ──next run──▶ claimed
//                               │ └──outcome unknowable──▶ unknown ──resolve──▶ published | failed(retry)
//   (none|failed) ──grace over──▶ missed
import type { PostedItem } from '../platforms/types.js';
import type { AccountEntry, ItemRecord } from './ledger.js';

export interface Claim {
  run: string;
  at: Date;
  /** Number of items (post + thread replies) the account will receive. */
  items: number;
  newHandle: () => string;
}

/**
 * Claims a pair for a run. Handles are chosen now, before anything is posted, and kept across
 * runs: items already posted keep their ids, unposted ones keep their handle so a platform that
 * remembers it (Mastodon's Idempotency-Key, a Bluesky record key) can never post them twice.
 */
export function claim(previous: AccountEntry | undefined, c: Claim): AccountEntry {
  const items: ItemRecord[] = [];
  for (let i = 0; i < c.items; i++) items.push(previous?.items[i] ?? { handle: c.newHandle() });
  // Thread items removed from the calendar after they went out stay on record.
  items.push(...(previous?.items.slice(c.items).filter((item) => item.id !== undefined) ?? []));
  return {
    state: 'claimed',
    run: c.run,
    claimedAt: c.at,
    updatedAt: c.at,
    attempts: previous?.attempts ?? 0,
    items,
    ...(previous?.retryUntil ? { retryUntil: previous.retryUntil } : {}),
    ...(previous?.error ? { error: previous.error } : {}),
  };
}

/**
 * A stale claim taken over by this run for reconciling: same handles, new owner. Items the post
 * gained since (an edited thread) get new handles.
 */
export function takeOver(entry: AccountEntry, c: Claim): AccountEntry {
  const items = [...entry.items];
  while (items.length < c.items) items.push({ handle: c.newHandle() });
  return { ...entry, state: 'claimed', run: c.run, claimedAt: c.at, updatedAt: c.at, items };
}

export function attempted(entry: AccountEntry): AccountEntry {
  return { ...entry, attempts: entry.attempts + 1 };
}

export function itemPosted(entry: AccountEntry, index: number, posted: PostedItem, at: Date): AccountEntry {
  const items = entry.items.map((item, i) => (i === index ? { ...item, id: posted.id, ...(posted.url ? { url: posted.url } : {}), ...(posted.ref ? { ref: posted.ref } : {}), at } : item));
  return { ...entry, items, updatedAt: at };
}

/** The item's handle replaced by the one its platform prepared (a Threads/Instagram container). */
export function withHandle(entry: AccountEntry, index: number, handle: string): AccountEntry {
  return { ...entry, items: entry.items.map((item, i) => (i === index ? { ...item, handle } : item)) };
}

/**
 * Drops the items beyond the post's current `length` (replies removed from the calendar) that
 * never went out: their handles were claimed but not used.
 */
export function withoutUnsentBeyond(entry: AccountEntry, length: number): AccountEntry {
  return { ...entry, items: entry.items.filter((item, i) => i < length || item.id !== undefined) };
}

/** The first item without a platform id: where posting (re)starts. */
export function nextItem(entry: AccountEntry): number {
  const i = entry.items.findIndex((item) => item.id === undefined);
  return i === -1 ? entry.items.length : i;
}

export function published(entry: AccountEntry, at: Date): AccountEntry {
  const { error: _e, retryUntil: _r, ...rest } = entry;
  return { ...rest, state: 'published', publishedAt: at, updatedAt: at };
}

export function failed(entry: AccountEntry, error: string, at: Date): AccountEntry {
  return { ...entry, state: 'failed', error, updatedAt: at };
}

export function unknown(entry: AccountEntry, error: string, at: Date): AccountEntry {
  return { ...entry, state: 'unknown', error, updatedAt: at };
}

export function missed(entry: AccountEntry | undefined, reason: string, run: string, at: Date): AccountEntry {
  return { state: 'missed', run, claimedAt: entry?.claimedAt ?? at, updatedAt: at, attempts: entry?.attempts ?? 0, items: entry?.items ?? [], note: reason, ...(entry?.error ? { error: entry.error } : {}) };
}

export type Resolution = 'published' | 'retry';

/**
 * A person's decision about an `unknown` pair: it did go out (published), or it did not and
 * may be sent again (retry) — within a fresh grace period from now, with fresh handles for
 * unposted items, since the old ones may have been used.
 */
export function resolve(entry: AccountEntry, how: Resolution, by: string, at: Date, graceMs: number, newHandle: () => string): AccountEntry {
  if (how === 'published') return { ...published(entry, at), note: `marked published by ${by}` };
  return {
    ...entry,
    state: 'failed',
    updatedAt: at,
    note: `retry requested by ${by}`,
    retryUntil: new Date(at.getTime() + graceMs),
    items: entry.items.map((item) => (item.id ? item : { handle: newHandle() })),
  };
}
