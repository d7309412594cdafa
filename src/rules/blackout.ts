import { z } from 'zod';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

export const meta: RuleMeta<typeof options> = {
  id: 'blackout',
  description: 'No post falls inside a blackout from socialcal.yaml that applies to its tags and accounts.',
  severity: 'error',
  scope: 'post',
  options,
  reach: () => 0,
  messages: {
    inBlackout: 'scheduled during blackout "{{name}}" ({{from}} to {{to}}) on {{accounts}}',
  },
  hints: {
    inBlackout: 'move the post outside the blackout{{why}}',
  },
  docs: {
    bad: `# socialcal.yaml: blackouts: [{ name: Earnings, from: 2027-01-25, to: 2027-01-29, tags: [promotional] }]\nat: 2027-01-27 10:00\ntags: [promotional]`,
    good: `at: 2027-02-01 10:00\ntags: [promotional]`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const { blackouts } = ctx.calendar.config;
  if (blackouts.length === 0) return;
  for (const post of ctx.calendar.posts) {
    if (post.status === 'idea') continue;
    for (const b of blackouts) {
      if (post.at < b.from || post.at > b.to) continue;
      if (b.tags && !post.tags.some((t) => b.tags!.includes(t))) continue;
      const accounts = b.accounts ? post.channels.filter((c) => b.accounts!.includes(c)) : post.channels;
      if (accounts.length === 0) continue;
      ctx.report({
        post,
        path: ['at'],
        messageId: 'inBlackout',
        data: { name: b.name, from: b.fromText, to: b.toText, accounts: accounts.join(', '), why: b.reason ? ` (${b.reason})` : '' },
      });
    }
  }
}
