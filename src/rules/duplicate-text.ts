import { z } from 'zod';
import type { Post } from '../calendar/model.js';
import { overrideFor } from '../calendar/render.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({
  days: z.number().positive().default(30),
});

export const meta: RuleMeta<typeof options> = {
  id: 'duplicate-text',
  description: 'The same text (ignoring case, spacing and links) is not posted twice to one account within a number of days.',
  severity: 'error',
  options,
  reach: (opts) => opts.days * 86_400_000,
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

const LINK = /https?:\/\/\S+/g;
// Only runs that are not already a single space: most of a text stays untouched.
const SPACES = /\s{2,}|[^\S ]/g;

export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  return (lower.includes('://') ? lower.replace(LINK, ' ') : lower).replace(SPACES, ' ').trim();
}

const DAY_MS = 86_400_000;

// Texts seen lately and their normal form, across runs: `schedule` runs this rule on the same
// posts for every slot it tries, and normalizing was most of its time. Bounded, for `serve`.
const normalized = new Map<string, string>();
const MAX_NORMALIZED = 100_000;

function normalize(text: string): string {
  let n = normalized.get(text);
  if (n === undefined) {
    if (normalized.size >= MAX_NORMALIZED) normalized.clear();
    normalized.set(text, (n = normalizeText(text)));
  }
  return n;
}

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const windowMs = ctx.options.days * DAY_MS;
  for (const [account, posts] of ctx.postsByAccount()) {
    const last = new Map<string, Post>();
    for (const post of posts) {
      // The text as written: UTM parameters only touch links, which do not count here.
      const found = overrideFor(post, ctx.calendar.config.accounts[account]);
      const own = found?.override.text !== undefined;
      const text = own ? found!.override.text! : post.text;
      const key = normalize(text);
      if (key === '') continue;
      const earlier = last.get(key);
      // A repeating post's own occurrences say the same thing on purpose.
      const ownRepeat = earlier?.series !== undefined && earlier.series === post.series;
      if (earlier && !ownRepeat && post.at.getTime() - earlier.at.getTime() < windowMs) {
        const days = Math.floor((post.at.getTime() - earlier.at.getTime()) / DAY_MS);
        ctx.report({ post, path: own ? ['overrides', found!.key, 'text'] : ['text'], messageId: 'duplicate', data: { other: earlier.id, account, days, min: ctx.options.days } });
      }
      last.set(key, post);
    }
  }
}
