// Phase 3 of a run: record what happened, in one commit, only where this run's claim still
// stands. Returns the outcomes whose claim another run took over (their record is kept).
import { ledgerChange, setEntry, type EntryChanges, type Outcome, type RunContext } from './run-context.js';
import type { LedgerStore } from './store.js';

export async function recordOutcomes(ctx: RunContext, store: LedgerStore, outcomes: Outcome[]): Promise<Outcome[]> {
  const mine = outcomes.filter((o) => !o.written);
  if (!mine.length) return [];
  return store.update(
    async (snapshot) => {
      const files = await snapshot.load(mine.map((o) => o.action.post.id));
      const changes: EntryChanges = new Map();
      const lost: Outcome[] = [];
      for (const o of mine) {
        const current = files.get(o.action.post.id)?.accounts[o.action.account];
        if (!current || current.run !== ctx.run || current.state !== 'claimed') lost.push(o);
        else setEntry(changes, o.action.post, o.action.account, o.entry ?? o.previous);
      }
      return { change: await ledgerChange(snapshot, ctx.calendar, changes, resultMessage(mine, ctx.run)), result: lost };
    },
    { now: ctx.clock, sleep: ctx.sleep },
  );
}

function resultMessage(outcomes: Outcome[], run: string): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.entry?.state ?? 'released', (counts.get(o.entry?.state ?? 'released') ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = outcomes.map((o) => `${o.action.post.id} → ${o.action.account}: ${o.entry?.state ?? 'released'}`);
  return `socialcal publish: ${summary}\n\n${lines.join('\n')}\n\nRun: ${run}\n`;
}
