import { z } from 'zod';
import type { PlatformId } from '../calendar/model.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

/**
 * Platforms that cannot take a thread at all. (Discord and Slack have no replies either, but
 * their thread items go out one after another as separate messages, which reads fine in a channel.)
 */
export const NO_THREADS: readonly PlatformId[] = ['facebook', 'instagram', 'linkedin'];

export const meta: RuleMeta<typeof options> = {
  id: 'threads',
  description: 'Thread items go only to accounts whose platform has reply chains (LinkedIn, Instagram and Facebook Pages have none).',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    unsupported: '{{account}} ({{platform}}) has no reply chains, so this thread of {{count}} item{{plural}} cannot go there',
  },
  hints: {
    unsupported: 'give {{account}} one post without the thread: `overrides: { {{account}}: { thread: [] } }`, or fold the thread into its text',
  },
  docs: {
    bad: `channels: [x, linkedin]\ntext: Five things we learned shipping 2.0 🧵\nthread:\n  - text: 1. Ship smaller.`,
    good: `channels: [x, linkedin]\ntext: Five things we learned shipping 2.0 🧵\nthread:\n  - text: 1. Ship smaller.\noverrides:\n  linkedin:\n    text: Five things we learned shipping 2.0 — 1. Ship smaller. …\n    thread: []`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const post of ctx.calendar.posts) {
    for (const r of ctx.asWritten(post)) {
      if (!NO_THREADS.includes(r.account.platform) || r.items.length < 2) continue;
      const count = r.items.length - 1;
      // The `thread` field the items come from: the post's own, or an override's.
      const path = r.items[1].path.slice(0, -2);
      ctx.report({ post, path, messageId: 'unsupported', data: { account: r.account.name, platform: r.account.platform, count, plural: count === 1 ? '' : 's' } });
    }
  }
}
