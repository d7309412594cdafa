// The crisis switch: freeze records on the ledger branch, so they act at once (no pull request
// into a protected main) and every publish run reads them before sending anything.
import type { Freeze, PublishSettings } from '../calendar/model.js';
import { FREEZE_FILE, serializeFreezes } from './ledger.js';
import { actor, committer } from './identity.js';
import { LedgerStore, ledgerLocation } from './store.js';

export interface FreezeContext {
  root: string;
  settings: PublishSettings;
  env: NodeJS.ProcessEnv;
  now: Date;
}

/** Adds a freeze (all posts, or posts with one of `tags`), replacing one with the same scope. */
export function addFreeze(freezes: Freeze[], freeze: Freeze): Freeze[] {
  const key = scope(freeze.tags);
  return [...freezes.filter((f) => scope(f.tags) !== key), freeze];
}

/** Lifts every freeze, or only the named tags from tag freezes (a freeze left without tags goes). */
export function liftFreeze(freezes: Freeze[], tags?: string[]): Freeze[] {
  if (!tags?.length) return [];
  const out: Freeze[] = [];
  for (const f of freezes) {
    if (!f.tags) {
      out.push(f);
      continue;
    }
    const rest = f.tags.filter((t) => !tags.includes(t));
    if (rest.length) out.push({ ...f, tags: rest });
  }
  return out;
}

/** Applies a change to freeze.yaml on the ledger branch and pushes it; returns the freezes before and after. */
export async function changeFreezes(ctx: FreezeContext, change: (current: Freeze[], by: string) => Freeze[], message: string): Promise<{ before: Freeze[]; after: Freeze[] }> {
  const identity = committer(ctx.settings, ctx.env);
  const store = await LedgerStore.open(ledgerLocation(ctx.root, ctx.settings), identity);
  const by = await actor(store.cwd, ctx.env, identity);
  return store.update(
    async (snapshot) => {
      const before = snapshot.freezes;
      const after = change(before, by);
      const same = serializeFreezes(before) === serializeFreezes(after) && snapshot.tip !== undefined;
      return {
        change: same ? undefined : { write: new Map([[FREEZE_FILE, serializeFreezes(after)]]), message: `${message}\n\nBy: ${by}\n` },
        result: { before, after },
      };
    },
    { now: () => ctx.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  );
}

function scope(tags: string[] | undefined): string {
  return tags ? [...tags].sort().join(',') : '*';
}
