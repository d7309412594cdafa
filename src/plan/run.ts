import { readCalendarFiles, type CalendarFiles } from '../calendar/files.js';
import { openCache } from '../calendar/cache.js';
import { buildCalendar } from '../calendar/load.js';
import { ownVersion } from '../version.js';
import { calendarFilesAt, changedPaths, defaultBranch, ensureMergeBase, resolveCommit, type FilesAtRevision } from '../git/revision.js';
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
  const head: Side = headCommit ? { rev: req.head!, commit: headCommit } : { rev: WORKING_TREE };
  const headFiles: CalendarFiles | FilesAtRevision = head.commit
    ? await calendarFilesAt(req.root, head.commit)
    : readCalendarFiles(req.root, req.cache ? (root, config) => openCache(root, ownVersion(), config) : undefined);
  const { baseFiles, changed } = await baseSide(req.root, baseCommit, head.commit, headFiles);
  // A change to posts only: the head's posts the plan can need, not all of them.
  const headLoaded = changed ? loadPlanHead(headFiles, changed) : buildCalendar(headFiles);
  const ledger = headLoaded.calendar ? await readLedgerView(headLoaded.calendar) : undefined;
  const plan = buildPlan({ base: { rev: baseRev, commit: baseCommit }, head, baseFiles, headFiles, headLoaded, now: req.now, ledger, changed });
  // After the plan: the positions its findings were located at are kept too.
  headFiles.cache?.save();
  return plan;
}

/**
 * The base's files a plan needs. When the change touches posts only, that is the config, the
 * campaigns and the changed posts (the paths `git diff` names, and the files git does not
 * track); else, or when a symlink could hide a change from git, every file, compared byte by byte.
 */
async function baseSide(root: string, baseCommit: string, headCommit: string | undefined, headFiles: CalendarFiles | FilesAtRevision): Promise<{ baseFiles: CalendarFiles; changed?: Set<string> }> {
  const changed = await changedPaths(root, baseCommit, headCommit);
  const postsOnly = [...changed].every((path) => path.startsWith('posts/') || !isCalendarPath(path));
  // A file read through a symlink has no stamp on disk (a cached file always has one).
  const headLinks = 'symlinks' in headFiles ? headFiles.symlinks : headFiles.files.some((f) => !f.stamp && !f.cached && f.bytes);
  if (!postsOnly || headLinks) return { baseFiles: await calendarFilesAt(root, baseCommit) };
  const base = await calendarFilesAt(root, baseCommit, { posts: changed });
  if (base.symlinks) return { baseFiles: await calendarFilesAt(root, baseCommit) };
  return { baseFiles: base, changed };
}

function isCalendarPath(path: string): boolean {
  return path === 'socialcal.yaml' || ((path.startsWith('campaigns/') || path.startsWith('posts/')) && /\.ya?ml$/i.test(path));
}
