import { readCalendarFiles, type CalendarFiles } from '../calendar/files.js';
import { buildCalendar } from '../calendar/load.js';
import { calendarFilesAt, defaultBranch, ensureMergeBase, resolveCommit } from '../git/revision.js';
import { UsageError } from '../errors.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { buildPlan, type Plan, type Side } from './plan.js';

// The I/O around the plan: which revisions to compare, their files, the ledger.

export interface PlanRequest {
  /** The calendar folder (inside a git work tree). */
  root: string;
  /** Compare with the merge-base of this and the head; default: the default branch. */
  base?: string;
  /** A revision to plan instead of the working tree. */
  head?: string;
  now: Date;
}

export const WORKING_TREE = 'working tree';

export async function planChange(req: PlanRequest): Promise<Plan> {
  const baseRev = req.base ?? (await defaultBranch(req.root));
  const headCommit = req.head ? await resolveCommit(req.root, req.head) : undefined;
  if (req.head && !headCommit) throw new UsageError(`--head ${req.head}: not a commit here`, 'pass a branch, tag or commit, or leave --head out to plan the working tree');
  const baseCommit = await ensureMergeBase(req.root, baseRev, headCommit ?? 'HEAD');
  const head: Side = headCommit ? { rev: req.head!, commit: headCommit } : { rev: WORKING_TREE };
  const baseFiles = await calendarFilesAt(req.root, baseCommit);
  const headFiles: CalendarFiles = head.commit ? await calendarFilesAt(req.root, head.commit) : readCalendarFiles(req.root);
  const headLoaded = buildCalendar(headFiles);
  const ledger = headLoaded.calendar ? await readLedgerView(headLoaded.calendar) : undefined;
  return buildPlan({ base: { rev: baseRev, commit: baseCommit }, head, baseFiles, headFiles, headLoaded, now: req.now, ledger });
}
