import type { Plan } from '../plan/plan.js';
import { planChange } from '../plan/run.js';
import { coverage, teamsToLookUp, type RoleCoverage } from './coverage.js';
import { apiUrl, githubToken, pullRequestFromEnv, type PullRequestOverrides, type PullRequestRef } from './event.js';
import { GitHubClient, GitHubError } from './github.js';
import { approvers, latestReviews, type ReviewerState } from './reviews.js';

// `approvals`: the roles a pull request's changes need (as `plan` computes them) against the
// roles its current approvals hold.

export interface ApprovalsRequest extends PullRequestOverrides {
  root: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  /** Overrides the base the event names (or the default branch). */
  base?: string;
  /**
   * The pull request's commit to judge instead of the working tree: read from git as data,
   * so a privileged job can check a fork's pull request without checking its files out.
   */
  head?: string;
}

export interface ApprovalsResult {
  pullRequest: PullRequestRef;
  base: Plan['base'];
  /** Roles the changed posts need, sorted. */
  required: string[];
  reviews: ReviewerState[];
  covered: RoleCoverage[];
  missing: RoleCoverage[];
  /** Teams whose members could not be read (not found, or the token may not list them). */
  unreadTeams: { team: string; reason: string; hint?: string }[];
  ok: boolean;
}

export async function checkApprovals(req: ApprovalsRequest): Promise<ApprovalsResult> {
  const pr = pullRequestFromEnv(req.env, req);
  const plan = await planChange({ root: req.root, base: req.base ?? pr.baseSha, head: req.head, now: req.now });
  const needed = new Map<string, string[]>();
  for (const post of plan.posts) for (const role of post.roles) needed.set(role, [...(needed.get(role) ?? []), post.id]);
  const result: ApprovalsResult = { pullRequest: pr, base: plan.base, required: plan.roles, reviews: [], covered: [], missing: [], unreadTeams: [], ok: true };
  if (needed.size === 0) return result;

  const client = new GitHubClient({ apiUrl: apiUrl(req.env), token: githubToken(req.env) });
  result.reviews = latestReviews(await client.reviews(pr.repo, pr.number));
  const approving = approvers(result.reviews);
  const teams = new Map<string, string[]>();
  for (const team of teamsToLookUp([...needed.keys()], plan.approvers, approving)) {
    const [org, slug] = team.split('/');
    try {
      teams.set(team, await client.teamMembers(org, slug));
    } catch (error) {
      // A team that cannot be read leaves its role uncovered (exit 1), said plainly; a bad
      // token or the rate limit still stops the run.
      if (!(error instanceof GitHubError) || (error.status !== 403 && error.status !== 404) || /rate limit/.test(error.message)) throw error;
      result.unreadTeams.push({ team: `@${team}`, reason: error.message, hint: error.hint });
    }
  }
  const { covered, missing } = coverage(needed, plan.approvers, approving, teams);
  return { ...result, covered, missing, ok: missing.length === 0 };
}
