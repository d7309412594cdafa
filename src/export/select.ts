import type { Calendar, Post } from '../calendar/model.js';
import { filterPosts, type PostFilter } from '../calendar/query.js';

// Which posts an export includes: everything, or what the flags select.

export type ExportFilter = Pick<PostFilter, 'accounts' | 'campaigns' | 'tags' | 'from' | 'to'>;

export function exportPosts(calendar: Calendar, filter: ExportFilter = {}): Post[] {
  return filterPosts(calendar.posts, filter);
}

/** The text on one line, cut to about `words` words (read no further than it needs: posts can be long). */
export function firstWords(text: string, words = 8): string {
  const found: string[] = [];
  const word = /\S+/g;
  for (let m = word.exec(text); m && found.length <= words; m = word.exec(text)) found.push(m[0]);
  return found.length > words ? `${found.slice(0, words).join(' ')}…` : found.join(' ');
}
