import { UsageError } from '../../errors.js';
import { isoWeekOfDate, wallParts } from '../../calendar/time.js';

// Calendar periods (a month or an ISO week) as lists of civil days, `YYYY-MM-DD`.
// Day arithmetic is done on UTC midnights so it never depends on the machine's zone.

export type Period = { kind: 'month'; year: number; month: number } | { kind: 'week'; year: number; week: number };

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{1,2})$/i;
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function parseMonth(text: string): Period {
  const m = MONTH.exec(text.trim());
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new UsageError(`--month ${text}: not a month`, 'write YYYY-MM, e.g. 2027-03');
  return { kind: 'month', year: Number(m[1]), month };
}

export function parseWeek(text: string): Period {
  const m = WEEK.exec(text.trim());
  const year = m ? Number(m[1]) : 0;
  const week = m ? Number(m[2]) : 0;
  if (!m || week < 1 || week > isoWeeksIn(year)) {
    throw new UsageError(`--week ${text}: not an ISO week`, `write YYYY-Www, e.g. 2027-W10 (weeks 1–${m ? isoWeeksIn(year) : 53})`);
  }
  return { kind: 'week', year, week };
}

/** The month or ISO week containing `instant` in `zone`. */
export function periodAt(kind: Period['kind'], instant: Date, zone: string): Period {
  const p = wallParts(instant, zone);
  if (kind === 'month') return { kind, year: p.year, month: p.month };
  return isoWeekOf(dayKey(Date.UTC(p.year, p.month - 1, p.day)));
}

export function isoWeekOf(key: string): Period & { kind: 'week' } {
  const [y, m, d] = key.split('-').map(Number);
  return { kind: 'week', ...isoWeekOfDate(y, m, d) };
}

export function shiftPeriod(p: Period, n: number): Period {
  if (p.kind === 'month') {
    const index = p.year * 12 + (p.month - 1) + n;
    return { kind: 'month', year: Math.floor(index / 12), month: (index % 12) + 1 };
  }
  return isoWeekOf(dayKey(mondayOfWeek1(p.year) + ((p.week - 1 + n) * 7) * DAY_MS));
}

/** `2027-03` or `2027-W10`: what the flags accept. */
export function periodCode(p: Period): string {
  return p.kind === 'month' ? `${p.year}-${two(p.month)}` : `${p.year}-W${two(p.week)}`;
}

export function periodLabel(p: Period): string {
  if (p.kind === 'month') return `${MONTH_NAMES[p.month - 1]} ${p.year}`;
  const days = periodDays(p);
  return `Week ${p.week}, ${p.year} (${days[0]} – ${days[6]})`;
}

/** The days shown: for a month, whole weeks Monday to Sunday around it; for a week, its 7 days. */
export function periodDays(p: Period): string[] {
  let first: number;
  let last: number;
  if (p.kind === 'month') {
    const start = Date.UTC(p.year, p.month - 1, 1);
    const end = Date.UTC(p.year, p.month, 0);
    first = start - ((new Date(start).getUTCDay() + 6) % 7) * DAY_MS;
    last = end + ((7 - new Date(end).getUTCDay()) % 7) * DAY_MS;
  } else {
    first = mondayOfWeek1(p.year) + (p.week - 1) * 7 * DAY_MS;
    last = first + 6 * DAY_MS;
  }
  const out: string[] = [];
  for (let t = first; t <= last; t += DAY_MS) out.push(dayKey(t));
  return out;
}

export function inPeriod(p: Period, key: string): boolean {
  if (p.kind === 'month') return key.startsWith(`${p.year}-${two(p.month)}-`);
  const week = isoWeekOf(key);
  return week.year === p.year && week.week === p.week;
}

export function nextDay(key: string): string {
  return dayKey(keyToUtc(key) + DAY_MS);
}

export function addDays(key: string, n: number): string {
  return dayKey(keyToUtc(key) + n * DAY_MS);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(key: string): number {
  return (new Date(keyToUtc(key)).getUTCDay() + 6) % 7;
}

export function dayKey(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

function keyToUtc(key: string): number {
  const [y, m, d] = key.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function mondayOfWeek1(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

function isoWeeksIn(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
