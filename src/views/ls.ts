import type { Freeze } from '../calendar/model.js';
import type { ListedPost } from '../commands/ls.js';
import { freezeLine } from './freezes.js';
import { renderTable, terminalWidth } from './table.js';

// `ls` for a terminal: freezes first, then one row per post.

export interface ListView {
  timezone: string;
  freezes: Freeze[];
  posts: ListedPost[];
  /** Whether the user asked for a range (--all / --from): changes what "nothing" means. */
  ranged: boolean;
}

export function lsText({ timezone, freezes, posts, ranged }: ListView, width = terminalWidth()): string {
  const out = freezes.map((f) => freezeLine(f) + '\n').join('');
  if (posts.length === 0) return out + (ranged ? 'No posts match.\n' : 'No upcoming posts. Use --all to include past posts.\n');
  const rows = posts.map((p) => [
    p.local,
    p.channelTimes.map((t) => channelLabel(p, t)).join(','),
    p.campaign ?? '',
    p.status,
    p.id,
    p.text.replace(/\s+/g, ' ').trim(),
  ]);
  return out + renderTable([`time (${timezone})`, 'accounts', 'campaign', 'status', 'id', 'text'], rows, width);
}

/** `mastodon`, `mastodon(published)`; a staggered channel with its own time: `mastodon@10:45` (`@03-03 00:15` on another day). */
function channelLabel(p: ListedPost, t: ListedPost['channelTimes'][number]): string {
  const state = p.published[t.account] ? `(${p.published[t.account]})` : '';
  if (t.offsetMinutes === 0) return t.account + state;
  const when = t.local.slice(0, 10) === p.local.slice(0, 10) ? t.local.slice(11) : t.local.slice(5);
  return `${t.account}@${when}${state}`;
}
