import type { Campaign } from './model.js';
import { parseRelativeTime, shiftWall } from './time.js';

// Times relative to a campaign milestone (`launch - 2d`), resolved the same way by the loader
// and by `new`.

export type MilestoneTime =
  /** The wall time the offset lands on, to be read in the post's zone. */
  | { ok: true; wall: string }
  | { ok: false; reason: 'milestone'; milestone: string }
  | { ok: false; reason: 'range'; milestone: string };

/**
 * `launch - 2d` in `campaign` as a wall time in `zone`; undefined when `text` is not relative.
 * The offset moves the wall clock, so the hour stays across a daylight-saving change.
 */
export function resolveMilestoneTime(text: string, campaign: Campaign | undefined, zone: string): MilestoneTime | undefined {
  if (/^\d{4}-/.test(text.trim())) return undefined;
  const relative = parseRelativeTime(text);
  if (!relative) return undefined;
  const milestone = campaign?.milestones.find((m) => m.id === relative.milestone);
  if (!milestone) return { ok: false, reason: 'milestone', milestone: relative.milestone };
  const wall = shiftWall(milestone.at, relative.offsetMs, zone);
  return wall === undefined ? { ok: false, reason: 'range', milestone: relative.milestone } : { ok: true, wall };
}
