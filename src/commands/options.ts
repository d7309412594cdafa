import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { didYouMean } from '../calendar/problems.js';
import { endOfDay, isValidZone, parseWallTime, zoneNames } from '../calendar/time.js';
import { UsageError } from '../errors.js';

// Option parsing every command shares: where the calendar is (-C), --now, --from/--to, name
// lists, zones and output paths. A bad value is always a UsageError (exit 2) naming the flag.

/** The folder the user pointed at with -C (default: the current directory); it must exist. */
export function startDir(cmd: Command): string {
  const given = (cmd.optsWithGlobals() as { cwd?: string }).cwd;
  if (!given) return process.cwd();
  const dir = resolve(given);
  if (!isDirectory(dir)) {
    throw new UsageError(`-C ${given}: ${existsSync(dir) ? 'not a folder' : 'no such folder'}`, 'give the calendar repository (the folder with socialcal.yaml, or one inside it)');
  }
  return dir;
}

/**
 * The calendar root: the nearest folder at or above -C (or the current directory) holding a
 * socialcal.yaml, as git and ESLint find theirs. Without one, the starting folder, so the
 * loader reports the missing file there.
 */
export function calendarRoot(cmd: Command): string {
  const start = startDir(cmd);
  return findCalendarRoot(start) ?? start;
}

export function findCalendarRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'socialcal.yaml'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Whether to use the parse cache: on unless the global --no-cache is given. */
export function useCache(cmd: Command): boolean {
  return (cmd.optsWithGlobals() as { cache?: boolean }).cache !== false;
}

/** Parses options with a zod schema; a failure is a usage error naming the flag. */
export function parseOptions<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options';
  throw new UsageError(`${flag}: ${issue.message}`, 'see --help for the accepted values');
}

// A date, or a date and time with Z or an offset: a time without a zone would depend on the machine.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** `--now`: an ISO time (default: the clock). */
export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const date = new Date(value);
  if (!ISO_TIME.test(value.trim()) || Number.isNaN(date.getTime()) || !sameCalendarDay(value.trim(), date)) {
    throw new UsageError(`--now ${value}: not an ISO time`, 'write e.g. 2027-01-20T09:00:00Z (UTC) or 2027-01-20T10:00:00+01:00');
  }
  return date;
}

// `2027-02-30` becomes March 2 in some engines: the written date must survive the round trip.
function sameCalendarDay(value: string, date: Date): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false;
  return new Date(date.getTime() + shift).toISOString().slice(0, 10) === value.slice(0, 10);
}

/**
 * Reads a `--from`/`--to` flag: a date or wall time in the calendar's zone, or `now`.
 * A date alone in `--to` means the end of that day.
 */
export function parseTimeFlag(flag: string, value: string, zone: string, now: Date, end = false): Date {
  if (value === 'now') return now;
  const result = parseWallTime(value, zone);
  if (!result.ok) {
    throw new UsageError(`${flag} ${value}: not a date or time`, 'write YYYY-MM-DD or "YYYY-MM-DD HH:MM" (in the calendar\'s zone), or now');
  }
  return end && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? endOfDay(value.trim(), zone) : result.instant;
}

/** Checks that names given on the command line exist, with a did-you-mean hint. */
export function checkNames(flag: string, given: string[] | undefined, known: Iterable<string>): void {
  const names = [...known];
  for (const name of given ?? []) {
    if (names.includes(name)) continue;
    const suggestion = didYouMean(name, names);
    throw new UsageError(`${flag} ${name}: no such name in this calendar${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, `known: ${names.join(', ') || '(none)'}`);
  }
}

/** An IANA zone flag such as --timezone, with a did-you-mean hint. */
export function checkZone(flag: string, zone: string | undefined): void {
  if (zone === undefined || isValidZone(zone)) return;
  const suggestion = didYouMean(zone, zoneNames());
  throw new UsageError(`${flag} ${zone}: not an IANA time zone${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, 'use a name like Europe/Berlin or America/New_York');
}

export function commaList(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

/** A file to write (-o): its folder must exist and it must not be a folder itself. */
export function outputFile(flag: string, path: string): string {
  const target = resolve(path);
  if (isDirectory(target)) throw new UsageError(`${flag} ${path}: is a folder`, 'give a file name, e.g. calendar.ics');
  if (!isDirectory(dirname(target))) throw new UsageError(`${flag} ${path}: the folder ${dirname(target)} does not exist`, 'create it first, or write somewhere else');
  return target;
}

/** A folder to write into (-o for html, init's dir): it may be new, but must not be a file. */
export function outputDir(flag: string, path: string, base = process.cwd()): string {
  const target = resolve(base, path);
  for (let d = target; ; d = dirname(d)) {
    if (existsSync(d)) {
      if (!isDirectory(d)) throw new UsageError(`${flag} ${path}: ${d === target ? 'is a file, not a folder' : `${d} is a file, not a folder`}`, 'give a folder (it is created if missing)');
      return target;
    }
    if (dirname(d) === d) return target;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
