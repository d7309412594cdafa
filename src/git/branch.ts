// Git for `serve`'s change bar: what changed in the calendar since the last commit, which branch
// is checked out, and starting a branch. Small functions, each with an explicit cwd.
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitFailure } from './repo.js';

function git(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd, trimmed: false, config: ['credential.interactive=false'] });
}

export type ChangeState = 'added' | 'modified' | 'deleted' | 'renamed' | 'untracked';

export interface ChangedFile {
  /** Relative to `cwd`, forward slashes. */
  path: string;
  state: ChangeState;
}

/** Files under `cwd` that differ from the last commit, staged or not (like `git status`). */
export async function changedFiles(cwd: string): Promise<ChangedFile[]> {
  const prefix = (await git(cwd).raw(['rev-parse', '--show-prefix'])).trim();
  const out = await git(cwd).raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', '.']);
  const files: ChangedFile[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const path = entry.slice(3);
    if (!path.startsWith(prefix)) continue;
    files.push({ path: path.slice(prefix.length), state: stateOf(code) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function stateOf(code: string): ChangeState {
  if (code === '??') return 'untracked';
  if (code.includes('D')) return 'deleted';
  if (code.includes('A')) return 'added';
  if (code.includes('R')) return 'renamed';
  return 'modified';
}

/** The checked-out branch, or undefined on a detached HEAD. */
export async function currentBranch(cwd: string): Promise<string | undefined> {
  try {
    return (await git(cwd).raw(['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Creates `name` at HEAD and checks it out; the work tree's changes come along. */
export async function startBranch(cwd: string, name: string): Promise<void> {
  try {
    await git(cwd).raw(['switch', '--quiet', '-c', name]);
  } catch (error) {
    throw new GitFailure(`git switch -c ${name}`, error instanceof Error ? error.message : String(error));
  }
}
