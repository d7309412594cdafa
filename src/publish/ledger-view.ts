import type { Calendar, LedgerView } from '../calendar/model.js';
import { ledgerTip, type LedgerTip } from './ledger-tip.js';
import { readSnapshot } from './store.js';

/**
 * The publish state recorded on the ledger branch, for commands that show it: read from the
 * remote-tracking ref (what the last fetch or publish saw), else the local branch, without
 * checking anything out. Undefined when there is no ledger yet, or no git at all.
 */
export async function readLedgerView(calendar: Calendar): Promise<LedgerView | undefined> {
  return (await readLedgerAt(calendar)).view;
}

/** readLedgerView, with the commit it was read at (undefined with the view). */
export async function readLedgerAt(calendar: Calendar): Promise<{ view?: LedgerView; tip?: LedgerTip }> {
  const found = await ledgerTip(calendar.root, calendar.config.publish);
  if (!found) return {};
  return { view: await (await readSnapshot(calendar.root, found.commit, found.ref)).view(calendar.postsById), tip: found };
}
