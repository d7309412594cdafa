import type { Campaign, Post } from '../../calendar/model.js';
import { formatDay } from '../../calendar/time.js';
import { nextDay } from './period.js';

// Which days of a running campaign count as "no post" (∅). Marking every empty day buries a
// weekly campaign in marks, so a gap is measured against the campaign's own cadence: the median
// spacing of its posts in days (rounded down; a week when it has fewer than two post days). A
// day is a gap when it falls a whole number of cadences after the previous post (or before the
// first post) and the next post is at least a cadence away, i.e. where the next post was due.
// Milestone days without a post are gaps too; a campaign with no posts at all is marked on its
// first day and on its milestones only.

const DEFAULT_CADENCE = 7;

export function campaignGapDays(campaign: Campaign, posts: readonly Post[], zone: string): Set<string> {
  const gaps = new Set<string>();
  if (!campaign.starts || !campaign.ends) return gaps;
  const first = formatDay(campaign.starts, zone);
  const last = formatDay(campaign.ends, zone);
  const postDays = [...new Set(posts.filter((p) => p.campaign === campaign.id).map((p) => formatDay(p.at, zone)))].sort().map(dayNumber);
  const milestones = new Set(campaign.milestones.map((m) => formatDay(m.at, zone)));
  const cadence = cadenceOf(postDays);
  for (let key = first; key <= last; key = nextDay(key)) {
    const d = dayNumber(key);
    if (postDays.includes(d)) continue;
    const prev = postDays.filter((p) => p < d).at(-1);
    const next = postDays.find((p) => p > d);
    const due =
      postDays.length === 0
        ? key === first
        : prev !== undefined
          ? (d - prev) % cadence === 0 && (next === undefined || next - d >= cadence)
          : (next! - d) % cadence === 0;
    if (due || milestones.has(key)) gaps.add(key);
  }
  return gaps;
}

function cadenceOf(days: number[]): number {
  if (days.length < 2) return DEFAULT_CADENCE;
  const spacing = days.slice(1).map((d, i) => d - days[i]).sort((a, b) => a - b);
  return Math.max(1, spacing[Math.floor((spacing.length - 1) / 2)]);
}

function dayNumber(key: string): number {
  return Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))) / 86_400_000;
}
