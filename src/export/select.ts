import type { Calendar, Post } from '../calendar/model.js';
import { filterPosts, type PostFilter } from '../calendar/query.js';

// Which posts an export includes: everything, or what the flags select.

export type ExportFilter = Pick<PostFilter, 'accounts' | 'campaigns' | 'tags' | 'from' | 'to'>;

export function exportPosts(calendar: Calendar, filter: ExportFilter = {}): Post[] {
  return filterPosts(calendar.posts, filter);
}

/** The text on one line, cut to about `words` words. */
export function firstWords(text: string, words = 8): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ');
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}
