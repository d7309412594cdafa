import type { Calendar, Feed } from '../calendar/model.js';
import { addUtm } from '../calendar/render.js';
import { formatDay, parseWallTime, wallText } from '../calendar/time.js';
import { slugify } from '../commands/new.js';
import { postPath } from '../scaffold/post-file.js';
import type { FeedEntry } from './entries.js';

// A feed entry → the draft post it becomes: the feed's template filled in, UTM on the link,
// the source in `notes`, queued when the feed names a queue, else timed the next day.

export interface CuratedDraft {
  feed: string;
  entry: FeedEntry;
  id: string;
  path: string;
  data: Record<string, unknown>;
}

export function draftText(feed: Feed, entry: FeedEntry): string {
  const link = entry.link && Object.keys(feed.utm).length ? addUtm(entry.link, feed.utm) : entry.link;
  const values: Record<string, string> = { title: entry.title, link, summary: entry.summary };
  return feed.text.replace(/\{(title|link|summary)\}/g, (_, key: string) => values[key]).trim();
}

/** The id base for an entry: the feed's name and the entry title's first words. */
export function draftIdBase(feed: Feed, entry: FeedEntry): string {
  return `${slugify(feed.name)}-${slugify(entry.title || entry.link)}`;
}

/** When a draft without a queue is timed: the day after `now`, at the feed's local time, plus `laterMs`. */
export function draftTime(feed: Feed, calendar: Calendar, now: Date, laterMs = 0): { wall: string; instant: Date } {
  const zone = calendar.config.timezone;
  const day = formatDay(new Date(now.getTime() + 86_400_000), zone);
  const wall = `${day} ${feed.time}`;
  const t = parseWallTime(wall, zone);
  // A time inside a DST gap moves to the time a clock shows after it; a repeated hour takes the first.
  const moved = t.ok ? wall : t.reason === 'gap' ? t.suggestion : t.reason === 'ambiguous' ? t.first : `${day} 12:00`;
  const first = t.ok ? t : parseWallTime(moved, zone);
  const instant = new Date((first.ok ? first.instant.getTime() : now.getTime()) + laterMs);
  return { wall: laterMs === 0 ? moved : wallText(instant, zone), instant };
}

export function draftData(feed: Feed, entry: FeedEntry, when: { wall: string } | undefined): Record<string, unknown> {
  return {
    ...(feed.queue ? { queue: feed.queue } : { at: when!.wall }),
    channels: feed.channels,
    ...(feed.campaign ? { campaign: feed.campaign } : {}),
    ...(feed.tags.length ? { tags: feed.tags } : {}),
    ...(feed.pillar ? { pillar: feed.pillar } : {}),
    text: draftText(feed, entry),
    status: 'draft',
    notes: `Curated from feed "${feed.name}": ${entry.title || '(no title)'}\n${entry.link || entry.key}\n`,
  };
}

/** Where the draft's file goes: by its month when timed, under posts/curated/ when queued. */
export function draftPath(id: string, when: { instant: Date } | undefined, zone: string): string {
  return when ? postPath(id, when.instant, zone) : `posts/curated/${id}.yaml`;
}
