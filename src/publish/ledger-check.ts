// For `doctor`: can publish reach the ledger it is configured for? Names the remote, whether it
// answers, and whether the ledger branch exists yet — without changing anything.
import type { Calendar } from '../calendar/model.js';
import { GitFailure, remoteHasBranch, repoRoot } from '../git/repo.js';
import { LedgerStore, ledgerLocation, MissingRemoteError } from './store.js';
import { DEFAULT_IDENTITY } from './identity.js';

export interface LedgerCheck {
  ok: boolean;
  /** Where the ledger is: `remote <name>, branch <branch>` or `local branch <branch>`. */
  where: string;
  detail: string;
  hint?: string;
}

export async function checkLedger(calendar: Calendar): Promise<LedgerCheck> {
  const settings = calendar.config.publish;
  const branch = settings.ledgerBranch;
  if (!(await repoRoot(calendar.root))) {
    return { ok: false, where: `branch ${branch}`, detail: `${calendar.root} is not inside a git repository`, hint: 'publish keeps its ledger on a git branch: run it in a clone of the calendar repository' };
  }
  if (settings.ledger === 'local') {
    return { ok: true, where: `local branch ${branch}`, detail: 'publish.ledger: local — this clone is the only ledger; never publish from other clones or CI' };
  }
  const where = `remote ${settings.remote}, branch ${branch}`;
  try {
    await LedgerStore.open(ledgerLocation(calendar.root, settings), DEFAULT_IDENTITY);
  } catch (error) {
    if (error instanceof MissingRemoteError) return { ok: false, where, detail: error.message, hint: error.hint };
    throw error;
  }
  try {
    const exists = await remoteHasBranch(calendar.root, settings.remote, branch);
    return { ok: true, where, detail: exists ? `remote ${settings.remote} answers; the ledger branch ${branch} is there` : `remote ${settings.remote} answers; the ledger branch ${branch} does not exist yet (the first publish creates it)` };
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    return { ok: false, where, detail: `remote ${settings.remote} cannot be reached: ${error.message}`, hint: `check the remote's URL (git remote -v) and that this machine may fetch from it` };
  }
}
