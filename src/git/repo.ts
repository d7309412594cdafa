// Git for the publish ledger: small functions, each with an explicit cwd, through simple-git.
// Commands that stream stdin (cat-file --batch, fast-import) live in ./plumbing.ts.
import { simpleGit, type SimpleGit } from 'simple-git';
import { trackingRef } from './ref-name.js';

function git(cwd: string): SimpleGit {
  // Never prompt for credentials in CI: a missing token must fail, not hang.
  return simpleGit({ baseDir: cwd, trimmed: true, config: ['credential.interactive=false'] });
}

/** The top of the work tree containing cwd, or undefined when cwd is not in a git repository (or git is missing). */
export async function repoRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await git(cwd).raw(['rev-parse', '--show-toplevel'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The top of the work tree and whether the clone is shallow, in one git process; undefined outside a repository. */
export async function repoInfo(cwd: string): Promise<{ root: string; shallow: boolean } | undefined> {
  try {
    const [root, shallow] = (await git(cwd).raw(['rev-parse', '--show-toplevel', '--is-shallow-repository'])).split('\n').map((l) => l.trim());
    return root ? { root, shallow: shallow === 'true' } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The commits these refs point at (annotated tags peeled), in one git process; a ref that does
 * not exist or does not lead to a commit is left out. Names must be full (`refs/…`).
 */
export async function resolveRefs(cwd: string, refs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (refs.length === 0) return out;
  const lines = await git(cwd).raw(['for-each-ref', '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)', ...refs]);
  const wanted = new Set(refs);
  for (const line of lines.split('\n')) {
    const [name, type, sha, peeledType, peeled] = line.split('\0');
    // for-each-ref also lists refs below a pattern (refs/x matches refs/x/y): keep exact names.
    if (!wanted.has(name)) continue;
    if (type === 'commit') out.set(name, sha);
    else if (type === 'tag' && peeledType === 'commit') out.set(name, peeled);
  }
  return out;
}

/** A new repository in `dir` on branch main, the branch the workflows `init` writes run on. */
export async function initRepository(dir: string): Promise<void> {
  await git(dir).raw(['init', '--quiet', '--initial-branch=main']);
}

/** Commits exactly `paths` (and nothing else that happens to be staged); returns the commit id. */
export async function commitPaths(cwd: string, paths: string[], message: string): Promise<string> {
  try {
    await git(cwd).raw(['add', '--', ...paths]);
    await git(cwd).raw(['commit', '--quiet', '--no-verify', '-m', message, '--', ...paths]);
  } catch (error) {
    throw new GitFailure('git commit', errorText(error));
  }
  return (await git(cwd).raw(['rev-parse', 'HEAD'])).trim();
}

export async function isShallow(cwd: string): Promise<boolean> {
  return (await git(cwd).raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/** The commit a ref points at, or undefined when the ref does not exist. */
export async function resolveRef(cwd: string, ref: string): Promise<string | undefined> {
  try {
    const sha = (await git(cwd).raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
    return sha || undefined;
  } catch {
    return undefined;
  }
}

export async function remoteUrl(cwd: string, remote: string): Promise<string | undefined> {
  try {
    return (await git(cwd).raw(['config', '--get', `remote.${remote}.url`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The repository's git directory shared by all its worktrees (absolute). */
export async function commonGitDir(cwd: string): Promise<string> {
  return (await git(cwd).raw(['rev-parse', '--path-format=absolute', '--git-common-dir'])).trim();
}

/** The names of the checkout's remotes. */
export async function remoteNames(cwd: string): Promise<string[]> {
  try {
    return (await git(cwd).raw(['remote'])).split('\n').map((l) => l.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

export async function configValue(cwd: string, key: string): Promise<string | undefined> {
  try {
    return (await git(cwd).raw(['config', '--get', key])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export { trackingRef };

/**
 * Fetches one branch into its remote-tracking ref. Answers false when the remote has no such
 * branch. In a shallow clone only the tip is fetched, so years of ledger history stay on the server.
 */
export async function fetchBranch(cwd: string, remote: string, branch: string, extra: string[] = [], known: { shallow?: boolean } = {}): Promise<boolean> {
  const args = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head'];
  if (known.shallow ?? (await isShallow(cwd))) args.push('--depth=1');
  args.push(remote, `+refs/heads/${branch}:${trackingRef(remote, branch)}`, ...extra);
  try {
    await git(cwd).raw(args);
    return true;
  } catch (error) {
    const message = errorText(error);
    if (/couldn't find remote ref|no such ref|not our ref/i.test(message)) {
      // The branch is gone (or never existed): forget any stale tracking ref.
      await deleteRef(cwd, trackingRef(remote, branch));
      if (extra.length) await fetchRefs(cwd, remote, extra, known);
      return false;
    }
    throw new GitFailure(`git fetch ${remote} ${branch}`, message);
  }
}

/** Fetches refspecs (globs match nothing without failing). */
export async function fetchRefs(cwd: string, remote: string, refspecs: string[], known: { shallow?: boolean } = {}): Promise<void> {
  const args = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head'];
  if (known.shallow ?? (await isShallow(cwd))) args.push('--depth=1');
  try {
    await git(cwd).raw([...args, remote, ...refspecs]);
  } catch (error) {
    throw new GitFailure(`git fetch ${remote}`, errorText(error));
  }
}

/** Pushes `sha` to any ref on the remote; `force` replaces what is there. */
export async function pushRef(cwd: string, remote: string, sha: string, ref: string, force: boolean): Promise<void> {
  try {
    await git(cwd).raw(['push', '--quiet', '--porcelain', remote, `${force ? '+' : ''}${sha}:${ref}`]);
  } catch (error) {
    throw new GitFailure(`git push ${remote} ${ref}`, errorText(error));
  }
}

/** Whether the remote has this branch (git ls-remote); throws GitFailure when the remote cannot be reached. */
export async function remoteHasBranch(cwd: string, remote: string, branch: string): Promise<boolean> {
  try {
    return (await git(cwd).raw(['ls-remote', '--heads', remote, `refs/heads/${branch}`])).trim() !== '';
  } catch (error) {
    throw new GitFailure(`git ls-remote ${remote}`, errorText(error));
  }
}

export type PushResult = 'pushed' | 'rejected';

/**
 * Pushes a commit to a branch on the remote without force: 'rejected' when the branch moved
 * (someone else pushed first). On success the remote-tracking ref is moved too.
 */
export async function pushCommit(cwd: string, remote: string, sha: string, branch: string): Promise<PushResult> {
  try {
    await git(cwd).raw(['push', '--quiet', '--porcelain', remote, `${sha}:refs/heads/${branch}`]);
  } catch (error) {
    const message = errorText(error);
    const lock = staleLock(message);
    if (lock) throw new RefLockedError(`git push ${remote} ${branch}`, message, lock);
    if (/\[rejected\]|\[remote rejected\].*(?:cannot lock|failed to update)|non-fast-forward|fetch first|stale info|failed to update ref|cannot lock ref/i.test(message)) {
      return 'rejected';
    }
    throw new GitFailure(`git push ${remote} ${branch}`, message);
  }
  await updateRef(cwd, trackingRef(remote, branch), sha);
  return 'pushed';
}

/**
 * Moves a ref to `sha` only if it still points at `expected` (undefined: only if it does not
 * exist). Answers false when someone else moved it first: the local form of a rejected push.
 */
export async function compareAndSwapRef(cwd: string, ref: string, sha: string, expected: string | undefined): Promise<boolean> {
  try {
    await git(cwd).raw(['update-ref', '-m', 'socialcal', ref, sha, expected ?? '0'.repeat(40)]);
    return true;
  } catch (error) {
    const lock = staleLock(errorText(error));
    if (lock) throw new RefLockedError(`git update-ref ${ref}`, errorText(error), lock);
    if (/cannot lock ref|but expected|reference already exists|is at .* but expected/i.test(errorText(error))) return false;
    throw new GitFailure(`git update-ref ${ref}`, errorText(error));
  }
}

export async function updateRef(cwd: string, ref: string, sha: string): Promise<void> {
  await git(cwd).raw(['update-ref', ref, sha]);
}

export async function deleteRef(cwd: string, ref: string): Promise<void> {
  try {
    await git(cwd).raw(['update-ref', '-d', ref]);
  } catch {
    // Nothing to delete.
  }
}

export interface TreeEntry {
  path: string;
  /** Blob id. */
  sha: string;
  /** File mode: 100644, 100755, or 120000 for a symlink. */
  mode: string;
  /** Size in bytes, when asked for (it costs git a look at each object). */
  size?: number;
}

/** Blobs under `dir` (recursive; or under each of several paths) in a commit's tree, with their sizes when `sizes` is set. */
export async function listFiles(cwd: string, commit: string, opts: { dir?: string | string[]; sizes?: boolean } = {}): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', ...(opts.sizes ? ['-l'] : []), commit];
  if (opts.dir?.length) args.push('--', ...(typeof opts.dir === 'string' ? [opts.dir] : opts.dir));
  const out = await git(cwd).raw(args);
  const entries: TreeEntry[] = [];
  for (const line of out.split('\0')) {
    if (!line) continue;
    // "<mode> <type> <sha>[ <size>]\t<path>"
    const tab = line.indexOf('\t');
    const [mode, type, sha, size] = line.slice(0, tab).trim().split(/\s+/);
    if (type !== 'blob') continue;
    entries.push({ path: line.slice(tab + 1), sha, mode, ...(opts.sizes ? { size: Number(size) } : {}) });
  }
  return entries;
}

/** A git command failed for a reason other than the expected ones (no branch, rejected push). */
export class GitFailure extends Error {
  constructor(
    readonly command: string,
    readonly detail: string,
  ) {
    super(`${command} failed: ${detail.trim().split('\n').slice(-3).join(' ').slice(0, 500)}`);
    this.name = 'GitFailure';
  }
}

/**
 * A ref whose lock file exists: another git process is writing it, or one crashed and left the
 * lock behind. Retrying does not help until someone removes it.
 */
export class RefLockedError extends GitFailure {
  constructor(
    command: string,
    detail: string,
    /** Git's own words, e.g. "cannot lock ref 'refs/heads/x': Unable to create '…/x.lock': File exists." */
    readonly gitSays: string,
  ) {
    super(command, detail);
    this.name = 'RefLockedError';
  }
}

/** Git's line about a lock file that already exists, or undefined. */
function staleLock(message: string): string | undefined {
  const m = /(?:error: )?(cannot lock ref '[^']*': Unable to create '[^']*\.lock': File exists\.)/.exec(message);
  return m?.[1];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
