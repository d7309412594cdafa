import { z } from 'zod';
import type { PlatformId } from '../calendar/model.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

/** Platforms whose adapter publishes a `reply_to:` post as a reply to someone else's post. */
export const REPLY_PLATFORMS: readonly PlatformId[] = ['bluesky', 'mastodon', 'x'];

/** Which platform a post address belongs to; anything else is taken for a fediverse (Mastodon) status. */
export function platformOfUrl(url: string): PlatformId {
  if (/^https?:\/\/(?:(?:www|mobile)\.)?(?:x|twitter)\.com\/[^/]+\/status(?:es)?\/\d+/i.test(url)) return 'x';
  if (/\/profile\/[^/?#]+\/post\/[^/?#]+/.test(url)) return 'bluesky';
  return 'mastodon';
}

export const meta: RuleMeta<typeof options> = {
  id: 'reply-to',
  description: '`reply_to:` posts go only to accounts that can answer that post: Bluesky to Bluesky, X to X, Mastodon to any fediverse status.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    unsupported: '{{account}} ({{platform}}): socialcal cannot publish replies to other posts there, so this answer would go out as a post of its own',
    'other-platform': '{{account}} ({{platform}}) cannot answer a {{target}} post ({{url}})',
  },
  hints: {
    unsupported: 'answer on {{platform}} by hand, or take {{account}} out of channels',
    'other-platform': 'keep only {{target}} accounts in channels for this reply',
  },
  docs: {
    bad: `channels: [bluesky, linkedin]\nreply_to: https://bsky.app/profile/fan.bsky.social/post/3kq2m5yf2xk2a\ntext: Thanks! The fix ships Tuesday.`,
    good: `channels: [bluesky]\nreply_to: https://bsky.app/profile/fan.bsky.social/post/3kq2m5yf2xk2a\ntext: Thanks! The fix ships Tuesday.`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const post of ctx.calendar.posts) {
    if (!post.replyTo) continue;
    const target = platformOfUrl(post.replyTo);
    for (const [i, name] of post.channels.entries()) {
      const account = ctx.calendar.config.accounts[name];
      if (!account) continue;
      const data = { account: name, platform: account.platform, target, url: post.replyTo };
      if (!REPLY_PLATFORMS.includes(account.platform)) ctx.report({ post, path: ['channels', i], messageId: 'unsupported', data });
      else if (account.platform !== target) ctx.report({ post, path: ['channels', i], messageId: 'other-platform', data });
    }
  }
}
