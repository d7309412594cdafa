// Instagram (Graph API): a media container per post (a JPEG fetched from the account's
// mediaBaseUrl, or a CAROUSEL of 2–10), then media_publish. No reply chains: `check` reports
// thread items and posts without an image for Instagram accounts.
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { ContainerAdapter, type ContainerApi } from './containers.js';
import { DEFAULT_SERVER, DEFAULT_VERSION, settings as instagramSettings } from './settings/instagram.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type PostContext, type PostedItem } from './types.js';

const FLOW: ContainerApi = {
  createPath: 'media',
  publishPath: 'media_publish',
  listPaths: ['media'],
  textField: 'caption',
  statusField: 'status_code',
  errorField: 'status',
  containerParams: (item, _ctx, children, imageUrl) => {
    const caption = item.text || undefined;
    if (children) return { media_type: 'CAROUSEL', caption, children: children.join(',') };
    const single = item.media[0];
    return { image_url: imageUrl(single), caption, alt_text: single.alt };
  },
  childParams: (media, imageUrl) => ({ is_carousel_item: true, image_url: imageUrl, alt_text: media.alt }),
};

const INSTAGRAM = {
  platform: 'instagram',
  label: 'Instagram',
  settings: instagramSettings,
  server: DEFAULT_SERVER,
  version: DEFAULT_VERSION,
  scopes: 'instagram_basic and instagram_content_publish (or instagram_business_basic and instagram_business_content_publish with Instagram Login)',
  flow: FLOW,
  profile: { what: 'read the Instagram account', noun: 'Instagram account' },
} as const;

export class InstagramAdapter extends ContainerAdapter implements Adapter {
  readonly platform = 'instagram' as const;

  constructor(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions = {}) {
    super(account, env, opts, INSTAGRAM);
  }

  override async prepare(item: OutgoingItem, ctx: PostContext): Promise<string> {
    this.needsImage(item);
    return super.prepare(item, ctx);
  }

  override async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    this.needsImage(item);
    return super.post(item, ctx);
  }

  private needsImage(item: OutgoingItem): void {
    if (item.media.length === 0) {
      throw new PlatformError('invalid', `Instagram (${this.account}): a post needs at least one image; add media to the post (or give this account other media under overrides)`);
    }
  }

  /** Read one post a call. */
  readonly metricsBatch = 1;

  metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    return metricsOneByOne(items, async (posted) => {
      const m = await this.client.get(posted.id, { fields: 'like_count,comments_count' }, z.object({ like_count: z.number().optional(), comments_count: z.number().optional() }), `read metrics of ${posted.id}`, signal);
      return { likes: m.like_count ?? 0, replies: m.comments_count ?? 0 };
    });
  }

  async followers(signal?: AbortSignal): Promise<number> {
    const me = await this.client.get(this.userId, { fields: 'followers_count' }, z.object({ followers_count: z.number().optional() }), 'read follower count', signal);
    return me.followers_count ?? 0;
  }
}
