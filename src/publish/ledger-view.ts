import type { Calendar, LedgerView } from '../calendar/model.js';
import { repoRoot, resolveRef, trackingRef } from '../git/repo.js';
import { readSnapshot } from './store.js';

/**
 * The publish state recorded on the ledger branch, for commands that show it: read from the
 * remote-tracking ref (what the last fetch or publish saw), else the local branch, without
 * checking anything out. Undefined when there is no ledger yet, or no git at all.
 */
export async function readLedgerView(calendar: Calendar): Promise<LedgerView | undefined> {
  const root = await repoRoot(calendar.root);
  if (!root) return undefined;
  const { ledgerBranch, remote } = calendar.config.publish;
  for (const ref of [trackingRef(remote, ledgerBranch), `refs/heads/${ledgerBranch}`]) {
    if (await resolveRef(root, ref)) return (await readSnapshot(root, ref)).view(calendar.postsById);
  }
  return undefined;
}
