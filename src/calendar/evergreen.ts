import type { Evergreen } from './model.js';
import { parseWallTime, wallParts } from './time.js';

// Evergreen rotation's time math: the earliest an occurrence may follow the one before it.

const DAY_MS = 86_400_000;

/** Anything more often than this is a repeat, not a rotation (and reads as spam to followers). */
export const MIN_EVERGREEN_DAYS = 7;

/** True when the gap is at least MIN_EVERGREEN_DAYS. */
export function saneGap(every: Evergreen['every']): boolean {
  return every.unit !== 'day' || every.every >= MIN_EVERGREEN_DAYS;
}

/**
 * The first instant the next occurrence may have: days and weeks are whole 24-hour days after
 * `last`; months are calendar months on the post's clock (the 31st becomes the month's last day).
 */
export function notBefore(last: Date, zone: string, every: Evergreen['every']): Date {
  if (every.unit !== 'month') return new Date(last.getTime() + every.every * (every.unit === 'week' ? 7 : 1) * DAY_MS);
  const p = wallParts(last, zone);
  const first = new Date(Date.UTC(p.year, p.month - 1 + every.every, 1));
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(p.day, days), p.hour, p.minute));
  const wall = date.toISOString().slice(0, 16).replace('T', ' ');
  const r = parseWallTime(wall, zone);
  if (r.ok) return r.instant;
  const again = r.reason === 'gap' ? parseWallTime(r.suggestion, zone) : r.reason === 'ambiguous' ? parseWallTime(r.second, zone) : undefined;
  return again?.ok ? again.instant : new Date(last.getTime() + every.every * 31 * DAY_MS);
}
