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
 * The first instant the next occurrence may have: `every` later on the post's own clock (the
 * same wall time, across daylight-saving changes, as with `repeat`); a month without the day
 * (the 31st) takes its last day; a wall time inside a DST gap moves forward like the clock.
 */
export function notBefore(last: Date, zone: string, every: Evergreen['every']): Date {
  const p = wallParts(last, zone);
  const months = every.unit === 'month' ? every.every : 0;
  const days = every.unit === 'week' ? 7 * every.every : every.unit === 'day' ? every.every : 0;
  const first = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(p.day, lastDay) + days, p.hour, p.minute));
  const r = parseWallTime(date.toISOString().slice(0, 16).replace('T', ' '), zone);
  if (r.ok) return r.instant;
  const again = r.reason === 'gap' ? parseWallTime(r.suggestion, zone) : r.reason === 'ambiguous' ? parseWallTime(r.first, zone) : undefined;
  // Beyond what a wall time can say (year 10000): plain days.
  return again?.ok ? again.instant : new Date(last.getTime() + (days + 31 * months) * DAY_MS);
}
