import { posix } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { CONFIG_FILE, type CalendarFile, type CalendarFiles, type MediaInfo } from '../calendar/files.js';
import { insidePath, isGitPath } from '../calendar/repo-path.js';
import { MAX_FILE_BYTES } from '../calendar/repo-path.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { readBlobBytes } from './plumbing.js';
import { listFiles } from './repo.js';

// The calendar as it was at a git revision, and the revisions `plan` and `approvals` compare:
// the default branch, the merge-base, and fetching what a shallow CI clone lacks.

function git(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd });
}

interface TreeEntry {
  mode: string;
  oid: string;
  size: number;
  /** Relative to the calendar root. */
  path: string;
}

/** The full commit id of `rev`, or undefined when it does not name a commit here. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  try {
    return (await git(cwd).raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The calendar root relative to the repository's top level ('' at the top, else 'dir/'). */
export async function rootPrefix(cwd: string): Promise<string> {
  try {
    return (await git(cwd).raw(['rev-parse', '--show-prefix'])).trim();
  } catch {
    throw new EnvironmentError(`${cwd} is not inside a git repository`, 'plan, approvals and log read the calendar\'s git history; run them in a clone');
  }
}

async function listTree(cwd: string, commit: string, prefix: string, only?: string[]): Promise<TreeEntry[]> {
  const entries = await listFiles(cwd, commit, { dir: only ? only.map((path) => prefix + path) : prefix || undefined, sizes: true });
  return entries.map((e) => ({ mode: e.mode, oid: e.sha, size: e.size ?? 0, path: e.path.slice(prefix.length) }));
}

async function readBlobs(cwd: string, oids: string[]): Promise<Map<string, Buffer>> {
  try {
    return await readBlobBytes(cwd, oids);
  } catch (error) {
    throw new EnvironmentError(error instanceof Error ? error.message : String(error));
  }
}

const YAML_FILE = /\.ya?ml$/i;
const SYMLINK = '120000';

function kindOf(path: string): CalendarFile['kind'] | undefined {
  if (path === CONFIG_FILE) return 'config';
  if (!YAML_FILE.test(path)) return undefined;
  if (path.startsWith('campaigns/')) return 'campaign';
  if (path.startsWith('posts/')) return 'post';
  return undefined;
}

export interface FilesAtRevision extends CalendarFiles {
  /** Some calendar file read is a symlink (its target may change without the link changing). */
  symlinks: boolean;
}

/** What the caller has asked git already: `rev` as a full commit id, and `rootPrefix(root)`. */
export interface KnownRevision {
  commit: string;
  prefix: string;
}

/** More changed posts than this: the whole tree is listed (a command line has its limits). */
const MAX_LISTED_POSTS = 2000;

/**
 * The calendar files of the commit `rev`, in the shape the loader reads from disk; `root` is
 * the calendar folder (it may sit below the repository's top level). With `posts`, the only
 * post files listed and read are those it names (config and campaigns always are): `plan` on a
 * large calendar needs the few posts a change touched, not ten thousand blobs.
 */
export async function calendarFilesAt(root: string, rev: string, opts: { posts?: ReadonlySet<string>; known?: KnownRevision } = {}): Promise<FilesAtRevision> {
  const commit = opts.known?.commit ?? (await resolveCommit(root, rev));
  if (!commit) throw new UsageError(`"${rev}" is not a commit in ${root}`, 'pass a branch, tag or commit that exists here (git fetch it first)');
  const prefix = opts.known?.prefix ?? (await rootPrefix(root));
  const posts = opts.posts && opts.posts.size <= MAX_LISTED_POSTS ? [...opts.posts].filter((path) => kindOf(path) === 'post') : undefined;
  const listed = await listTree(root, commit, prefix, posts && [CONFIG_FILE, 'campaigns', ...posts]);
  const entries = opts.posts && !posts ? listed.filter((e) => kindOf(e.path) !== 'post' || opts.posts!.has(e.path)) : listed;
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const linked = entries.some((e) => e.mode === SYMLINK && kindOf(e.path));

  const wanted = entries.filter((e) => kindOf(e.path) && (e.mode === SYMLINK || e.size <= MAX_FILE_BYTES));
  const symlinks = entries.filter((e) => e.mode === SYMLINK);
  const blobs = await readBlobs(root, [...wanted, ...symlinks].map((e) => e.oid));

  /** Follows symlinks inside the tree; undefined when a link loops. Nothing in a `.git` folder is calendar content. */
  const follow = (path: string, depth = 0): TreeEntry | 'outside' | 'git' | undefined => {
    if (isGitPath(path)) return 'git';
    const entry = byPath.get(path);
    if (!entry || entry.mode !== SYMLINK) return entry;
    if (depth > 8) return undefined;
    const target = insidePath(posix.join(posix.dirname(path), blobs.get(entry.oid)?.toString('utf8') ?? ''));
    return target ? follow(target, depth + 1) : 'outside';
  };

  const files: CalendarFile[] = [];
  for (const entry of entries) {
    const kind = kindOf(entry.path);
    if (!kind) continue;
    const target = follow(entry.path);
    if (target === 'git') {
      files.push({ path: entry.path, kind, issue: { code: 'file-in-git', target: blobs.get(entry.oid)?.toString('utf8') ?? entry.path } });
    } else if (target === 'outside' || target === undefined) {
      files.push({ path: entry.path, kind, issue: { code: 'file-outside', target: blobs.get(entry.oid)?.toString('utf8') ?? 'nowhere' } });
    } else if (target.size > MAX_FILE_BYTES) {
      files.push({ path: entry.path, kind, issue: { code: 'file-too-large', size: target.size } });
    } else {
      const bytes = blobs.get(target.oid) ?? (await readBlobs(root, [target.oid])).get(target.oid);
      files.push({ path: entry.path, kind, bytes: bytes ? new Uint8Array(bytes) : new Uint8Array() });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const media = (path: string): MediaInfo => {
    const inside = insidePath(path);
    if (!inside) return { exists: false, outside: true };
    const target = follow(inside);
    if (target === 'outside') return { exists: true, outside: true };
    if (target === 'git') return { exists: true, git: true };
    return target ? { exists: true, size: target.size } : { exists: false };
  };
  return { root, files, media, symlinks: linked };
}

/**
 * Paths (relative to the calendar folder `root`) that differ between the commit `base` and
 * `head` (a commit, or the working tree when undefined), as git sees them: edited, added,
 * deleted, and in the working tree any file git does not track.
 */
export async function changedPaths(root: string, base: string, head?: string): Promise<Set<string>> {
  const args = ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--ignore-submodules', '--relative', base, ...(head ? [head] : []), '--'];
  try {
    const paths = new Set((await git(root).raw(args)).split('\0').filter(Boolean));
    // In the working tree, also the files git does not track (new, or ignored) under the calendar's folders.
    if (!head) for (const path of (await git(root).raw(['ls-files', '-z', '--others', '--', CONFIG_FILE, 'campaigns', 'posts'])).split('\0')) if (path) paths.add(path);
    return paths;
  } catch (error) {
    throw new EnvironmentError(`git diff ${base}${head ? ` ${head}` : ''} failed: ${(error as Error).message.trim().split('\n')[0]}`, 'check that both revisions exist here');
  }
}

// ── which revision to compare with ──────────────────────────────────────────

export async function isShallow(cwd: string): Promise<boolean> {
  return (await git(cwd).raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

async function hasRemote(cwd: string, remote: string): Promise<boolean> {
  const remotes = await git(cwd).getRemotes();
  return remotes.some((r) => r.name === remote);
}

/**
 * The default branch as a revision: origin/HEAD, else main or master (remote-tracking
 * first), else what the remote says its HEAD is (fetched, for shallow CI clones).
 */
export async function defaultBranch(cwd: string, remote = 'origin'): Promise<string> {
  await rootPrefix(cwd); // a clear error outside a repository
  try {
    const ref = (await git(cwd).raw(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`])).trim();
    if (ref) return ref.replace(/^refs\/remotes\//, '');
  } catch {
    // no origin/HEAD: a fresh `git init` or a CI checkout
  }
  for (const candidate of [`${remote}/main`, `${remote}/master`, 'main', 'master']) {
    if (await resolveCommit(cwd, candidate)) return candidate;
  }
  if (await hasRemote(cwd, remote)) {
    const out = await git(cwd).raw(['ls-remote', '--symref', remote, 'HEAD']);
    const branch = /^ref: refs\/heads\/(\S+)\s+HEAD/m.exec(out)?.[1];
    if (branch) {
      await git(cwd).raw(['fetch', '--quiet', '--depth=1', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
      return `${remote}/${branch}`;
    }
  }
  throw new UsageError('cannot tell the default branch: no origin/HEAD, main or master here', 'pass --base <branch or commit>');
}

export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await git(cwd).raw(['merge-base', '--end-of-options', a, b])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface BaseOptions {
  remote?: string;
  /** How far to deepen a shallow clone at first; doubled until the merge-base appears. */
  depth?: number;
}

/**
 * The merge-base of `base` and `head`, fetching what a shallow clone lacks: the base itself
 * (`git fetch --depth=N origin <base>`), then deeper history until the two meet.
 */
export async function ensureMergeBase(cwd: string, base: string, head: string, opts: BaseOptions = {}): Promise<string> {
  const remote = opts.remote ?? 'origin';
  // Both commits here, the usual case: one git process (merge-base fails on anything but two commits).
  let found = await mergeBase(cwd, base, head);
  if (found) return found;
  await rootPrefix(cwd); // a clear error outside a repository
  const canFetch = (await isShallow(cwd)) || !(await resolveCommit(cwd, base));
  if (!canFetch || !(await hasRemote(cwd, remote))) {
    if (!(await resolveCommit(cwd, base))) {
      throw new UsageError(`"${base}" is not a commit here`, `fetch it first (git fetch ${remote} ${base}) or pass another --base`);
    }
    throw new UsageError(`"${base}" and ${head} have no common history`, 'pass a --base that this branch was made from');
  }
  let depth = opts.depth ?? 50;
  let baseRev = base;
  if (!(await resolveCommit(cwd, base))) {
    // A branch name fetches into its remote-tracking ref; a commit id is fetched as itself.
    const name = base.startsWith(`${remote}/`) ? base.slice(remote.length + 1) : base;
    const isSha = /^[0-9a-f]{40}$/i.test(name);
    const refspec = isSha ? name : `+refs/heads/${name}:refs/remotes/${remote}/${name}`;
    await fetch(cwd, ['--depth', String(depth), remote, refspec], base);
    baseRev = isSha ? name : `${remote}/${name}`;
  }
  for (let round = 0; round < 6; round++) {
    found = await mergeBase(cwd, baseRev, head);
    if (found) return found;
    if (!(await isShallow(cwd))) break;
    await fetch(cwd, [`--deepen=${depth}`, remote, await baseRefspec(cwd, baseRev)], base);
    depth *= 2;
  }
  if (await isShallow(cwd)) {
    await fetch(cwd, ['--unshallow', remote], base);
    found = await mergeBase(cwd, baseRev, head);
    if (found) return found;
  }
  throw new UsageError(`"${base}" and ${head} have no common history`, 'pass a --base that this branch was made from');
}

/** What to fetch when deepening: the base's own ref, so history on both sides grows. */
async function baseRefspec(cwd: string, baseRev: string): Promise<string> {
  const commit = await resolveCommit(cwd, baseRev);
  return commit ?? baseRev;
}

async function fetch(cwd: string, args: string[], base: string): Promise<void> {
  try {
    await git(cwd).raw(['fetch', '--quiet', '--no-tags', ...args]);
  } catch (error) {
    throw new EnvironmentError(
      `could not fetch "${base}" from the remote: ${(error as Error).message.trim().split('\n')[0]}`,
      'check the remote and your access, or fetch the base yourself (git fetch origin <base>)',
    );
  }
}

