// The one interface every platform adapter implements. The publish engine owns retries;
// adapters post once per call and classify failures precisely.
import type { LinkCard, PlatformId } from '../calendar/model.js';
import type { Counts } from '../metrics/model.js';
import type { PlatformLimits } from './limits.js';

export interface OutgoingMedia {
  /** Repo-relative path, for messages. */
  file: string;
  absPath: string;
  alt?: string;
  mime: string;
}

export interface OutgoingItem {
  text: string;
  media: OutgoingMedia[];
  langs?: string[];
  card?: LinkCard;
  /** Web address of someone's post this item answers (`reply_to:`, first item only); adapters that can reply resolve it. */
  replyTo?: string;
}

export interface PostedItem {
  id: string;
  url?: string;
  /** Platform references needed later, e.g. Bluesky `uri` and `cid` for replies. */
  ref?: Record<string, string>;
}

export interface PostContext {
  /** Idempotency handle chosen before posting and stored in the claim. */
  handle: string;
  /** The item this one replies to (the previous item of a thread). */
  replyTo?: PostedItem;
  /** The first item of the thread. */
  root?: PostedItem;
  signal?: AbortSignal;
}

export interface Adapter {
  readonly platform: PlatformId;
  readonly account: string;
  /** Mastodon reads its instance's limits when reachable; others answer LIMITS. */
  limits(): Promise<PlatformLimits>;
  /** Bluesky: a TID (the record key); others: a UUID. */
  newHandle(): string;
  /**
   * Platforms that publish in two steps (Threads, Instagram: a media container, then publish it)
   * take the first step here, after the claim and before `post`, and answer the item's new
   * handle (the container). The engine stores it in the claim before calling `post` with it, so
   * after a crash reconcile asks the container. Given a handle it answered before, it answers
   * the same one while that can still go out, or makes a new one.
   */
  prepare?(item: OutgoingItem, ctx: PostContext): Promise<string>;
  /**
   * Platforms with a session (Bluesky) sign in now, in the background: publish calls it while
   * it claims, so signing in overlaps git. Sends nothing; a failure is reported by the first
   * call that needs the session, without a second attempt.
   */
  signIn?(): void;
  post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem>;
  /**
   * Was something posted with this handle? PostedItem = yes; null = definitely not; 'unknown' =
   * cannot tell. `item` is what was to be sent; it is missing for a thread item removed from the
   * calendar after a run claimed it, and then only a platform that finds posts by handle can answer.
   */
  lookup(handle: string, item?: OutgoingItem): Promise<PostedItem | null | 'unknown'>;
  /** A cheap authenticated call, for `doctor`; `warning` flags something to act on soon (a token about to expire). */
  verify(): Promise<Verified>;
  /** How many items one `metrics` call may carry: the platform's batch limit (1 where it reads one post a call). */
  readonly metricsBatch?: number;
  /**
   * Engagement counts of published items (at most `metricsBatch`), by item id, in the names of
   * docs/metrics.md. An item the platform no longer has (deleted) is left out.
   */
  metrics?(items: PostedItem[], signal?: AbortSignal): Promise<Map<string, Counts>>;
  /** The account's follower count now. */
  followers?(signal?: AbortSignal): Promise<number>;
  /** Why this account has no follower count although the platform has metrics (LinkedIn member accounts); `metrics` shows it. */
  readonly followersUnavailable?: string;
}

/**
 * `metrics` for a platform that reads one post a call: each item in turn; one the platform
 * answers 404 for (deleted) is left out.
 */
export async function metricsOneByOne(items: PostedItem[], read: (item: PostedItem) => Promise<Counts>): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  for (const item of items) {
    try {
      out.set(item.id, await read(item));
    } catch (error) {
      if (error instanceof PlatformError && error.status === 404) continue;
      throw error;
    }
  }
  return out;
}

export interface Verified {
  ok: boolean;
  detail: string;
  warning?: string;
  /** ISO time the token stops working, where the platform says; doctor warns within 14 days. */
  expiresAt?: string;
}

export type PlatformErrorKind = 'rate-limit' | 'transient' | 'invalid' | 'auth' | 'duplicate' | 'config' | 'unexpected';

/**
 * A classified platform failure. `rate-limit` and `transient` may be retried (after
 * `retryAfterMs` when given); `invalid`, `auth`, `duplicate` and `config` need a person.
 * `unexpected`: the platform answered, but not in the shape its API documents (an HTML page
 * with 200): the request went out, so whether it acted is open — look it up before retrying.
 * Messages never contain secrets.
 */
export class PlatformError extends Error {
  readonly kind: PlatformErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(kind: PlatformErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PlatformError';
    this.kind = kind;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
  }
}

export interface AdapterOptions {
  /** Calendar root: media paths and card thumbnails are resolved against it. */
  root?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** How often and how long to wait for a platform to finish processing uploaded media. */
  mediaPoll?: { intervalMs: number; attempts: number };
  /** Sees every answer's headers: `metrics` reads the rate-limit quota left from them. */
  onResponse?: (headers: Headers) => void;
}

/**
 * Could the platform have accepted a request even though the client saw this error? A timeout,
 * a dropped connection or a 5xx leaves it open; a definite refusal (4xx, 429) could not have posted.
 */
export function acceptanceOpen(error: unknown): boolean {
  if (!(error instanceof PlatformError)) return true;
  if (error.kind === 'duplicate' || error.kind === 'unexpected') return true;
  if (error.kind !== 'transient') return false;
  return error.status === undefined || error.status >= 500;
}
