import type { Calendar, LedgerView } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';

// The rule registry and runner. Rules themselves land with the compliance-rules issue.

export interface RunOptions {
  now: Date;
  ledger?: LedgerView;
}

export function runRules(_calendar: Calendar, _opts: RunOptions): Problem[] {
  return [];
}
