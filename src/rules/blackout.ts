import { z } from 'zod';
import { channelAt, channelPath } from '../calendar/stagger.js';
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
      if (b.tags && !post.tags.some((t) => b.tags!.includes(t))) continue;
      // Each channel at its own time (a stagger); channels found at one field are reported together.
      const byPath = new Map<string, { path: (string | number)[]; accounts: string[] }>();
      for (const account of post.channels) {
        if (b.accounts && !b.accounts.includes(account)) continue;
        const at = channelAt(post, account);
        if (at < b.from || at > b.to) continue;
        const path = channelPath(post, account);
        const key = path.join('.');
        const hit = byPath.get(key);
        if (hit) hit.accounts.push(account);
        else byPath.set(key, { path, accounts: [account] });
      }
      for (const { path, accounts } of byPath.values()) {
        ctx.report({
          post,
          path,
          messageId: 'inBlackout',
          data: { name: b.name, from: b.fromText, to: b.toText, accounts: accounts.join(', '), why: b.reason ? ` (${b.reason})` : '' },
        });
      }
    }
  }
}
