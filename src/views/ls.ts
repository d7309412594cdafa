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
    p.channels.map((c) => (p.published[c] ? `${c}(${p.published[c]})` : c)).join(','),
    p.campaign ?? '',
    p.status,
    p.id,
    p.text.replace(/\s+/g, ' ').trim(),
  ]);
  return out + renderTable([`time (${timezone})`, 'accounts', 'campaign', 'status', 'id', 'text'], rows, width);
}
