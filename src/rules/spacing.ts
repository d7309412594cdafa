import { z } from 'zod';
import { channelAt, channelPath } from '../calendar/stagger.js';
import { own, unknownAccounts } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const minutes = z.number().int().min(0);
const options = z.strictObject({
  minutes: minutes.default(60),
  /** Per-account minimum, by account name. */
  accounts: z.record(z.string(), minutes).default({}),
});

export const meta: RuleMeta<typeof options> = {
  id: 'spacing',
  description: 'Posts on one account are at least a minimum number of minutes apart.',
  severity: 'error',
  options,
  reach: (opts) => Math.max(opts.minutes, ...Object.values(opts.accounts)) * 60_000,
  messages: {
    tooClose: '{{gap}} minutes after "{{other}}" on {{account}}; keep at least {{min}} minutes between posts',
  },
  hints: {
    tooClose: 'move one of the posts, or make it a thread item of the other',
  },
  checkConfig: (opts, config) => unknownAccounts(opts.accounts, config),
  docs: {
    bad: `# posts/a.yaml\nat: 2027-01-12 10:00\n# posts/b.yaml\nat: 2027-01-12 10:20   # same account, 20 minutes later`,
    good: `# posts/a.yaml\nat: 2027-01-12 10:00\n# posts/b.yaml\nat: 2027-01-12 14:00`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const [account, posts] of ctx.postsByAccount()) {
    const min = own(ctx.options.accounts, account) ?? ctx.options.minutes;
    for (let i = 1; i < posts.length; i++) {
      const gapMs = channelAt(posts[i], account).getTime() - channelAt(posts[i - 1], account).getTime();
      if (gapMs >= min * 60_000) continue;
      ctx.report({
        post: posts[i],
        path: channelPath(posts[i], account),
        messageId: 'tooClose',
        data: { gap: Math.floor(gapMs / 60_000), other: posts[i - 1].id, account, min },
      });
    }
  }
}
