// Phase 3 of a run: record what happened, in one commit, only where this run's claim still
// stands. A known result is never thrown away: pushes are retried within RECORD_WITHIN_MS, and
// if the ledger still cannot be written, the results go to a local file the next run records.
import { SocialcalError } from '../errors.js';
import type { AccountEntry } from './ledger.js';
import { readPending, removePending, savePending, type Result } from './pending.js';
import { ledgerChange, setEntry, type EntryChanges, type Outcome, type RunContext } from './run-context.js';
import type { LedgerStore } from './store.js';

/** How long a run keeps trying to record its results when other runs keep moving the ledger. */
export const RECORD_WITHIN_MS = 5 * 60_000;

export interface Recorded {
  /** Outcomes whose claim another run took over (that run's record was kept). */
  lost: Outcome[];
  /** The local file holding results that could not be pushed, if any. */
  pending?: string;
}

export async function recordOutcomes(ctx: RunContext, store: LedgerStore, outcomes: Outcome[]): Promise<Recorded> {
  const mine = outcomes.filter((o) => !o.alreadyRecorded);
  if (!mine.length) return { lost: [] };
  const results = mine.map((o): Result => ({ post: o.action.post.id, account: o.action.account, entry: o.entry ?? o.previous }));
  try {
    const lost = await writeResults(ctx, store, ctx.run, results, resultMessage(mine, ctx.run), RECORD_WITHIN_MS);
    return { lost: mine.filter((o) => lost.some((r) => r.post === o.action.post.id && r.account === o.action.account)) };
  } catch (error) {
    if (!(error instanceof SocialcalError)) throw error;
    const pending = await savePending(store.cwd, ctx.run, results);
    ctx.log(`warning: could not record the results on the ledger branch (${error.message}); they are kept in ${pending} and the next publish from this clone records them`);
    return { lost: [], pending };
  }
}

/**
 * Results earlier runs of this clone could not push: recorded first, where that run's claim
 * still stands, so they are not reconciled (or, on platforms that cannot be asked, held as
 * unknown). Returns how many were recorded.
 */
export async function recordPending(ctx: RunContext, store: LedgerStore): Promise<number> {
  let count = 0;
  for (const p of await readPending(store.cwd)) {
    const lost = await writeResults(ctx, store, p.run, p.results, `socialcal publish: record ${p.results.length} result${p.results.length === 1 ? '' : 's'} of run ${p.run} kept locally\n\n${p.results.map((r) => `${r.post} → ${r.account}: ${r.entry?.state ?? 'released'}`).join('\n')}\n\nRun: ${ctx.run}\n`, RECORD_WITHIN_MS);
    count += p.results.length - lost.length;
    ctx.log(`recorded ${p.results.length - lost.length} result(s) of run ${p.run} from ${p.file}`);
    await removePending(p);
  }
  return count;
}

/** Writes results where `run` still holds the claim; returns the ones whose claim is gone. */
export async function writeResults(ctx: RunContext, store: LedgerStore, run: string, results: Result[], message: string, withinMs: number): Promise<Result[]> {
  return store.update(
    async (snapshot) => {
      const files = await snapshot.load(results.map((r) => r.post));
      const changes: EntryChanges = new Map();
      const lost: Result[] = [];
      for (const r of results) {
        const current: AccountEntry | undefined = files.get(r.post)?.accounts[r.account];
        if (!current || current.run !== run || current.state !== 'claimed') lost.push(r);
        else setEntry(changes, r.post, r.account, r.entry);
      }
      return { change: await ledgerChange(snapshot, ctx.calendar, changes, message), result: lost };
    },
    { now: ctx.clock, sleep: ctx.sleep, until: new Date(ctx.clock().getTime() + withinMs) },
  );
}

function resultMessage(outcomes: Outcome[], run: string): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.entry?.state ?? 'released', (counts.get(o.entry?.state ?? 'released') ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = outcomes.map((o) => `${o.action.post.id} → ${o.action.account}: ${o.entry?.state ?? 'released'}`);
  return `socialcal publish: ${summary}\n\n${lines.join('\n')}\n\nRun: ${run}\n`;
}
