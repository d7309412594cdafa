import { z } from 'zod';
import { channelPath } from '../calendar/stagger.js';
import { own, unknownAccounts } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const max = z.number().int().min(1);
const options = z.strictObject({
  max: max.default(5),
  /** Per-account maximum, by account name. */
  accounts: z.record(z.string(), max).default({}),
});

export const meta: RuleMeta<typeof options> = {
  id: 'daily-limit',
  description: 'An account gets at most a number of posts per day (in the calendar\'s time zone).',
  severity: 'error',
  options,
  // A local day is at most 25 hours long (the day clocks go back).
  reach: () => 25 * 3_600_000,
  messages: {
    tooMany: '{{account}} has {{count}} posts on {{day}}; at most {{max}} a day',
  },
  hints: {
    tooMany: 'move this post to another day',
  },
  checkConfig: (opts, config) => unknownAccounts(opts.accounts, config),
  docs: {
    bad: `# six posts to bluesky on 2027-01-12, daily-limit max 5`,
    good: `# five posts on 2027-01-12, the sixth on 2027-01-13`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const [account, posts] of ctx.postsByAccount()) {
    const max = own(ctx.options.accounts, account) ?? ctx.options.max;
    // Posts are in time order, so each local day is one run.
    let start = 0;
    while (start < posts.length) {
      const day = dayOf(ctx, posts[start], account);
      let end = start + 1;
      while (end < posts.length && dayOf(ctx, posts[end], account) === day) end++;
      const count = end - start;
      for (let i = start + max; i < end; i++) {
        ctx.report({ post: posts[i], path: channelPath(posts[i], account), messageId: 'tooMany', data: { account, count, day: dayText(ctx, posts[i], account), max } });
      }
      start = end;
    }
  }
}

/** The local day as a number (YYYYMMDD): compared for every post, written out only for a finding. */
function dayOf(ctx: RuleContext, post: Parameters<RuleContext['local']>[0], account: string): number {
  const p = ctx.local(post, account);
  return (p.year * 100 + p.month) * 100 + p.day;
}

function dayText(ctx: RuleContext, post: Parameters<RuleContext['local']>[0], account: string): string {
  const p = ctx.local(post, account);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
