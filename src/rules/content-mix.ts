import { z } from 'zod';
import type { Post } from '../calendar/model.js';
import { isoWeekOfDate, type WallParts } from '../calendar/time.js';
import { tagList } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({
  /** Largest share (0–1) of an account's posts in a week that may be promotional. */
  share: z.number().min(0).max(1).default(0.2),
  tags: tagList.default(['promotional']),
  pillars: tagList.default(['promotion']),
  /** Weeks with fewer posts on an account are not judged. */
  minPosts: z.number().int().min(1).default(5),
});

export const meta: RuleMeta<typeof options> = {
  id: 'content-mix',
  description: 'At most a share (default 20%) of an account\'s posts in a calendar week are promotional.',
  severity: 'warn',
  options,
  // An ISO week, plus the hour a DST change adds.
  reach: () => 7 * 24 * 3_600_000 + 3_600_000,
  messages: {
    tooPromotional: '{{count}} of {{total}} posts on {{account}} in week {{week}} are promotional ({{percent}}%); at most {{max}}%',
  },
  hints: {
    tooPromotional: 'move a promotional post to another week, or add educational or community posts',
  },
  docs: {
    bad: `# week 2027-W02 on bluesky: 5 posts, 2 of them tagged promotional (40%)`,
    good: `# week 2027-W02 on bluesky: 5 posts, 1 tagged promotional (20%)`,
  },
};

/** ISO 8601 week of a local date, e.g. 2027-W02. */
export function isoWeek(p: Pick<WallParts, 'year' | 'month' | 'day'>): string {
  const { year, week } = isoWeekOfDate(p.year, p.month, p.day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const { share, minPosts } = ctx.options;
  const tags = new Set(ctx.options.tags);
  const pillars = new Set(ctx.options.pillars);
  const promotional = (post: Post) => post.tags.some((t) => tags.has(t)) || (post.pillar !== undefined && pillars.has(post.pillar));
  // By local date: many posts share a day (a map by post would live through the whole rule).
  const weeksOfDays = new Map<number, string>();
  const weekOf = (post: Post) => {
    const local = ctx.local(post);
    const day = (local.year * 100 + local.month) * 100 + local.day;
    let w = weeksOfDays.get(day);
    if (w === undefined) weeksOfDays.set(day, (w = isoWeek(local)));
    return w;
  };
  for (const [account, posts] of ctx.postsByAccount()) {
    // In time order, so each week is one run.
    let start = 0;
    while (start < posts.length) {
      const week = weekOf(posts[start]);
      let end = start + 1;
      while (end < posts.length && weekOf(posts[end]) === week) end++;
      const total = end - start;
      const promo = posts.slice(start, end).filter(promotional);
      const allowed = Math.floor(share * total + 1e-9);
      if (total >= minPosts && promo.length > allowed) {
        // Reported on the first promotional post past the allowed share.
        const post = promo[allowed];
        const path = post.tags.some((t) => tags.has(t)) ? ['tags', post.tags.findIndex((t) => tags.has(t))] : ['pillar'];
        ctx.report({
          post,
          path,
          messageId: 'tooPromotional',
          data: { count: promo.length, total, account, week, percent: Math.round((promo.length / total) * 100), max: Math.round(share * 100) },
        });
      }
      start = end;
    }
  }
}
