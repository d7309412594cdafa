import { readCalendarFiles, type CalendarFiles } from '../calendar/files.js';
import { openCache } from '../calendar/cache.js';
import { buildCalendar } from '../calendar/load.js';
import { ownVersion } from '../version.js';
import { calendarFilesAt, changedPaths, defaultBranch, ensureMergeBase, resolveCommit, rootPrefix, type FilesAtRevision } from '../git/revision.js';
import { UsageError } from '../errors.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { buildPlan, type Plan, type Side } from './plan.js';
import { loadPlanHead } from './scan.js';

// The I/O around the plan: which revisions to compare, their files, the ledger.

export interface PlanRequest {
  /** The calendar folder (inside a git work tree). */
  root: string;
  /** Compare with the merge-base of this and the head; default: the default branch. */
  base?: string;
  /** A revision to plan instead of the working tree. */
  head?: string;
  now: Date;
  /** Read the working tree through the parse cache (node_modules/.cache/socialcal). */
  cache?: boolean;
}

export const WORKING_TREE = 'working tree';

export async function planChange(req: PlanRequest): Promise<Plan> {
  const baseRev = req.base ?? (await defaultBranch(req.root));
  const headCommit = req.head ? await resolveCommit(req.root, req.head) : undefined;
  if (req.head && !headCommit) throw new UsageError(`--head ${req.head}: not a commit here`, 'pass a branch, tag or commit, or leave --head out to plan the working tree');
  const baseCommit = await ensureMergeBase(req.root, baseRev, headCommit ?? 'HEAD');
  const prefix = await rootPrefix(req.root);
  const head: Side = headCommit ? { rev: req.head!, commit: headCommit } : { rev: WORKING_TREE };
  // git first, while the process is small: starting a child costs more as the heap grows.
  const changed = await changedPaths(req.root, baseCommit, headCommit);
  const postsOnly = [...changed].every((path) => path.startsWith('posts/') || !isCalendarPath(path));
  const fewBase = postsOnly ? await calendarFilesAt(req.root, baseCommit, { posts: changed, known: { commit: baseCommit, prefix } }) : undefined;
  const headFiles: CalendarFiles | FilesAtRevision = headCommit
    ? await calendarFilesAt(req.root, headCommit, { known: { commit: headCommit, prefix } })
    : readCalendarFiles(req.root, req.cache ? (root, config) => openCache(root, ownVersion(), config) : undefined);
  // A change to posts only: the base's config, campaigns and changed posts, and the head's
  // posts the plan can need, not all of them. Else (or when a symlink could hide a change from
  // git) every file of the base, compared byte by byte.
  const baseFiles = fewBase && !fewBase.symlinks && !headLinks(headFiles) ? fewBase : undefined;
  const headLoaded = baseFiles ? loadPlanHead(headFiles, changed) : buildCalendar(headFiles);
  const ledger = headLoaded.calendar ? await readLedgerView(headLoaded.calendar) : undefined;
  const plan = buildPlan({
    base: { rev: baseRev, commit: baseCommit },
    head,
    baseFiles: baseFiles ?? (await calendarFilesAt(req.root, baseCommit, { known: { commit: baseCommit, prefix } })),
    headFiles,
    headLoaded,
    now: req.now,
    ledger,
    changed: baseFiles ? changed : undefined,
  });
  // After the plan: the positions its findings were located at are kept too.
  headFiles.cache?.save();
  return plan;
}

/** Whether a head file is read through a symlink (its target can change without git seeing the link change). */
function headLinks(headFiles: CalendarFiles | FilesAtRevision): boolean {
  // A file read through a symlink has no stamp on disk (a cached file always has one).
  return 'symlinks' in headFiles ? headFiles.symlinks : headFiles.files.some((f) => !f.stamp && !f.cached && f.bytes);
}

function isCalendarPath(path: string): boolean {
  return path === 'socialcal.yaml' || ((path.startsWith('campaigns/') || path.startsWith('posts/')) && /\.ya?ml$/i.test(path));
}
