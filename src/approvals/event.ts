import { readFileSync } from 'node:fs';
import { EnvironmentError, UsageError } from '../errors.js';

// Where the pull request comes from in GitHub Actions: GITHUB_REPOSITORY, the event payload
// at GITHUB_EVENT_PATH (pull_request, pull_request_target or pull_request_review), GITHUB_API_URL.

export interface PullRequestRef {
  /** "owner/name" */
  repo: string;
  number: number;
  /** The base branch's commit the pull request was compared with, when the event says. */
  baseSha?: string;
  headSha?: string;
}

export interface PullRequestOverrides {
  repo?: string;
  pr?: number;
}

export function pullRequestFromEnv(env: NodeJS.ProcessEnv, given: PullRequestOverrides = {}): PullRequestRef {
  const repo = given.repo ?? env.GITHUB_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    throw new EnvironmentError(
      repo ? `repository "${repo}" is not owner/name` : 'no repository: GITHUB_REPOSITORY is not set',
      'run this in GitHub Actions, or pass --repo owner/name and --pr <number>',
    );
  }
  const payload = readEvent(env.GITHUB_EVENT_PATH);
  const pr = payload?.pull_request as { number?: number; base?: { sha?: string }; head?: { sha?: string } } | undefined;
  const number = given.pr ?? pr?.number ?? (typeof payload?.number === 'number' ? payload.number : undefined);
  if (!number) {
    throw new EnvironmentError(
      `no pull request in this event${env.GITHUB_EVENT_NAME ? ` (${env.GITHUB_EVENT_NAME})` : ''}`,
      'run approvals on pull_request or pull_request_review events, or pass --pr <number>',
    );
  }
  const samePr = !given.pr || given.pr === pr?.number;
  return { repo, number, baseSha: samePr ? pr?.base?.sha : undefined, headSha: samePr ? pr?.head?.sha : undefined };
}

function readEvent(path: string | undefined): Record<string, unknown> | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new EnvironmentError(`cannot read the event payload at GITHUB_EVENT_PATH (${path}): ${(error as Error).message}`, 'pass --pr <number> instead');
  }
}

export function githubToken(env: NodeJS.ProcessEnv): string {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new EnvironmentError('GITHUB_TOKEN is not set: approvals reads the pull request\'s reviews from GitHub', 'in the workflow step: env: GITHUB_TOKEN: ${{ github.token }}');
  return token;
}

export function apiUrl(env: NodeJS.ProcessEnv): string {
  const url = env.GITHUB_API_URL ?? 'https://api.github.com';
  try {
    new URL(url);
  } catch {
    throw new UsageError(`GITHUB_API_URL "${url}" is not a URL`, 'unset it to use https://api.github.com');
  }
  return url;
}
