// Instagram (Graph API): a media container per post (a JPEG fetched from the account's
// mediaBaseUrl, or a CAROUSEL of 2–10), then media_publish. No reply chains: `check` reports
// thread items and posts without an image for Instagram accounts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { ContainerPublisher } from './containers.js';
import { credentialVars, readCredentials } from './credentials.js';
import { GraphClient, tokenExpiry } from './graph.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { accountSettings, publicImageUrl, verifyGraphAccount } from './meta.js';
import { DEFAULT_SERVER, DEFAULT_VERSION, settings as instagramSettings } from './settings/instagram.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type PostContext, type PostedItem } from './types.js';

const SCOPES = 'instagram_basic and instagram_content_publish (or instagram_business_basic and instagram_business_content_publish with Instagram Login)';

export class InstagramAdapter implements Adapter {
  readonly platform = 'instagram' as const;
  readonly account: string;
  private readonly client: GraphClient;
  private readonly token: string;
  private readonly userId: string;
  private readonly mediaBaseUrl?: string;
  private readonly publisher: ContainerPublisher;

  constructor(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions = {}) {
    this.account = account.name;
    const s = accountSettings(account, instagramSettings);
    this.token = readCredentials(account, env).token;
    this.userId = s.userId;
    this.mediaBaseUrl = s.mediaBaseUrl;
    const base = `${(s.server ?? DEFAULT_SERVER).replace(/\/+$/, '')}/${s.apiVersion ?? DEFAULT_VERSION}`;
    this.client = new GraphClient({ label: `Instagram (${account.name})`, base, token: this.token, tokenVar: credentialVars(account).token, scopes: SCOPES, adapter: opts });
    this.publisher = new ContainerPublisher(this.client, this.userId, {
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
    }, (m) => publicImageUrl(this.account, 'instagram', this.mediaBaseUrl, m), opts);
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.instagram;
  }

  newHandle(): string {
    return randomUUID();
  }

  async prepare(item: OutgoingItem, ctx: PostContext): Promise<string> {
    this.needsImage(item);
    return this.publisher.prepare(item, ctx);
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    this.needsImage(item);
    return this.publisher.post(item, ctx);
  }

  private needsImage(item: OutgoingItem): void {
    if (item.media.length === 0) {
      throw new PlatformError('invalid', `Instagram (${this.account}): a post needs at least one image; add media to the post (or give this account other media under overrides)`);
    }
  }

  lookup(handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    return this.publisher.lookup(handle, item);
  }

  verify() {
    return verifyGraphAccount(this.client, this.token, async () => {
      const me = await this.client.get(this.userId, { fields: 'id,username' }, z.object({ id: z.string(), username: z.string().optional() }), 'read the Instagram account');
      return `token works for Instagram account ${me.username ? `@${me.username}` : me.id}`;
    }, tokenExpiry);
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
