import { simpleGit, type SimpleGit } from 'simple-git';
import { rootPrefix } from './revision.js';

// A file's history from git: the commits that touched it (following renames), and the pull
// request that brought each one in — from a merge commit ("Merge pull request #N from …") or a
// squash subject ("… (#N)").

function git(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd });
}

export type FileChange = 'added' | 'modified' | 'renamed' | 'deleted' | 'copied' | 'type-changed';

export interface PullRequestLink {
  number: number;
  /** How it was merged: a merge commit, or a squash/rebase commit whose subject ends "(#N)". */
  via: 'merge' | 'squash';
  /** The merge commit (for `merge`) or the squash commit itself. */
  commit: string;
  mergedBy: string;
  mergedAt: string;
  /** The merge commit's subject (the PR title is its body's first line on GitHub). */
  title?: string;
}

export interface FileCommit {
  commit: string;
  author: string;
  email: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
  subject: string;
  change: FileChange;
  /** Path after this commit, relative to the calendar root. */
  path: string;
  /** Path before a rename. */
  previousPath?: string;
  pullRequest?: PullRequestLink;
}

const CHANGES: Record<string, FileChange> = { A: 'added', M: 'modified', R: 'renamed', D: 'deleted', C: 'copied', T: 'type-changed' };
const MERGE_SUBJECT = /^Merge pull request #(\d+) from /;
const SQUASH_SUBJECT = /\(#(\d+)\)\s*$/;
const RS = '\x1e';
const US = '\x1f';

/** Commits that touched `path` (relative to `cwd`), newest first, following renames. */
export async function fileHistory(cwd: string, path: string): Promise<FileCommit[]> {
  const prefix = await rootPrefix(cwd);
  const strip = (p: string) => (prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p);
  let out: string;
  try {
    out = await git(cwd).raw(['log', '--follow', '-M', '--name-status', `--format=${RS}%H${US}%an${US}%ae${US}%aI${US}%s`, '--', path]);
  } catch {
    return []; // no commits yet
  }
  const commits: FileCommit[] = [];
  for (const record of out.split(RS)) {
    if (!record.trim()) continue;
    const [header, ...rest] = record.split('\n');
    const [commit, author, email, date, subject] = header.split(US);
    const status = rest.find((l) => /^[AMRDCT]\d*\t/.test(l));
    if (!status) continue;
    const [code, first, second] = status.split('\t');
    const change = CHANGES[code[0]];
    commits.push({
      commit,
      author,
      email,
      date,
      subject,
      change,
      path: strip(second ?? first),
      previousPath: change === 'renamed' || change === 'copied' ? strip(first) : undefined,
    });
  }
  await linkPullRequests(cwd, commits);
  return commits;
}

/** Finds, for each commit, the pull request that brought it onto the current branch. */
async function linkPullRequests(cwd: string, commits: FileCommit[]): Promise<void> {
  if (commits.length === 0) return;
  const mainline = (await git(cwd).raw(['rev-list', '--first-parent', 'HEAD'])).split('\n').filter(Boolean);
  const position = new Map(mainline.map((c, i) => [c, i]));
  for (const c of commits) {
    const squash = SQUASH_SUBJECT.exec(c.subject);
    if (position.has(c.commit)) {
      if (squash) c.pullRequest = { number: Number(squash[1]), via: 'squash', commit: c.commit, mergedBy: c.author, mergedAt: c.date };
      continue;
    }
    // Not on the mainline: the oldest mainline merge that descends from it merged it.
    const merges = (await git(cwd).raw(['rev-list', '--ancestry-path', '--merges', `${c.commit}..HEAD`])).split('\n').filter((m) => position.has(m));
    const merge = merges.sort((a, b) => position.get(b)! - position.get(a)!)[0];
    if (!merge) continue;
    const [by, at, subject] = (await git(cwd).raw(['show', '-s', `--format=%an${US}%aI${US}%s`, merge])).trim().split(US);
    const number = MERGE_SUBJECT.exec(subject)?.[1] ?? SQUASH_SUBJECT.exec(subject)?.[1];
    if (number) c.pullRequest = { number: Number(number), via: 'merge', commit: merge, mergedBy: by, mergedAt: at, title: subject };
  }
}

/** Files under `dir` that were deleted at some point, newest deletion first (to find removed posts). */
export async function deletedFiles(cwd: string, dir: string): Promise<string[]> {
  const prefix = await rootPrefix(cwd);
  try {
    const out = await git(cwd).raw(['log', '--diff-filter=D', '--name-only', '--format=', '--', dir]);
    return [...new Set(out.split('\n').filter(Boolean).map((p) => (prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p)))];
  } catch {
    return [];
  }
}
