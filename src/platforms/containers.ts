// Threads and Instagram publish in two steps: create a media container (Meta fetches the image
// from its public URL), then publish it. The container is the idempotency handle: `prepare`
// creates it and the engine stores `container:<id>` in the claim before publishing. Its status
// says what happened: PUBLISHED = it went out, FINISHED = ready (publish this one, never a new
// one), IN_PROGRESS = wait, ERROR/EXPIRED = it can never go out (make a new one).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Account } from '../calendar/model.js';
import { comparable, type GraphClient, type Params } from './graph.js';
import { sleep } from './http.js';
import { LIMITS, type PlatformLimits } from './limits.js';
import { graphAccount, publicImageUrl, verifyUsername, type GraphApi, type Verified } from './meta.js';
import { PlatformError, type AdapterOptions, type OutgoingItem, type OutgoingMedia, type PostContext, type PostedItem } from './types.js';

export const CONTAINER_STATUSES = ['IN_PROGRESS', 'FINISHED', 'PUBLISHED', 'ERROR', 'EXPIRED'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

const DEFAULT_MEDIA_POLL = { intervalMs: 5_000, attempts: 24 };
/** How far back a lookup reads the account's own posts. */
const LOOKUP_PAGES = 3;
const PAGE_SIZE = 50;

export const idAnswer = z.object({ id: z.string().min(1) });

const CONTAINER = 'container:';

/** The container a handle names: `container:<id>` once prepared, else none. */
function containerOf(handle: string): string | undefined {
  return handle.startsWith(CONTAINER) ? handle.slice(CONTAINER.length) : undefined;
}

const page = z.object({
  data: z.array(z.object({ id: z.string(), permalink: z.string().optional() }).catchall(z.unknown())),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

export interface ContainerApi {
  /** Paths under the API base, relative to the user id. */
  createPath: string;
  publishPath: string;
  /** Edges listing the account's own posts, searched in order by `lookup`. */
  listPaths: string[];
  /** The field holding the post's text: `text` (Threads) or `caption` (Instagram). */
  textField: string;
  /** A container's status field: `status` (Threads) or `status_code` (Instagram). */
  statusField: string;
  /** Why a container is in ERROR: `error_message` (Threads) or `status` (Instagram). */
  errorField: string;
  /** Container parameters for one item. */
  containerParams(item: OutgoingItem, ctx: PostContext, children: string[] | undefined, imageUrl: (m: OutgoingMedia) => string): Params;
  /** Parameters of one carousel child. */
  childParams(media: OutgoingMedia, imageUrl: string): Params;
}

export class ContainerPublisher {
  /** handle → the top container created for it in this process (for `post` without `prepare`). */
  private readonly containers = new Map<string, string>();

  constructor(
    private readonly client: GraphClient,
    private readonly userId: string,
    private readonly api: ContainerApi,
    private readonly imageUrl: (m: OutgoingMedia) => string,
    private readonly opts: AdapterOptions,
  ) {}

  /** The item's container as a handle: the one the handle names while it can still go out, else a new one. */
  async prepare(item: OutgoingItem, ctx: PostContext): Promise<string> {
    const existing = containerOf(ctx.handle);
    if (existing) {
      const status = await this.status(existing, ctx.signal);
      if (status !== 'ERROR' && status !== 'EXPIRED') return ctx.handle;
    }
    return CONTAINER + (await this.createContainer(item, ctx));
  }

  async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
    let container = containerOf(ctx.handle) ?? this.containers.get(ctx.handle);
    if (container) {
      const status = await this.status(container, ctx.signal);
      if (status === 'PUBLISHED') {
        const found = await this.find(item);
        if (!found) throw new PlatformError('transient', `container ${container} is published but the post is not among the account's latest yet`);
        return publishedAs(container, found);
      }
      if (status === 'ERROR' || status === 'EXPIRED') container = undefined;
    }
    if (!container) {
      container = await this.createContainer(item, ctx);
      this.containers.set(ctx.handle, container);
    }
    await this.waitUntilFinished(container, ctx.signal);
    const published = await this.client.post(`${this.userId}/${this.api.publishPath}`, { creation_id: container }, idAnswer, `publish container ${container}`, ctx.signal);
    return { id: published.id, ...(await this.permalink(published.id, ctx.signal)), ref: { container } };
  }

  /**
   * Was the item published? With a container (stored in the claim, or made in this process),
   * its status answers: anything but PUBLISHED is not yet (`prepare` keeps a FINISHED one and
   * replaces an ERROR/EXPIRED one). The post itself is then found by its text; when it cannot be
   * told apart by text (media only, no text at hand), the container stands for it. Without a
   * container the account's latest posts are read for the exact text.
   */
  async lookup(handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'> {
    const container = containerOf(handle) ?? this.containers.get(handle);
    if (!container) return this.find(item);
    if ((await this.status(container)) !== 'PUBLISHED') return null;
    return publishedAs(container, await this.find(item));
  }

  private async find(item: OutgoingItem | undefined): Promise<PostedItem | null | 'unknown'> {
    const wanted = item ? comparable(item.text) : '';
    // Without text (media only, or an item no longer in the calendar) nothing can be matched.
    if (!wanted) return 'unknown';
    let complete = true;
    for (const edge of this.api.listPaths) {
      let after: string | undefined;
      let pagesRead = 0;
      for (; pagesRead < LOOKUP_PAGES; pagesRead++) {
        const fields = ['id', this.api.textField, 'timestamp', 'permalink'].join(',');
        const res = await this.client.get(`${this.userId}/${edge}`, { fields, limit: PAGE_SIZE, after }, page, 'look up earlier posts');
        const match = res.data.find((p) => typeof p[this.api.textField] === 'string' && comparable(p[this.api.textField] as string) === wanted);
        if (match) return { id: match.id, ...(match.permalink ? { url: match.permalink } : {}) };
        after = res.paging?.cursors?.after;
        if (res.data.length < PAGE_SIZE || !res.paging?.next || !after) break;
      }
      if (pagesRead === LOOKUP_PAGES) complete = false;
    }
    return complete ? null : 'unknown';
  }

  private async createContainer(item: OutgoingItem, ctx: PostContext): Promise<string> {
    let children: string[] | undefined;
    if (item.media.length > 1) {
      children = [];
      for (const media of item.media) {
        const child = await this.client.post(`${this.userId}/${this.api.createPath}`, this.api.childParams(media, this.imageUrl(media)), idAnswer, `create carousel item for ${media.file}`, ctx.signal);
        children.push(child.id);
      }
      // Children must be ready before the carousel container can be made of them.
      for (const child of children) await this.waitUntilFinished(child, ctx.signal);
    }
    const params = this.api.containerParams(item, ctx, children, this.imageUrl);
    const created = await this.client.post(`${this.userId}/${this.api.createPath}`, params, idAnswer, 'create media container', ctx.signal);
    return created.id;
  }

  private async status(container: string, signal?: AbortSignal): Promise<ContainerStatus> {
    return (await this.readContainer(container, signal)).status;
  }

  /** Threads answers `status` and `error_message`; Instagram `status_code` and `status` (the error). */
  private async readContainer(container: string, signal?: AbortSignal): Promise<{ status: ContainerStatus; error?: string }> {
    const { statusField, errorField } = this.api;
    const schema = z.object({ [statusField]: z.enum(CONTAINER_STATUSES), [errorField]: z.string().optional() });
    const res = await this.client.get(container, { fields: `${statusField},${errorField}` }, schema, `read status of container ${container}`, signal);
    return { status: res[statusField] as ContainerStatus, ...(typeof res[errorField] === 'string' ? { error: res[errorField] as string } : {}) };
  }

  private async waitUntilFinished(container: string, signal?: AbortSignal): Promise<void> {
    const poll = this.opts.mediaPoll ?? DEFAULT_MEDIA_POLL;
    for (let attempt = 0; ; attempt++) {
      const { status, error } = await this.readContainer(container, signal);
      if (status === 'FINISHED') return;
      if (status === 'PUBLISHED') throw new PlatformError('invalid', `container ${container} was already published`);
      if (status === 'ERROR') {
        throw new PlatformError('invalid', `Meta could not process container ${container}${error ? ` (${error})` : ''}: check that the image is reachable at its public URL and is a supported JPEG/PNG`);
      }
      if (status === 'EXPIRED') throw new PlatformError('transient', `container ${container} expired before it was published; the next attempt makes a new one`);
      if (attempt + 1 >= poll.attempts) {
        throw new PlatformError('transient', `container ${container} is still being processed after ${Math.round((poll.attempts * poll.intervalMs) / 1000)} s; the next attempt publishes it when ready`);
      }
      await sleep(poll.intervalMs, signal);
    }
  }

  /** The post's public link; the post is out already, so failing to read it costs only the link. */
  private async permalink(id: string, signal?: AbortSignal): Promise<{ url?: string }> {
    try {
      const res = await this.client.get(id, { fields: 'permalink' }, z.object({ permalink: z.string().optional() }), `read the link of ${id}`, signal);
      return res.permalink ? { url: res.permalink } : {};
    } catch {
      return {};
    }
  }
}

type ContainerSettings = { server?: string; apiVersion?: string; userId: string; mediaBaseUrl?: string };

/** One container platform: its Graph API, its two-step flow, and how `verify` names the account. */
export interface ContainerPlatform<S extends z.ZodType<ContainerSettings>> extends GraphApi<S> {
  platform: 'threads' | 'instagram';
  flow: ContainerApi;
  /** "read the Threads profile", "Threads user" */
  profile: { what: string; noun: string };
}

/**
 * What Threads and Instagram share: the Graph client for the account, a container publisher posting
 * as its userId with images from its mediaBaseUrl, and the adapter methods that only hand over to it.
 */
export abstract class ContainerAdapter {
  abstract readonly platform: 'threads' | 'instagram';
  readonly account: string;
  protected readonly client: GraphClient;
  protected readonly token: string;
  protected readonly userId: string;
  private readonly publisher: ContainerPublisher;
  private readonly profile: { what: string; noun: string };

  constructor(account: Account, env: NodeJS.ProcessEnv, opts: AdapterOptions, api: ContainerPlatform<z.ZodType<ContainerSettings>>) {
    this.account = account.name;
    const { settings, token, client } = graphAccount(account, env, opts, api);
    this.client = client;
    this.token = token;
    this.userId = settings.userId;
    this.profile = api.profile;
    this.publisher = new ContainerPublisher(client, settings.userId, api.flow, (m) => publicImageUrl(account.name, api.platform, settings.mediaBaseUrl, m), opts);
  }

  async limits(): Promise<PlatformLimits> {
    return LIMITS[this.platform];
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

  verify(): Promise<Verified> {
    return verifyUsername(this.client, this.token, this.userId, this.profile.what, this.profile.noun);
  }
}

/** A published container's post: as found by its text, else the container stands for it. */
function publishedAs(container: string, found: PostedItem | null | 'unknown'): PostedItem {
  return found && found !== 'unknown' ? { ...found, ref: { container } } : { id: container, ref: { container } };
}
