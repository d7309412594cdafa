// Phase 2 of a run: post (or reconcile, then post) what this run claimed. Each account's posts
// go in schedule order, accounts side by side up to `concurrency` per platform; one failure
// never stops the others.
import { isExpired } from './due.js';
import { runLanes } from './pool.js';
import { reconcilePair } from './reconcile.js';
import type { Claimed, Outcome, RunContext } from './run-context.js';
import { errorText, sendPair } from './send.js';
import type { AccountEntry } from './ledger.js';
import { failed, missed, nextItem } from './states.js';

export interface Posted {
  outcomes: Outcome[];
  postingMs: number;
}

export async function postClaimed(ctx: RunContext, claimed: Claimed[], concurrency: number): Promise<Posted> {
  const t = performance.now();
  const settled = await runLanes(claimed, (c) => c.action.account, (c) => c.adapter.platform, concurrency, (c) => postOne(ctx, c));
  const postingMs = performance.now() - t;
  const outcomes = settled.map((r, i): Outcome => {
    const c = claimed[i];
    if (r.status === 'fulfilled') return r.value;
    // A bug or a crash inside an adapter: the post may have gone out; stay claimed for reconcile.
    return { action: c.action, entry: { ...c.entry, error: errorText(r.reason, ctx.secrets), updatedAt: ctx.clock() }, previous: c.action.entry, alreadyRecorded: false };
  });
  return { outcomes, postingMs };
}

/**
 * A reconciled claim that may not go on (held, or too late): nothing more is sent. A thread
 * that went out in part keeps its posted items: the rest waits, shown as held, and goes on as
 * replies when the hold lifts — or is recorded missed once the grace period is over.
 */
function holdBack(ctx: RunContext, c: Claimed, entry: AccountEntry): Outcome {
  const { action, items } = c;
  if (action.kind !== 'reconcile') throw new Error('only a reconciled claim is held back');
  const sent = nextItem(entry);
  const part = sent > 0 ? `thread items 1–${sent} of ${items.length} went out; the rest was not sent: ` : '';
  if (isExpired({ now: ctx.now, graceMs: ctx.graceMs }, action.post, entry)) {
    return { action, entry: missed(entry, part + (action.hold ?? 'the grace period ran out before it could be sent'), ctx.run, ctx.clock()), previous: action.entry, alreadyRecorded: false };
  }
  if (sent === 0) return { action, previous: undefined, alreadyRecorded: false, reason: action.hold };
  return { action, entry: failed(entry, `held after ${part}${action.hold}`, ctx.clock()), previous: action.entry, shown: 'held', reason: action.hold, alreadyRecorded: false };
}

async function postOne(ctx: RunContext, c: Claimed): Promise<Outcome> {
  const { action, adapter, items } = c;
  let entry = c.entry;
  // A run must not post once its claim could look abandoned to others: give it back instead.
  if (ctx.clock().getTime() - entry.claimedAt.getTime() > ctx.ownDeadlineMs) {
    return { action, previous: action.entry, alreadyRecorded: false, reason: 'this run took too long; left for the next run' };
  }
  if (action.kind === 'reconcile') {
    const r = await reconcilePair(adapter, items, entry, ctx.deps);
    ctx.log(`${action.post.id} → ${action.account}: reconciled (${r.outcome})`);
    if (r.outcome !== 'resume') return { action, entry: r.entry, previous: action.entry, alreadyRecorded: false };
    entry = r.entry;
    if (!action.mayPost) return holdBack(ctx, c, entry);
  }
  const result = await sendPair(adapter, items, entry, ctx.deps);
  ctx.log(`${action.post.id} → ${action.account}: ${result.state}${result.error ? ` (${result.error})` : ''}`);
  return { action, entry: result, previous: action.entry, alreadyRecorded: false };
}
