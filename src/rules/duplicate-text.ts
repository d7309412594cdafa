import { z } from 'zod';
import type { Post } from '../calendar/model.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({
  days: z.number().positive().default(30),
});

export const meta: RuleMeta<typeof options> = {
  id: 'duplicate-text',
  description: 'The same text (ignoring case, spacing and links) is not posted twice to one account within a number of days.',
  severity: 'error',
  options,
  messages: {
    duplicate: 'same text as "{{other}}" on {{account}} {{days}} days earlier; repeats need at least {{min}} days',
  },
  hints: {
    duplicate: 'reword it (platforms down-rank and may block repeated text), or space the posts further apart',
  },
  docs: {
    bad: `# posts/a.yaml (2027-01-10) and posts/b.yaml (2027-01-20)\ntext: Join the livestream! https://acme.example/live`,
    good: `# posts/b.yaml\ntext: Last call for the livestream, tomorrow at 18:00. https://acme.example/live`,
  },
};

const URL = /https?:\/\/\S+/g;

export function normalizeText(text: string): string {
  return text.replace(URL, ' ').toLowerCase().replace(/\s+/g, ' ').trim();
}

const DAY_MS = 86_400_000;

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const windowMs = ctx.options.days * DAY_MS;
  for (const [account, posts] of ctx.postsByAccount()) {
    const last = new Map<string, Post>();
    for (const post of posts) {
      const rendered = ctx.rendered(post).find((r) => r.account.name === account);
      if (!rendered) continue;
      const item = rendered.items[0];
      const key = normalizeText(item.text);
      if (key === '') continue;
      const earlier = last.get(key);
      if (earlier && post.at.getTime() - earlier.at.getTime() < windowMs) {
        const days = Math.floor((post.at.getTime() - earlier.at.getTime()) / DAY_MS);
        ctx.report({ post, path: item.path, messageId: 'duplicate', data: { other: earlier.id, account, days, min: ctx.options.days } });
      }
      last.set(key, post);
    }
  }
}
