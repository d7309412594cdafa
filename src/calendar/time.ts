// Wall times in IANA zones, with daylight-saving gaps and repeats made explicit.

export type WallTime =
  | { ok: true; instant: Date }
  | { ok: false; reason: 'format' }
  | { ok: false; reason: 'offset'; offset: string }
  | { ok: false; reason: 'zone'; suggestion?: string }
  | { ok: false; reason: 'gap'; suggestion: string }
  | { ok: false; reason: 'ambiguous'; first: string; second: string };

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

const zoneCache = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = zoneCache.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = zone.length > 0 && !/^[+-]?\d/.test(zone);
    } catch {
      valid = false;
    }
    zoneCache.set(zone, valid);
  }
  return valid;
}

export function zoneNames(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
// Real transitions fall on quarter hours (UTC), so one lookup per zone and quarter hour is exact.
const QUARTER_HOUR_MS = 900_000;

/**
 * Offset of `zone` from UTC at `instant`, in ms. Computed with Intl rather than date-fns-tz,
 * whose getTimezoneOffset is off by an hour inside the hour after a spring-forward change.
 */
export function offsetAt(zone: string, instant: number): number {
  // A UTC day whose first and last quarter hour have the same offset has it all day (zones
  // change at most a few times a year, never twice and back within a day): one entry a day.
  const day = Math.floor(instant / DAY_MS);
  let byQuarter = offsets.get(zone);
  let byDay = dayOffsets.get(zone);
  if (!byQuarter || !byDay) {
    offsets.set(zone, (byQuarter = new Map()));
    dayOffsets.set(zone, (byDay = new Map()));
  }
  const whole = byDay.get(day);
  if (whole !== undefined && whole !== CHANGES) return whole;
  if (whole === undefined) {
    const first = quarterOffset(zone, day * QUARTERS_A_DAY, byQuarter);
    const last = quarterOffset(zone, (day + 1) * QUARTERS_A_DAY - 1, byQuarter);
    byDay.set(day, first === last ? first : CHANGES);
    if (first === last) return first;
  }
  return quarterOffset(zone, Math.floor(instant / QUARTER_HOUR_MS), byQuarter);
}

const dayOffsets = new Map<string, Map<number, number>>();
/** Marks a day on which the offset changes: its quarter hours are looked up one by one. */
const CHANGES = Number.POSITIVE_INFINITY;

const QUARTERS_A_DAY = DAY_MS / QUARTER_HOUR_MS;

/** The offset at the start of a quarter hour, cached. */
function quarterOffset(zone: string, quarter: number, byQuarter: Map<number, number>): number {
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    let format = formatters.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      formatters.set(zone, format);
    }
    const start = quarter * QUARTER_HOUR_MS;
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(start))) p[part.type] = Number(part.value);
    offset = utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - start;
    byQuarter.set(quarter, offset);
  }
  return offset;
}

/**
 * Reads `YYYY-MM-DD[ HH:MM[:SS]][offset]` as a wall time in `zone`.
 * A date alone means midnight. An explicit offset (or Z) wins over the zone.
 */
export function parseWallTime(text: string, zone: string): WallTime {
  const m = WALL.exec(text.trim());
  if (!m) return { ok: false, reason: 'format' };
  const [, y, mo, d, h = '0', mi = '0', s = '0', offset] = m;
  const parts = [+y, +mo, +d, +h, +mi, +s];
  const wall = utcMs(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== parts[1] - 1 ||
    check.getUTCDate() !== parts[2] ||
    parts[3] > 23 ||
    parts[4] > 59 ||
    parts[5] > 59
  ) {
    return { ok: false, reason: 'format' };
  }
  if (offset) {
    const ms = parseOffset(offset);
    if (ms === undefined) return { ok: false, reason: 'offset', offset };
    return { ok: true, instant: new Date(wall - ms) };
  }
  if (!isValidZone(zone)) return { ok: false, reason: 'zone' };

  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  if (before === after && offsetAt(zone, wall - before) === before) {
    return { ok: true, instant: new Date(wall - before) };
  }
  const candidates = [...new Set([before, after, offsetAt(zone, wall)])]
    .map((o) => wall - o)
    .filter((instant) => instant + offsetAt(zone, instant) === wall)
    .sort((a, b) => a - b);
  const unique = [...new Set(candidates)];
  if (unique.length === 1) return { ok: true, instant: new Date(unique[0]) };
  if (unique.length === 0) {
    // Shift forward by the gap's length: what a clock that skipped the hour would show.
    return { ok: false, reason: 'gap', suggestion: formatWall(new Date(wall - before), zone) };
  }
  const stamp = text.trim().replace('T', ' ');
  return {
    ok: false,
    reason: 'ambiguous',
    first: `${stamp}${formatOffset(wall - unique[0])}`,
    second: `${stamp}${formatOffset(wall - unique[unique.length - 1])}`,
  };
}

// Offsets in use run from -12:00 (Baker Island) to +14:00 (Kiribati); anything past them is a typo.
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

/** An offset like `+01:00`, `-0530` or `Z` in ms; undefined when out of range. */
function parseOffset(offset: string): number | undefined {
  if (offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(2, 4));
  const total = sign * (Number(digits.slice(0, 2)) * 60 + minutes);
  if (minutes > 59 || total < MIN_OFFSET_MINUTES || total > MAX_OFFSET_MINUTES) return undefined;
  return total * 60_000;
}

export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60_000;
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** The wall clock in `zone` at `instant`. */
export function wallParts(instant: Date, zone: string): WallParts {
  return wallPartsAt(instant, offsetAt(zone, instant.getTime()));
}

/** The wall clock at `instant` for a known UTC offset (ms), for callers that cache offsets. */
export function wallPartsAt(instant: Date, offset: number): WallParts {
  const shifted = new Date(instant.getTime() + offset);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

/** The ISO 8601 week of a civil date: weeks start on Monday and the week's Thursday decides its year. */
export function isoWeekOfDate(year: number, month: number, day: number): { year: number; week: number } {
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(date + (3 - weekday) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  return { year: isoYear, week: Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1 };
}

/**
 * The wall time `offsetMs` away from `instant` on `zone`'s clock, as `YYYY-MM-DD HH:MM`:
 * offsets move the wall clock, so `launch - 1d` keeps the hour across a DST change.
 * Undefined when the result leaves the years 0001–9999 that a wall time can be written in.
 */
export function shiftWall(instant: Date, offsetMs: number, zone: string): string | undefined {
  const p = wallParts(instant, zone);
  const shifted = utcMs(p.year, p.month, p.day, p.hour, p.minute, 0) + offsetMs;
  if (!(shifted >= FIRST_WALL_MS && shifted < AFTER_LAST_WALL_MS)) return undefined;
  const w = wallPartsAt(new Date(shifted), 0);
  return `${String(w.year).padStart(4, '0')}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** Date.UTC for a civil time (month 1–12), without its reading of years 0–99 as 1900–1999. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return year >= 0 && year < 100 ? new Date(ms).setUTCFullYear(year, month - 1, day) : ms;
}

const FIRST_WALL_MS = utcMs(1, 1, 1, 0, 0, 0);
const AFTER_LAST_WALL_MS = Date.UTC(10000, 0, 1);

/** The instant a civil day starts in `zone` (the first existing minute when midnight is skipped). */
export function startOfDay(key: string, zone: string): Date {
  const r = parseWallTime(key, zone);
  if (r.ok) return r.instant;
  if (r.reason === 'gap') {
    const shifted = parseWallTime(r.suggestion, zone);
    if (shifted.ok) return shifted.instant;
  }
  if (r.reason === 'ambiguous') {
    const first = parseWallTime(r.first, zone);
    if (first.ok) return first.instant;
  }
  throw new Error(`cannot find the start of ${key} in ${zone}`);
}

/** The last millisecond of civil day `YYYY-MM-DD` in `zone`: just before the next day starts. */
export function endOfDay(key: string, zone: string): Date {
  const [y, m, d] = key.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return new Date(startOfDay(next, zone).getTime() - 1);
}

/** `YYYY-MM-DD HH:MM` in `zone`. */
export function formatWall(instant: Date, zone: string): string {
  const p = wallParts(instant, zone);
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** `YYYY-MM-DD` in `zone`. */
export function formatDay(instant: Date, zone: string): string {
  const p = wallParts(instant, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

/** Reads a duration like `30m`, `6h`, `2d`, `1w` into ms; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

const RELATIVE = /^([A-Za-z][\w.-]*)\s*(?:([+-])\s*(\d+(?:\.\d+)?\s*(?:m|min|h|d|w)))?$/;

/** `launch - 2d` → { milestone: 'launch', offsetMs: -172800000 }; undefined when not relative. */
export function parseRelativeTime(text: string): { milestone: string; offsetMs: number } | undefined {
  const m = RELATIVE.exec(text.trim());
  if (!m) return undefined;
  const amount = m[3] ? parseDuration(m[3])! : 0;
  return { milestone: m[1], offsetMs: m[2] === '-' ? -amount : amount };
}

/** `YYYY-MM-DD HH:MM` in `zone` that reads back as the same instant: with the offset in a repeated hour. */
export function wallText(instant: Date, zone: string): string {
  const wall = formatWall(instant, zone);
  const back = parseWallTime(wall, zone);
  return back.ok && back.instant.getTime() === instant.getTime() ? wall : `${wall}${formatOffset(offsetAt(zone, instant.getTime()))}`;
}
