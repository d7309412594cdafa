import type { Calendar, Post } from '../calendar/model.js';
import { resolveMilestoneTime } from '../calendar/milestones.js';
import { CATALOGUE } from '../calendar/problems.js';
import { formatWall, parseRelativeTime, parseWallTime } from '../calendar/time.js';

// Where a dragged post lands: the new `at` as the file should say it, in the post's own zone.
// A time the clocks skip or repeat is refused with the words `check` uses; a time relative to
// a milestone stays relative when the move is whole days or hours away from it, else the
// person is asked whether to write a fixed time instead.

export interface MoveTarget {
  /** The day dropped on, in the calendar's zone. */
  day: string;
  /** HH:MM in the calendar's zone; the post keeps its time of day when absent. */
  time?: string;
  /** Write a fixed time even when the post was relative to a milestone. */
  absolute?: boolean;
}

export type MoveResult =
  | { ok: true; at: string; local: string }
  | { ok: false; reason: 'time'; message: string; hint?: string }
  /** The post is relative to a milestone and the new time is not a whole number of days or hours from it. */
  | { ok: false; reason: 'relative'; message: string; milestone: string; absolute: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function movePost(calendar: Calendar, post: Post, target: MoveTarget): MoveResult {
  const calendarZone = calendar.config.timezone;
  if (!DAY.test(target.day) || (target.time !== undefined && !TIME.test(target.time))) {
    return { ok: false, reason: 'time', message: `"${target.day} ${target.time ?? ''}" is not a day and time`, hint: 'give YYYY-MM-DD and HH:MM' };
  }
  const dropped = `${target.day} ${target.time ?? formatWall(post.at, calendarZone).slice(11)}`;
  const refusal = refuse(dropped, calendarZone);
  if (refusal) return refusal;
  // The file speaks in the post's own zone; the grid in the calendar's.
  const zone = post.timezone;
  const wall = zone === calendarZone ? dropped : formatWall(parseInstant(dropped, calendarZone), zone);
  const ownRefusal = refuse(wall, zone);
  if (ownRefusal) return ownRefusal;
  const local = formatWall(parseInstant(wall, zone), calendarZone);

  const campaign = post.campaign ? calendar.campaigns.get(post.campaign) : undefined;
  const relative = post.campaign ? resolveMilestoneTime(post.atText, campaign, zone) : undefined;
  if (!relative?.ok || target.absolute) return { ok: true, at: wall, local };
  const milestoneId = parseRelativeTime(post.atText)!.milestone;
  const milestone = campaign!.milestones.find((m) => m.id === milestoneId)!;
  const offset = wallMs(wall) - wallMs(formatWall(milestone.at, zone));
  const unit = offset % DAY_MS === 0 ? { ms: DAY_MS, name: 'd' } : offset % HOUR_MS === 0 ? { ms: HOUR_MS, name: 'h' } : undefined;
  if (!unit) {
    return {
      ok: false,
      reason: 'relative',
      milestone: milestoneId,
      absolute: wall,
      message: `${post.id} is timed relative to milestone "${milestoneId}" (${post.atText}); ${wall} is not a whole number of days or hours from it`,
    };
  }
  const at = offset === 0 ? milestoneId : `${milestoneId} ${offset < 0 ? '-' : '+'} ${Math.abs(offset) / unit.ms}${unit.name}`;
  return { ok: true, at, local };
}

function refuse(wall: string, zone: string): MoveResult | undefined {
  const t = parseWallTime(wall, zone);
  if (t.ok) return undefined;
  if (t.reason === 'gap') {
    const d = { text: wall, zone, suggestion: t.suggestion };
    return { ok: false, reason: 'time', message: CATALOGUE['time-gap'].message(d), hint: CATALOGUE['time-gap'].hint(d) };
  }
  if (t.reason === 'ambiguous') {
    const d = { text: wall, zone, first: t.first, second: t.second };
    return { ok: false, reason: 'time', message: CATALOGUE['time-ambiguous'].message(d), hint: CATALOGUE['time-ambiguous'].hint(d) };
  }
  return { ok: false, reason: 'time', message: `"${wall}" is not a time in ${zone}`, hint: 'give YYYY-MM-DD and HH:MM' };
}

function parseInstant(wall: string, zone: string): Date {
  const t = parseWallTime(wall, zone);
  if (!t.ok) throw new Error(`${wall} in ${zone} was checked before and must exist`);
  return t.instant;
}

/** A wall time's clock reading as if it were UTC, for differences on the wall clock. */
function wallMs(wall: string): number {
  return Date.parse(`${wall.replace(' ', 'T')}:00Z`);
}
