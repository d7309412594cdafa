import type { Calendar, Post, PostStatus } from './model.js';
import { staggerSpan } from './stagger.js';

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
      // A staggered post counts while any of its channels is in the range.
      (!f.from || p.at.getTime() + staggerSpan(p) >= f.from.getTime()) &&
      (!f.to || p.at <= f.to) &&
      (!f.accounts?.length || p.channels.some((c) => f.accounts!.includes(c))) &&
      (!f.campaigns?.length || (p.campaign !== undefined && f.campaigns.includes(p.campaign))) &&
      (!f.tags?.length || p.tags.some((t) => f.tags!.includes(t))) &&
      (!f.statuses?.length || f.statuses.includes(p.status)),
  );
}

export function calendarAccounts(calendar: Calendar): string[] {
  return Object.keys(calendar.config.accounts);
}
