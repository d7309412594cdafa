import { rememberCheck } from '../calendar/check-memo.js';
import { loadCalendar, type LoadOptions } from '../calendar/load.js';
import { sortProblems } from '../calendar/problems.js';
import { publishFindings } from '../publish/findings.js';
import { readLedgerAt } from '../publish/ledger-view.js';
import { runRulesWithSpan } from '../rules/index.js';
import { ownVersion } from '../version.js';
import type { CheckResult } from './check.js';

// The whole of `check` when its memo cannot answer: load the calendar, read the ledger, run the
// rules, the publish checks and the queue; then keep the outcome in the memo when it can be kept.

export async function checkCalendar(root: string, now: Date, opts: LoadOptions = {}): Promise<CheckResult> {
  const { calendar, problems, cache, read } = loadCalendar(root, { ...opts, saveLater: true });
  if (!calendar) {
    cache?.save();
    return { root, problems, posts: 0, campaigns: 0, freezes: [] };
  }
  const { view: ledger, tip } = await readLedgerAt(calendar);
  const rules = runRulesWithSpan(calendar, { now, ledger, cache });
  const findings = [...rules.problems, ...publishFindings(calendar, ledger)];
  // Queued posts are checked by trying to schedule them: one that no slot can take is reported.
  if (calendar.queued.length > 0) {
    const { queuedContentProblems, scheduleCalendar, unplacedProblems } = await import('../schedule/run.js');
    findings.push(...unplacedProblems(scheduleCalendar(calendar, { now, ledger })), ...queuedContentProblems(calendar, now));
  }
  // Positions the findings were located at are kept for the next run.
  cache?.save();
  const outcome = {
    problems: sortProblems([...problems, ...findings]),
    posts: calendar.posts.length,
    campaigns: calendar.campaigns.size,
    freezes: ledger?.freezes ?? [],
  };
  // Scheduling queued posts depends on the very time of the run, so those findings are not kept.
  if (read?.stamps && rules.holds && calendar.queued.length === 0) {
    const inputs = { version: ownVersion(), stamps: read.stamps, media: read.media, publish: calendar.config.publish, ledger: tip };
    rememberCheck(calendar.root, inputs, rules.holds, outcome);
  }
  return { root: calendar.root, ...outcome };
}
