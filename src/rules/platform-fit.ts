import { z } from 'zod';
import type { PlatformId } from '../calendar/model.js';
import { linksIn } from '../calendar/render.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

/** Meta fetches images from a public URL: the account's `mediaBaseUrl`. */
const PUBLIC_MEDIA: readonly PlatformId[] = ['instagram', 'threads'];
/** Every post needs an image. */
const IMAGE_REQUIRED: readonly PlatformId[] = ['instagram'];
/** Most links one post may carry. */
const MAX_LINKS: Partial<Record<PlatformId, number>> = { threads: 5 };

export const meta: RuleMeta<typeof options> = {
  id: 'platform-fit',
  description: 'Posts fit what each account\'s platform can publish: Instagram needs an image, Threads takes at most 5 links a post, Meta fetches images from the account\'s mediaBaseUrl (platforms without reply chains: rule threads).',
  severity: 'error',
  options,
  messages: {
    needsImage: '{{platform}} takes only posts with an image; {{account}} would get none',
    tooManyLinks: '{{count}} links; {{platform}} takes at most {{max}} in one post',
    imageNotPublic: '{{platform}} fetches images from a public URL, and account {{account}} has no mediaBaseUrl',
    noMediaBaseUrl: 'account {{account}} ({{platform}}) has posts with images ({{post}} first) but no mediaBaseUrl; {{platform}} fetches images from a public URL',
  },
  hints: {
    needsImage: 'add media, give {{account}} its own under overrides, or remove it from channels',
    tooManyLinks: 'move some links to a thread item',
    imageNotPublic: 'set mediaBaseUrl under accounts.{{account}} in socialcal.yaml',
    noMediaBaseUrl: 'set mediaBaseUrl under accounts.{{account}} to where media/ is served publicly, e.g. the site `socialcal export html` publishes',
  },
  docs: {
    bad: `channels: [instagram]\ntext: Launch day! Sign up via the link in our bio.`,
    good: `channels: [instagram]\ntext: Launch day! Sign up via the link in our bio.\nmedia:\n  - file: media/launch.jpg\n    alt: The new Acme box on a desk`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const missingBaseUrl = new Map<string, string>();
  for (const post of ctx.calendar.posts) {
    for (const { account, items } of ctx.asWritten(post)) {
      const { platform } = account;
      const [main] = items;
      if (IMAGE_REQUIRED.includes(platform) && main.media.length === 0) {
        ctx.report({ post, path: main.path, messageId: 'needsImage', data: { platform, account: account.name } });
      }
      const maxLinks = MAX_LINKS[platform];
      if (maxLinks !== undefined) {
        for (const item of items) {
          // A link has a scheme: most texts need no search.
          const count = item.text.includes('://') ? linksIn(item.text).length : 0;
          if (count > maxLinks) ctx.report({ post, path: item.path, messageId: 'tooManyLinks', data: { platform, count, max: maxLinks } });
        }
      }
      if (PUBLIC_MEDIA.includes(platform) && !account.settings.mediaBaseUrl) {
        // On the post too, so publish holds it instead of failing it at the first image.
        for (const item of items.filter((i) => i.media.length > 0)) {
          ctx.report({ post, path: item.mediaPath, messageId: 'imageNotPublic', data: { platform, account: account.name } });
          if (!missingBaseUrl.has(account.name)) missingBaseUrl.set(account.name, post.id);
        }
      }
    }
  }
  const config = ctx.calendar.config;
  for (const [name, postId] of missingBaseUrl) {
    const account = config.accounts[name];
    ctx.report({ source: config.source, path: ['accounts', name], messageId: 'noMediaBaseUrl', data: { account: name, platform: account.platform, post: postId } });
  }
}
