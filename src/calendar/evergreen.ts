import type { Evergreen } from './model.js';
import { startOfDay, wallParts } from './time.js';

// Evergreen rotation's time math: the earliest an occurrence may follow the one before it.

/** Anything more often than this is a repeat, not a rotation (and reads as spam to followers). */
export const MIN_EVERGREEN_DAYS = 7;

/** True when the gap is at least MIN_EVERGREEN_DAYS. */
export function saneGap(every: Evergreen['every']): boolean {
  return every.unit !== 'day' || every.every >= MIN_EVERGREEN_DAYS;
}

/**
 * The first instant the next occurrence may have: the start of the day `every` after the day of
 * `last`, on the post's own clock. Days, not minutes: "60 days later" is a date, and a post that
 * went out a few seconds after its 10:00 slot may come back at 10:00 sixty days on. A month
 * without the day (the 31st) takes its last day.
 */
export function notBefore(last: Date, zone: string, every: Evergreen['every']): Date {
  const p = wallParts(last, zone);
  const months = every.unit === 'month' ? every.every : 0;
  const days = every.unit === 'week' ? 7 * every.every : every.unit === 'day' ? every.every : 0;
  const first = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(p.day, lastDay) + days));
  // Beyond what a wall time can say (year 10000): never.
  return date.getUTCFullYear() > 9999 ? new Date(8.64e15) : startOfDay(date.toISOString().slice(0, 10), zone);
}
