// Threads (Meta): a media container per post (TEXT, IMAGE or CAROUSEL; images fetched from the
// account's mediaBaseUrl), then threads_publish. Thread items are replies (reply_to_id).
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { ContainerAdapter, type ContainerApi } from './containers.js';
import { DEFAULT_SERVER, DEFAULT_VERSION, settings as threadsSettings } from './settings/threads.js';
import type { Counts } from '../metrics/model.js';
import { metricsOneByOne, PlatformError, type Adapter, type AdapterOptions, type PostedItem } from './types.js';

const FLOW: ContainerApi = {
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
};

const insights = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.number() })).optional(), total_value: z.object({ value: z.number() }).optional() })),
});

const THREADS = {
  platform: 'threads',
  label: 'Threads',
  settings: threadsSettings,
  server: DEFAULT_SERVER,
  version: DEFAULT_VERSION,
  scopes: 'threads_basic and threads_content_publish (threads_manage_insights for metrics)',
  flow: FLOW,
  profile: { what: 'read the Threads profile', noun: 'Threads user' },
} as const;

export class ThreadsAdapter extends ContainerAdapter implements Adapter {
  readonly platform = 'threads' as const;

  constructor(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions = {}) {
    super(account, env, opts, THREADS);
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
