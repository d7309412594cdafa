import type { Config } from '../calendar/model.js';
import { repoRoot, resolveRef, trackingRef } from '../git/repo.js';

// Where the ledger branch stands, without reading it: what `check`'s memo compares (a light
// module, so a warm check need not load the ledger reader).

/** The ref a ledger view is read from, and its commit. */
export interface LedgerTip {
  ref: string;
  commit: string;
}

/** The commit the ledger view of the calendar at `root` would be read from; undefined when there is none. */
export async function ledgerTip(root: string, publish: Pick<Config['publish'], 'ledgerBranch' | 'remote'>): Promise<(LedgerTip & { root: string }) | undefined> {
  const top = await repoRoot(root);
  if (!top) return undefined;
  for (const ref of [trackingRef(publish.remote, publish.ledgerBranch), `refs/heads/${publish.ledgerBranch}`]) {
    const commit = await resolveRef(top, ref);
    if (commit) return { root: top, ref, commit };
  }
  return undefined;
}
