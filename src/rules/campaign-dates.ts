import { z } from 'zod';
import { channelAt, channelPath } from '../calendar/stagger.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

export const meta: RuleMeta<typeof options> = {
  id: 'campaign-dates',
  description: 'A campaign\'s posts fall between its starts and ends dates.',
  severity: 'error',
  scope: 'post',
  options,
  reach: () => 0,
  messages: {
    beforeStart: 'before campaign "{{campaign}}" starts ({{starts}})',
    afterEnd: 'after campaign "{{campaign}}" ends ({{ends}})',
  },
  hints: {
    beforeStart: 'move the post, change the campaign\'s `starts`, or take it out of the campaign',
    afterEnd: 'move the post, change the campaign\'s `ends`, or take it out of the campaign',
  },
  docs: {
    bad: `# campaigns/winter-launch.yaml: starts: 2027-01-04, ends: 2027-01-22\ncampaign: winter-launch\nat: 2027-01-23 11:30`,
    good: `campaign: winter-launch\nat: 2027-01-22 16:00`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const post of ctx.calendar.posts) {
    if (post.status === 'idea' || !post.campaign) continue;
    const c = ctx.calendar.campaigns.get(post.campaign);
    if (!c) continue;
    if (c.starts && post.at < c.starts) {
      ctx.report({ post, path: ['at'], messageId: 'beforeStart', data: { campaign: c.id, starts: c.startsText ?? '' } });
    } else if (c.ends) {
      // The last channel of a stagger goes out latest.
      const late = post.channels.find((account) => channelAt(post, account) > c.ends!);
      if (late !== undefined) ctx.report({ post, path: channelPath(post, late), messageId: 'afterEnd', data: { campaign: c.id, ends: c.endsText ?? '' } });
    }
  }
}
