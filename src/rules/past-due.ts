import { z } from 'zod';
import { channelAt } from '../calendar/stagger.js';
import { formatWall } from '../calendar/time.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

export const meta: RuleMeta<typeof options> = {
  id: 'past-due',
  description: 'Ready posts whose time (plus the publish grace period) has passed without being published, and drafts whose time has passed.',
  severity: 'warn',
  options,
  reach: () => 0,
  messages: {
    missed: 'was due {{at}} and is not published on {{accounts}}',
    draft: 'still a {{status}}, but its time {{at}} has passed',
  },
  hints: {
    missed: 'reschedule it (change `at`), or delete it if it no longer matters; check the publish job\'s logs',
    draft: 'reschedule it, or delete it',
  },
  docs: {
    bad: `at: 2026-01-12 10:00   # checked in March 2026, never published\nstatus: ready`,
    good: `at: 2026-04-02 10:00\nstatus: ready`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const { calendar, ledger } = ctx;
  const grace = calendar.config.publish.graceMinutes * 60_000;
  for (const post of calendar.posts) {
    // Posts are in time order: nothing after this is past.
    if (!ctx.passed(post.at)) break;
    const at = formatWall(post.at, calendar.config.timezone);
    if (post.status === 'draft') {
      ctx.report({ post, path: ['at'], messageId: 'draft', data: { status: post.status, at } });
      continue;
    }
    if (post.status !== 'ready' || !ctx.passed(post.at.getTime() + grace)) continue;
    // A staggered channel is only missed once its own time plus the grace period has passed.
    const missing = post.channels.filter((account) => !ledger?.status(post.id, account) && ctx.passed(channelAt(post, account).getTime() + grace));
    if (missing.length > 0) ctx.report({ post, path: ['at'], messageId: 'missed', data: { at, accounts: missing.join(', ') } });
  }
}
