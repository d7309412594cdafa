// Facebook Pages (Graph API): POST /{page}/feed with the page access token; photos are uploaded
// unpublished (/{page}/photos published=false) and attached (attached_media). No idempotency key:
// a lookup reads the page's latest published posts for the exact message.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { idAnswer } from './containers.js';
import { comparable, tokenExpiry, type GraphClient } from './graph.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { readMedia } from './media.js';
import { graphAccount, verifyGraphAccount } from './meta.js';
import { DEFAULT_SERVER, DEFAULT_VERSION, settings as facebookSettings } from './settings/facebook.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, type Adapter, type AdapterOptions, type OutgoingItem, type OutgoingMedia, type PostContext, type PostedItem } from './types.js';

const SCOPES = 'a Page access token with pages_manage_posts and pages_read_engagement';
const LOOKUP_PAGES = 3;
const PAGE_SIZE = 50;

const postsPage = z.object({
  data: z.array(z.object({ id: z.string(), message: z.string().optional(), permalink_url: z.string().optional() })),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

const engagement = z.object({
  shares: z.object({ count: z.number() }).optional(),
  reactions: z.object({ summary: z.object({ total_count: z.number() }) }).optional(),
  comments: z.object({ summary: z.object({ total_count: z.number() }) }).optional(),
});

export class FacebookAdapter implements Adapter {
  readonly platform = 'facebook' as const;
  readonly account: string;
  private readonly client: GraphClient;
  private readonly token: string;
  private readonly pageId: string;

  constructor(account: Account, env: NodeJS.ProcessEnv, private readonly opts: AdapterOptions = {}) {
    this.account = account.name;
    const { settings, token, client } = graphAccount(account, env, opts, { label: 'Facebook', settings: facebookSettings, server: DEFAULT_SERVER, version: DEFAULT_VERSION, scopes: SCOPES });
    this.token = token;
    this.client = client;
    this.pageId = settings.pageId;
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.facebook;
  }

  newHandle(): string {
    return randomUUID();
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    const photos: string[] = [];
    for (const media of item.media) photos.push(await this.uploadPhoto(media, ctx.signal));
    const params: Record<string, string | undefined> = { message: item.text || undefined, link: item.card?.uri };
    photos.forEach((id, i) => (params[`attached_media[${i}]`] = JSON.stringify({ media_fbid: id })));
    const created = await this.client.post(`${this.pageId}/feed`, params, idAnswer, 'post to the page', ctx.signal);
    return { id: created.id, ...(await this.permalink(created.id, ctx.signal)) };
  }

  /**
   * Reads the page's latest published posts (up to 150) for the same message. Fewer than that
   * and no match: nothing was posted; all read without a match: 'unknown'.
   */
  async lookup(_handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    const wanted = item ? comparable(item.text) : '';
    if (!wanted) return 'unknown';
    let after: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const res = await this.client.get(`${this.pageId}/published_posts`, { fields: 'id,message,created_time,permalink_url', limit: PAGE_SIZE, after }, postsPage, 'look up earlier page posts');
      const match = res.data.find((p) => p.message !== undefined && comparable(p.message) === wanted);
      if (match) return { id: match.id, ...(match.permalink_url ? { url: match.permalink_url } : {}) };
      after = res.paging?.cursors?.after;
      if (res.data.length < PAGE_SIZE || !res.paging?.next || !after) return null;
    }
    return 'unknown';
  }

  verify() {
    return verifyGraphAccount(this.client, this.token, async () => {
      const page = await this.client.get(this.pageId, { fields: 'id,name' }, z.object({ id: z.string(), name: z.string().optional() }), 'read the page');
      return `token works for the page ${page.name ?? page.id}`;
    }, tokenExpiry);
  }

  /** Read one post a call. */
  readonly metricsBatch = 1;

  metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    const fields = 'shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)';
    return metricsOneByOne(items, async (posted) => {
      const m = await this.client.get(posted.id, { fields }, engagement, `read metrics of ${posted.id}`, signal);
      return { likes: m.reactions?.summary.total_count ?? 0, shares: m.shares?.count ?? 0, replies: m.comments?.summary.total_count ?? 0 };
    });
  }

  async followers(signal?: AbortSignal): Promise<number> {
    const page = await this.client.get(this.pageId, { fields: 'followers_count' }, z.object({ followers_count: z.number().optional() }), 'read follower count', signal);
    return page.followers_count ?? 0;
  }

  /** An unpublished photo, to attach to the post; its alt text goes in as alt_text_custom. */
  private async uploadPhoto(media: OutgoingMedia, signal?: AbortSignal): Promise<string> {
    const bytes = await readMedia(media.file, media.absPath, this.opts.root);
    const form = new FormData();
    form.set('source', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: media.mime }), basename(media.file));
    form.set('published', 'false');
    if (media.alt) form.set('alt_text_custom', media.alt);
    const photo = await this.client.postForm(`${this.pageId}/photos`, form, idAnswer, `upload ${media.file}`, signal);
    return photo.id;
  }

  private async permalink(id: string, signal?: AbortSignal): Promise<{ url?: string }> {
    try {
      const res = await this.client.get(id, { fields: 'permalink_url' }, z.object({ permalink_url: z.string().optional() }), `read the link of ${id}`, signal);
      return res.permalink_url ? { url: res.permalink_url } : {};
    } catch {
      return {};
    }
  }
}
