// A claim found without a result belongs to a run that died somewhere between claiming and
// recording. Before anything is sent again, ask the platform about each unposted item's handle.
import type { Adapter, OutgoingItem } from '../platforms/types.js';
import type { AccountEntry } from './ledger.js';
import { errorText, withRetries, type SendDeps } from './send.js';
import { itemPosted, nextItem, published, unknown, withoutUnsentBeyond } from './states.js';

export type Reconciled =
  /** Every item was found: it all went out. */
  | { outcome: 'published'; entry: AccountEntry }
  /** The platform says the rest never arrived: safe to send from `nextItem(entry)`. */
  | { outcome: 'resume'; entry: AccountEntry }
  /** The platform cannot be asked: a person decides. */
  | { outcome: 'unknown'; entry: AccountEntry }
  /** Asking failed (network, auth): leave the claim for the next run. */
  | { outcome: 'lookup-failed'; entry: AccountEntry };

/**
 * Asks about every claimed item without an id, in order. The claim may hold more items than the
 * post has now (thread replies removed from the calendar since): those may have gone out too, and
 * only their handle is left to ask with.
 */
export async function reconcilePair(adapter: Adapter, items: OutgoingItem[], start: AccountEntry, deps: SendDeps): Promise<Reconciled> {
  let entry = start;
  // Items go out in order, so the first one the platform has not seen ends the search.
  for (let i = nextItem(entry); i < entry.items.length; i++) {
    const removed = i >= items.length;
    let found;
    try {
      found = await withRetries(() => adapter.lookup(entry.items[i].handle, items[i]), deps);
    } catch (error) {
      return { outcome: 'lookup-failed', entry: { ...entry, error: `reconcile: lookup failed: ${errorText(error, deps.secrets)}`, updatedAt: deps.now() } };
    }
    if (found === 'unknown') {
      const note = removed
        ? `a run stopped after claiming this post, and thread item ${i + 1} was removed from the calendar since; ${adapter.platform} cannot be asked by its handle whether it went out — check the account, then run \`socialcal publish --resolve\``
        : `a run stopped after claiming this post and ${adapter.platform} cannot be asked whether it went out — check the account, then run \`socialcal publish --resolve\``;
      return { outcome: 'unknown', entry: unknown(entry, note, deps.now()) };
    }
    if (!found) {
      // Nothing from here on went out: removed items that were never sent leave the record.
      const rest = withoutUnsentBeyond(entry, items.length);
      return removed ? { outcome: 'published', entry: published(rest, deps.now()) } : { outcome: 'resume', entry: rest };
    }
    entry = itemPosted(entry, i, found, deps.now());
  }
  return { outcome: 'published', entry: published(entry, deps.now()) };
}
