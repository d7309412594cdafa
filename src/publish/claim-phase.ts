// Phase 1 of a run: pick what is due and claim it on the ledger branch in one commit. Pairs
// that cannot start (too late, no adapter) get their final entry in the same commit.
import type { Freeze } from '../calendar/model.js';
import type { Adapter } from '../platforms/types.js';
import type { PairAction } from './due.js';
import { outgoingItems } from './outgoing.js';
import { ledgerChange, setEntry, type Claimed, type EntryChanges, type Outcome, type RunContext } from './run-context.js';
import { errorText } from './send.js';
import { claim, failed, missed, takeOver } from './states.js';
import type { LedgerStore } from './store.js';

export interface Claims {
  /** Freezes on the ledger the claim was based on. */
  freezes: Freeze[];
  /** Every pair the run looked at, with what it decided. */
  selected: PairAction[];
  /** Pairs this run now owns and will post or reconcile. */
  claimed: Claimed[];
  /** Pairs finished with the claim commit (missed, could not start). */
  early: Outcome[];
}

/** Claims the due pairs; a rejected push (another run moved first) decides again from the new tip. */
export async function claimDue(ctx: RunContext, store: LedgerStore): Promise<Claims> {
  return store.update(
    async (snapshot) => {
      const selected = await ctx.select(snapshot);
      const { changes, claimed, early } = await claimsFor(ctx, selected);
      const change = await ledgerChange(snapshot, ctx.calendar, changes, claimMessage(claimed, early, ctx.run));
      return { change, result: { freezes: snapshot.freezes, selected, claimed, early } };
    },
    { now: ctx.clock, sleep: ctx.sleep },
  );
}

async function claimsFor(ctx: RunContext, selected: PairAction[]): Promise<{ changes: EntryChanges; claimed: Claimed[]; early: Outcome[] }> {
  const { run } = ctx;
  const changes: EntryChanges = new Map();
  const claimed: Claimed[] = [];
  const early: Outcome[] = [];
  const at = ctx.clock();
  for (const action of selected) {
    if (action.kind === 'missed') {
      const entry = missed(action.entry, action.reason, run, at);
      setEntry(changes, action.post, action.account, entry);
      early.push({ action, entry, alreadyRecorded: true });
      continue;
    }
    if (action.kind !== 'post' && action.kind !== 'reconcile') continue;
    let adapter: Adapter;
    try {
      adapter = await ctx.adapterOf(action.account);
    } catch (error) {
      // Cannot even start (missing secret, unsupported platform): nothing was sent.
      const reason = errorText(error, ctx.secrets);
      if (action.kind === 'post') {
        const entry = failed(claim(action.entry, { run, at, items: action.entry?.items.length ?? 0, newHandle: () => '' }), reason, at);
        setEntry(changes, action.post, action.account, entry);
        early.push({ action, entry, alreadyRecorded: true });
      } else {
        early.push({ action, reason, shown: 'failed', alreadyRecorded: true });
      }
      continue;
    }
    // Sign in (where the platform has sessions) while the claim is committed and pushed.
    adapter.signIn?.();
    const items = outgoingItems(ctx.calendar, action.post, action.account);
    const how = { run, at, items: items.length, newHandle: () => adapter.newHandle() };
    const entry = action.kind === 'post' ? claim(action.entry, how) : takeOver(action.entry, how);
    setEntry(changes, action.post, action.account, entry);
    claimed.push({ action, adapter, items, entry });
  }
  return { changes, claimed, early };
}

function claimMessage(claimed: Claimed[], early: Outcome[], run: string): string {
  const missedCount = early.filter((o) => o.entry?.state === 'missed').length;
  const failedCount = early.filter((o) => o.alreadyRecorded && o.entry?.state === 'failed').length;
  const parts = [`claim ${claimed.length} post${claimed.length === 1 ? '' : 's'}`];
  if (missedCount) parts.push(`${missedCount} missed`);
  if (failedCount) parts.push(`${failedCount} failed`);
  const lines = [...claimed.map((c) => `${c.action.post.id} → ${c.action.account}${c.action.kind === 'reconcile' ? ' (reconcile)' : ''}`), ...early.filter((o) => o.alreadyRecorded).map((o) => `${o.action.post.id} → ${o.action.account}: ${o.entry?.state}`)];
  return `socialcal publish: ${parts.join(', ')}\n\n${lines.join('\n')}\n\nRun: ${run}\n`;
}
