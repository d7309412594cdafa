// Posting one (post, account) pair: items in order as replies, retries by the policy, and a
// lookup before sending again whenever an error leaves it open whether the platform accepted.
import { redact } from '../errors.js';
import { PlatformError, type Adapter, type OutgoingItem, type PostContext, type PostedItem } from '../platforms/types.js';
import type { AccountEntry, ItemRecord } from './ledger.js';
import { mayHaveBeenAccepted, nextStep, type RetryPolicy } from './retry.js';
import { attempted, failed, itemPosted, nextItem, published, unknown, withHandle } from './states.js';

export interface SendDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  random?: () => number;
  /** Values to keep out of stored errors. */
  secrets: string[];
}

/** Stores an entry in this run's claim on the ledger; throws ClaimLost when the claim is no longer this run's. */
export type KeepClaim = (entry: AccountEntry) => Promise<void>;

/** Another run holds the pair's claim now: this run must not send anything more for it. */
export class ClaimLost extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimLost';
  }
}

/**
 * Sends the items not yet posted, starting at the first without an id. Returns the entry's new
 * state. A platform that publishes in two steps prepares each item first; its new handle is kept
 * in the claim (`keep`) before the item is published.
 */
export async function sendPair(adapter: Adapter, items: OutgoingItem[], start: AccountEntry, deps: SendDeps, keep?: KeepClaim): Promise<AccountEntry> {
  let entry = start;
  for (let i = nextItem(entry); i < items.length; i++) {
    for (let attempt = 1; ; attempt++) {
      entry = attempted(entry);
      const ctx = { handle: entry.items[i].handle, replyTo: postedOf(entry.items[i - 1]), root: postedOf(entry.items[0]) };
      try {
        if (adapter.prepare) entry = await prepareItem(adapter, items[i], entry, i, ctx, keep);
        const posted = await adapter.post(items[i], { ...ctx, handle: entry.items[i].handle });
        entry = itemPosted(entry, i, posted, deps.now());
        break;
      } catch (error) {
        if (error instanceof ClaimLost) throw error;
        const what = errorText(error, deps.secrets, items.length > 1 ? i : undefined);
        const handle = entry.items[i].handle;
        if (mayHaveBeenAccepted(error)) {
          let found: PostedItem | null | 'unknown';
          try {
            found = await withRetries(() => adapter.lookup(handle, items[i]), deps);
          } catch (lookupError) {
            // Cannot tell right now: stay claimed; the next run asks again.
            return { ...entry, error: `${what}; then the lookup failed too: ${errorText(lookupError, deps.secrets)}`, updatedAt: deps.now() };
          }
          if (found === 'unknown') {
            return unknown(entry, `${what}; ${adapter.platform} cannot be asked whether it went out — check the account and run \`socialcal publish --resolve\``, deps.now());
          }
          if (found) {
            entry = itemPosted(entry, i, found, deps.now());
            break;
          }
        }
        const verdict = nextStep(error, attempt, deps.policy, deps.random);
        if (!verdict.retry) return failed(entry, `${what} (${verdict.why})`, deps.now());
        await deps.sleep(verdict.delayMs);
      }
    }
  }
  return published(entry, deps.now());
}

async function prepareItem(adapter: Adapter, item: OutgoingItem, entry: AccountEntry, i: number, ctx: PostContext, keep: KeepClaim | undefined): Promise<AccountEntry> {
  const handle = await adapter.prepare!(item, ctx);
  if (handle === entry.items[i].handle) return entry;
  const next = withHandle(entry, i, handle);
  await keep?.(next);
  return next;
}

/** Calls `fn`, retrying rate limits and transient failures by the policy. */
export async function withRetries<T>(fn: () => Promise<T>, deps: Pick<SendDeps, 'policy' | 'sleep' | 'random'>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const verdict = nextStep(error, attempt, deps.policy, deps.random);
      if (!verdict.retry) throw error;
      await deps.sleep(verdict.delayMs);
    }
  }
}

export function postedOf(item: ItemRecord | undefined): PostedItem | undefined {
  if (!item?.id) return undefined;
  return { id: item.id, ...(item.url ? { url: item.url } : {}), ...(item.ref ? { ref: item.ref } : {}) };
}

/** An error as stored in the ledger: kind and message, secrets removed. */
export function errorText(error: unknown, secrets: string[], item?: number): string {
  const where = item === undefined ? '' : `thread item ${item + 1}: `;
  const text = error instanceof PlatformError ? `${error.kind}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return redact(where + text, secrets);
}
