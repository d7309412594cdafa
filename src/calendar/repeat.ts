import { parseWallTime, wallParts } from './time.js';

// Recurring posts: the wall times of a post's occurrences, on the post's own clock. Days and weeks
// step the calendar date and keep the wall time across daylight-saving changes; months keep the
// day of the month, or take the nth (or last) weekday. A month without that day (the 31st, a 5th
// Monday) has no occurrence, as in RFC 5545. A wall time inside a DST gap moves forward like the
// clock does; one that happens twice is taken the first time.

export interface RepeatRule {
  /** Step size and unit. */
  every: number;
  unit: 'day' | 'week' | 'month';
  /** ISO weekday 1–7 with months: the nth (or last, -1) such weekday. */
  weekday?: number;
  nth?: number;
  /** Last instant an occurrence may have. */
  until?: Date;
  /** Occurrences in all, the first included. */
  count?: number;
}

export interface Occurrence {
  at: Date;
  /** `YYYY-MM-DD HH:MM` on the post's clock. */
  wall: string;
}

/** Without `until` or `count`, occurrences run this long after the first. */
export const OPEN_REPEAT_MS = 3 * 366 * 86_400_000;
/** And never more than this many. */
export const MAX_OCCURRENCES = 1000;

const EVERY = /^(?:(\d+)\s*)?(d|days?|w|weeks?|months?)$/i;

export function parseEvery(text: string): { every: number; unit: RepeatRule['unit'] } | undefined {
  const m = EVERY.exec(text.trim());
  if (!m) return undefined;
  const every = m[1] === undefined ? 1 : Number(m[1]);
  if (!Number.isSafeInteger(every) || every < 1 || every > 1000) return undefined;
  const u = m[2].toLowerCase();
  return { every, unit: u.startsWith('d') ? 'day' : u.startsWith('w') ? 'week' : 'month' };
}

/** The occurrences after the first (which is the post's own `at`), in time order. */
export function laterOccurrences(first: Date, zone: string, rule: RepeatRule): Occurrence[] {
  const p = wallParts(first, zone);
  const out: Occurrence[] = [];
  const last = Math.min(rule.until?.getTime() ?? Infinity, first.getTime() + (rule.until || rule.count ? Infinity : OPEN_REPEAT_MS));
  const wanted = Math.min((rule.count ?? Infinity) - 1, MAX_OCCURRENCES - 1);
  for (let step = 1; out.length < wanted && step <= MAX_OCCURRENCES * 31; step++) {
    const date = civilDate(p.year, p.month, p.day, rule, step);
    if (date === 'past') break;
    if (!date) continue;
    const wall = `${date} ${pad(p.hour)}:${pad(p.minute)}`;
    const at = instantOf(wall, zone);
    if (!at || at.getTime() > last) break;
    out.push({ at, wall });
  }
  return out;
}

/** The civil date of step `step`, undefined when that month has no such day, 'past' beyond year 9999. */
function civilDate(year: number, month: number, day: number, rule: RepeatRule, step: number): string | undefined | 'past' {
  if (rule.unit !== 'month') {
    const d = new Date(Date.UTC(year, month - 1, day) + step * rule.every * (rule.unit === 'week' ? 7 : 1) * 86_400_000);
    return d.getUTCFullYear() > 9999 ? 'past' : isoDate(d);
  }
  const first = new Date(Date.UTC(year, month - 1 + step * rule.every, 1));
  if (first.getUTCFullYear() > 9999) return 'past';
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth();
  const days = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  if (rule.weekday === undefined) return day <= days ? isoDate(new Date(Date.UTC(y, m, day))) : undefined;
  const firstWeekday = first.getUTCDay() === 0 ? 7 : first.getUTCDay();
  const firstMatch = 1 + ((rule.weekday - firstWeekday + 7) % 7);
  const nth = rule.nth ?? 1;
  const target = nth === -1 ? firstMatch + 7 * Math.floor((days - firstMatch) / 7) : firstMatch + 7 * (nth - 1);
  return target <= days ? isoDate(new Date(Date.UTC(y, m, target))) : undefined;
}

function instantOf(wall: string, zone: string): Date | undefined {
  const r = parseWallTime(wall, zone);
  if (r.ok) return r.instant;
  const again = r.reason === 'gap' ? parseWallTime(r.suggestion, zone) : r.reason === 'ambiguous' ? parseWallTime(r.first, zone) : undefined;
  return again?.ok ? again.instant : undefined;
}

function isoDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
