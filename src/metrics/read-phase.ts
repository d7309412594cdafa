// Reading one account's items from its platform: in the platform's batches, one call at a
// time, spaced out, honouring rate limits. A wait longer than the run may spend stops the
// account; what was read is kept, and the next run reads the rest.
import { quotaWait } from '../platforms/http.js';
import { PlatformError, type Adapter, type AdapterOptions } from '../platforms/types.js';
import { isoSeconds, type Counts } from './model.js';
import type { AccountWork, WantedItem } from './select.js';

export interface Reading {
  item: WantedItem;
  /** When the platform answered. */
  at: string;
  counts: Counts;
}

export type AccountState = 'done' | 'skipped' | 'stopped' | 'failed';

export interface AccountResult {
  account: string;
  platform: string;
  state: AccountState;
  /** Items this run wanted to read. */
  wanted: number;
  read: number;
  /** Items the platform no longer has (deleted). */
  gone: number;
  /** Requests for counts (batches) and follower counts, failed ones included. */
  calls: number;
  followers?: number;
  /** Why the follower count could not be read. */
  followersError?: string;
  /** Why the platform gives no follower count for this account (not an error: nothing to fix). */
  followersUnavailable?: string;
  /** Why skipped, stopped or failed. */
  note?: string;
  /** Stopped by a rate limit: when the platform lets us read again. */
  resumeAfter?: string;
  /** Items that could not be read, with the platform's reason. */
  errors: { postId: string; item: number; message: string }[];
}

export interface ReadDeps {
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** The longest rate-limit wait honoured inside a run. */
  maxWaitMs: number;
  /** Gap between two calls of one account. */
  paceMs: number;
  log: (line: string) => void;
}

/** Without a Retry-After or reset header, wait this long after a 429. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const TRANSIENT_RETRIES = 2;

export async function readAccount(work: AccountWork, adapter: (opts: AdapterOptions) => Promise<Adapter>, deps: ReadDeps): Promise<{ result: AccountResult; readings: Reading[] }> {
  const result: AccountResult = { account: work.account, platform: work.platform, state: 'done', wanted: work.items.length, read: 0, gone: 0, calls: 0, errors: [] };
  const readings: Reading[] = [];
  if (work.skipped) return { result: { ...result, state: 'skipped', note: work.skipped }, readings };
  // The last answer's headers: when they say the quota is used up, wait for the reset (or stop) before the next call.
  let last: Headers | undefined;
  let a: Adapter;
  try {
    a = await adapter({ onResponse: (headers) => (last = headers) });
  } catch (error) {
    return { result: { ...result, state: 'failed', note: messageOf(error) }, readings };
  }
  if (!a.metrics) return { result: { ...result, state: 'skipped', note: `${work.platform} gives no engagement counts` }, readings };

  // Each call goes through here: spaced out, retried after short rate-limit waits and network blips.
  const call = async <T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown; stop?: string }> => {
    for (let transient = 0; ; ) {
      const quota = last && quotaWait(last);
      last = undefined;
      if (quota) {
        if (quota > deps.maxWaitMs) {
          result.resumeAfter = isoSeconds(new Date(deps.clock().getTime() + quota));
          return { ok: false, error: new PlatformError('rate-limit', `${work.account}: the platform's request quota is used up for ${Math.ceil(quota / 1000)} s (its rate-limit headers say 0 left)`), stop: 'stopped' };
        }
        deps.log(`${work.account}: request quota used up; waiting ${Math.ceil(quota / 1000)} s for it to reset`);
        await deps.sleep(quota);
      } else if (result.calls > 0 && deps.paceMs > 0) await deps.sleep(deps.paceMs);
      result.calls++;
      try {
        return { ok: true, value: await fn() };
      } catch (error) {
        if (error instanceof PlatformError && error.kind === 'rate-limit') {
          const wait = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
          if (wait <= deps.maxWaitMs) {
            deps.log(`${work.account}: rate-limited; waiting ${Math.ceil(wait / 1000)} s as the platform asks`);
            await deps.sleep(wait);
            continue;
          }
          result.resumeAfter = isoSeconds(new Date(deps.clock().getTime() + wait));
          return { ok: false, error, stop: 'stopped' };
        }
        if (error instanceof PlatformError && error.kind === 'transient' && transient < TRANSIENT_RETRIES) {
          await deps.sleep(1000 * 2 ** transient++);
          continue;
        }
        const fatal = !(error instanceof PlatformError) || ['auth', 'config', 'transient'].includes(error.kind);
        return { ok: false, error, ...(fatal ? { stop: 'failed' } : {}) };
      }
    }
  };

  for (let i = 0; i < work.items.length; ) {
    const batch = work.items.slice(i, i + Math.max(1, a.metricsBatch ?? 1));
    const answer = await call(() => a.metrics!(batch.map((w) => w.posted)));
    if (!answer.ok) {
      if (answer.stop) {
        result.state = answer.stop as AccountState;
        result.note = messageOf(answer.error);
        break;
      }
      for (const w of batch) result.errors.push({ postId: w.postId, item: w.item, message: messageOf(answer.error) });
      i += batch.length;
      continue;
    }
    const at = isoSeconds(deps.clock());
    for (const w of batch) {
      const counts = answer.value.get(w.posted.id);
      if (counts) readings.push({ item: w, at, counts: withoutOwnReplies(counts, w.ownReplies) });
      else result.gone++;
    }
    i += batch.length;
    result.read = readings.length;
    deps.log(`${work.account}: ${i}/${work.items.length} read`);
  }

  if (a.followers && result.state === 'done') {
    const answer = await call(() => a.followers!());
    if (answer.ok) result.followers = answer.value;
    else if (answer.stop === 'stopped') {
      result.state = 'stopped';
      result.note = messageOf(answer.error);
    } else result.followersError = messageOf(answer.error);
  } else if (!a.followers && a.followersUnavailable) result.followersUnavailable = a.followersUnavailable;
  return { result, readings };
}

/** Replies from others: the thread's own next item is not engagement. */
function withoutOwnReplies(counts: Counts, own: number): Counts {
  return own && counts.replies !== undefined ? { ...counts, replies: Math.max(0, counts.replies - own) } : counts;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
