// Phase 2 of a run: post (or reconcile, then post) what this run claimed. Each account's posts
// go in schedule order, accounts side by side up to `concurrency` per platform; one failure
// never stops the others.
import { SocialcalError } from '../errors.js';
import { isExpired } from './due.js';
import { runLanes } from './pool.js';
import { reconcilePair } from './reconcile.js';
import { writeResults } from './record-phase.js';
import type { Claimed, Outcome, RunContext } from './run-context.js';
import { ClaimLost, errorText, sendPair, type KeepClaim } from './send.js';
import type { AccountEntry } from './ledger.js';
import { failed, missed, nextItem } from './states.js';
import type { LedgerStore } from './store.js';

export interface Posted {
  outcomes: Outcome[];
  postingMs: number;
}

export async function postClaimed(ctx: RunContext, store: LedgerStore, claimed: Claimed[], concurrency: number): Promise<Posted> {
  const t = performance.now();
  // Lanes keep prepared handles in their claims one commit at a time.
  const serial = oneAtATime();
  const settled = await runLanes(claimed, (c) => c.action.account, (c) => c.adapter.platform, concurrency, (c) => postOne(ctx, c, (entry) => serial(() => keepClaim(ctx, store, c, entry))));
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
  if (isExpired({ now: ctx.now, graceMs: ctx.graceMs }, action.post, action.account, entry)) {
    return { action, entry: missed(entry, part + (action.hold ?? 'the grace period ran out before it could be sent'), ctx.run, ctx.clock()), previous: action.entry, alreadyRecorded: false };
  }
  if (sent === 0) return { action, previous: undefined, alreadyRecorded: false, reason: action.hold };
  return { action, entry: failed(entry, `held after ${part}${action.hold}`, ctx.clock()), previous: action.entry, shown: 'held', reason: action.hold, alreadyRecorded: false };
}

/** Runs the functions it is given one after another, in the order given. */
function oneAtATime(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const next = last.then(fn);
    last = next.catch(() => undefined);
    return next;
  };
}

/**
 * Stores a prepared handle (a Threads/Instagram container) in this run's claim before the item is
 * published, so a run that dies later leaves it for reconcile. If the ledger cannot be written
 * now, posting goes on: reconcile then falls back to the platform's text lookup.
 */
async function keepClaim(ctx: RunContext, store: LedgerStore, c: Claimed, entry: AccountEntry): Promise<void> {
  const pair = `${c.action.post.id} → ${c.action.account}`;
  const handles = entry.items.map((item) => item.handle).join(', ');
  try {
    const lost = await writeResults(ctx, store, ctx.run, [{ post: c.action.post.id, account: c.action.account, entry }], `socialcal publish: ${pair}: handles ${handles}\n\nRun: ${ctx.run}\n`, 0);
    if (lost.length) throw new ClaimLost(`${pair}: another run took over this claim; nothing more is sent for it`);
  } catch (error) {
    if (!(error instanceof SocialcalError)) throw error;
    ctx.log(`warning: ${pair}: could not keep the prepared handle in the claim (${error.message}); posting anyway`);
  }
}

async function postOne(ctx: RunContext, c: Claimed, keep: KeepClaim): Promise<Outcome> {
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
  const result = await sendPair(adapter, items, entry, ctx.deps, keep);
  ctx.log(`${action.post.id} → ${action.account}: ${result.state}${result.error ? ` (${result.error})` : ''}`);
  return { action, entry: result, previous: action.entry, alreadyRecorded: false };
}
