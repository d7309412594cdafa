import type { Calendar, Post, PostStatus } from './model.js';
import { endOfDay, parseWallTime } from './time.js';
import { UsageError } from '../errors.js';

// Selecting posts the way users ask for them: by account, campaign, tag, status and time.

export interface PostFilter {
  from?: Date;
  to?: Date;
  accounts?: string[];
  campaigns?: string[];
  tags?: string[];
  statuses?: PostStatus[];
}

export function filterPosts(posts: Post[], f: PostFilter): Post[] {
  return posts.filter(
    (p) =>
      (!f.from || p.at >= f.from) &&
      (!f.to || p.at <= f.to) &&
      (!f.accounts?.length || p.channels.some((c) => f.accounts!.includes(c))) &&
      (!f.campaigns?.length || (p.campaign !== undefined && f.campaigns.includes(p.campaign))) &&
      (!f.tags?.length || p.tags.some((t) => f.tags!.includes(t))) &&
      (!f.statuses?.length || f.statuses.includes(p.status)),
  );
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

/** Checks that names given on the command line exist, with a did-you-mean style hint. */
export function checkNames(flag: string, given: string[] | undefined, known: Iterable<string>): void {
  const set = new Set(known);
  for (const name of given ?? []) {
    if (!set.has(name)) throw new UsageError(`${flag} ${name}: no such name in this calendar`, `known: ${[...set].join(', ') || '(none)'}`);
  }
}

export function commaList(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

export function calendarAccounts(calendar: Calendar): string[] {
  return Object.keys(calendar.config.accounts);
}
