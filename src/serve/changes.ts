import { request } from 'undici';
import { changedFiles, currentBranch, startBranch, type ChangedFile } from '../git/branch.js';
import { branchNameProblem } from '../git/ref-name.js';
import { commitPaths, pushRef, remoteUrl, resolveRef } from '../git/repo.js';
import { defaultBranch } from '../git/revision.js';
import { planChange } from '../plan/run.js';
import { planMarkdown } from '../views/plan/markdown.js';
import { WriteRefused } from './workspace.js';

// The change bar: what changed since the last commit, committing it to a branch (never to the
// default branch), and opening a pull request whose body is the `plan` for review.

export interface ChangeBar {
  branch?: string;
  defaultBranch: string;
  files: ChangedFile[];
}

export async function changeBar(root: string): Promise<ChangeBar> {
  return { branch: await currentBranch(root), defaultBranch: await defaultBranchName(root), files: await changedFiles(root) };
}

/**
 * Commits every changed calendar file to `branch`: a new branch made here from HEAD, or the
 * branch already checked out when that is not the default branch.
 */
export async function commitToBranch(root: string, branch: string, message: string): Promise<{ branch: string; commit: string; files: string[] }> {
  const problem = branchNameProblem(branch);
  if (problem) throw new WriteRefused(`"${branch}" cannot be a branch name: ${problem}`, 400);
  if (!message.trim()) throw new WriteRefused('write a commit message: it is what reviewers read first', 400);
  const bar = await changeBar(root);
  if (branch === bar.defaultBranch) {
    throw new WriteRefused(`serve never commits to the default branch (${branch}); name a new branch and open a pull request from it`, 400);
  }
  if (bar.files.length === 0) throw new WriteRefused('nothing to commit: no calendar file changed since the last commit', 400);
  if (bar.branch !== branch) {
    if (await resolveRef(root, `refs/heads/${branch}`)) throw new WriteRefused(`a branch named ${branch} exists already; choose another name`, 409);
    await startBranch(root, branch);
  }
  const files = bar.files.map((f) => f.path);
  const commit = await commitPaths(root, files, message.trim());
  return { branch, commit, files };
}

export interface GitHubTarget {
  apiUrl: string;
  token: string;
  /** owner/name; read from the origin remote's URL when absent. */
  repo?: string;
  remote?: string;
}

/** Pushes the checked-out branch and opens a pull request into the default branch with the plan as its body. */
export async function openPullRequest(root: string, github: GitHubTarget, title: string, now: Date): Promise<{ url: string; number: number }> {
  const remote = github.remote ?? 'origin';
  const branch = await currentBranch(root);
  const base = await defaultBranchName(root);
  if (!branch || branch === base) throw new WriteRefused(`commit to a new branch first: the checked-out branch is ${branch ?? 'none (detached HEAD)'}`, 400);
  const repo = github.repo ?? githubRepo(await remoteUrl(root, remote));
  if (!repo) throw new WriteRefused(`cannot tell the GitHub repository from remote "${remote}"; set GITHUB_REPOSITORY=owner/name`, 400);
  const head = await resolveRef(root, 'HEAD');
  await pushRef(root, remote, head!, `refs/heads/${branch}`, false);
  const plan = await planChange({ root, base: await defaultBranch(root), head: branch, now });
  const res = await request(`${github.apiUrl.replace(/\/+$/, '')}/repos/${repo}/pulls`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${github.token}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
      'user-agent': 'socialcal',
      'x-github-api-version': '2022-11-28',
    },
    body: JSON.stringify({ title: title.trim() || branch, head: branch, base, body: planMarkdown(plan) }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const body = (await res.body.json().catch(() => ({}))) as { html_url?: string; number?: number; message?: string };
  if (res.statusCode !== 201 || !body.html_url) {
    throw new WriteRefused(`GitHub refused the pull request (HTTP ${res.statusCode}${body.message ? `: ${body.message}` : ''})`, 502);
  }
  return { url: body.html_url, number: body.number ?? 0 };
}

/** owner/name from a GitHub remote URL (https or ssh). */
export function githubRepo(url: string | undefined): string | undefined {
  const m = url && /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

async function defaultBranchName(root: string): Promise<string> {
  try {
    return (await defaultBranch(root)).replace(/^origin\//, '');
  } catch {
    return 'main';
  }
}
