import type { Calendar, LedgerView } from '../calendar/model.js';

/**
 * The publish state recorded on the ledger branch (local or remote-tracking), for commands
 * that show it. Undefined when there is no ledger yet.
 */
export async function readLedgerView(_calendar: Calendar): Promise<LedgerView | undefined> {
  return undefined;
}
