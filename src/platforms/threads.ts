// Threads (Meta): a media container per post (TEXT, IMAGE or CAROUSEL; images fetched from the
// account's mediaBaseUrl), then threads_publish. Thread items are replies (reply_to_id).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { ContainerPublisher } from './containers.js';
import { credentialVars, readCredentials } from './credentials.js';
import { GraphClient, tokenExpiry } from './graph.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { accountSettings, publicImageUrl, verifyGraphAccount } from './meta.js';
import { DEFAULT_SERVER, DEFAULT_VERSION, settings as threadsSettings } from './settings/threads.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, PlatformError, type Adapter, type AdapterOptions, type OutgoingItem, type PostContext, type PostedItem } from './types.js';

const SCOPES = 'threads_basic and threads_content_publish (threads_manage_insights for metrics)';

const insights = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.number() })).optional(), total_value: z.object({ value: z.number() }).optional() })),
});

export class ThreadsAdapter implements Adapter {
  readonly platform = 'threads' as const;
  readonly account: string;
  private readonly client: GraphClient;
  private readonly token: string;
  private readonly userId: string;
  private readonly mediaBaseUrl?: string;
  private readonly publisher: ContainerPublisher;

  constructor(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions = {}) {
    this.account = account.name;
    const s = accountSettings(account, threadsSettings);
    this.token = readCredentials(account, env).token;
    this.userId = s.userId;
    this.mediaBaseUrl = s.mediaBaseUrl;
    const base = `${(s.server ?? DEFAULT_SERVER).replace(/\/+$/, '')}/${s.apiVersion ?? DEFAULT_VERSION}`;
    this.client = new GraphClient({ label: `Threads (${account.name})`, base, token: this.token, tokenVar: credentialVars(account).token, scopes: SCOPES, adapter: opts });
    this.publisher = new ContainerPublisher(this.client, this.userId, {
      createPath: 'threads',
      publishPath: 'threads_publish',
      // Thread items after the first are replies, listed under their own edge.
      listPaths: ['threads', 'replies'],
      textField: 'text',
      statusField: 'status',
      errorField: 'error_message',
      containerParams: (item, ctx, children, imageUrl) => {
        const single = item.media.length === 1 ? item.media[0] : undefined;
        return {
          media_type: children ? 'CAROUSEL' : single ? 'IMAGE' : 'TEXT',
          text: item.text || undefined,
          ...(single ? { image_url: imageUrl(single), alt_text: single.alt } : {}),
          ...(children ? { children: children.join(',') } : {}),
          reply_to_id: ctx.replyTo?.id,
        };
      },
      childParams: (media, imageUrl) => ({ media_type: 'IMAGE', is_carousel_item: true, image_url: imageUrl, alt_text: media.alt }),
    }, (m) => publicImageUrl(this.account, 'threads', this.mediaBaseUrl, m), opts);
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS.threads;
  }

  newHandle(): string {
    return randomUUID();
  }

  prepare(item: OutgoingItem, ctx: PostContext): Promise<string> {
    return this.publisher.prepare(item, ctx);
  }

  post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    return this.publisher.post(item, ctx);
  }

  lookup(handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    return this.publisher.lookup(handle, item);
  }

  verify() {
    return verifyGraphAccount(this.client, this.token, async () => {
      const me = await this.client.get(this.userId, { fields: 'id,username' }, z.object({ id: z.string(), username: z.string().optional() }), 'read the Threads profile');
      return `token works for Threads user ${me.username ? `@${me.username}` : me.id}`;
    }, tokenExpiry);
  }

  /** Insights are read one post a call. */
  readonly metricsBatch = 1;

  metrics(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>> {
    return metricsOneByOne(items, async (posted) => {
      const res = await this.client.get(`${posted.id}/insights`, { metric: 'views,likes,replies,reposts,quotes' }, insights, `read metrics of ${posted.id}`, signal);
      const value = (name: string) => {
        const m = res.data.find((d) => d.name === name);
        return m ? (m.total_value?.value ?? m.values?.[0]?.value ?? 0) : undefined;
      };
      const out: Counts = {};
      for (const [name, ours] of [['views', 'impressions'], ['likes', 'likes'], ['replies', 'replies'], ['reposts', 'reposts'], ['quotes', 'quotes']] as const) {
        const v = value(name);
        if (v !== undefined) out[ours] = v;
      }
      return out;
    });
  }

  /** The profile's follower count now (a total: Meta ignores since/until for it). */
  async followers(signal?: AbortSignal): Promise<number> {
    const res = await this.client.get(`${this.userId}/threads_insights`, { metric: 'followers_count' }, insights, 'read follower count', signal);
    const total = res.data.find((d) => d.name === 'followers_count')?.total_value?.value;
    if (total === undefined) throw new PlatformError('invalid', `Threads (${this.account}): read follower count: the answer has no followers_count total`);
    return total;
  }
}
