import type { Review } from './github.js';

// Which reviewers approve a pull request right now: each reviewer's latest decisive review.

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED';

export interface ReviewerState {
  login: string;
  state: ReviewState;
  at?: string;
}

/**
 * Each reviewer's latest APPROVED, CHANGES_REQUESTED or DISMISSED review. A later COMMENTED
 * review does not take an approval back; a dismissed review (GitHub rewrites its state to
 * DISMISSED) does. Pending (unsubmitted) reviews do not count.
 */
export function latestReviews(reviews: Review[]): ReviewerState[] {
  const ordered = reviews
    .map((r, i) => ({ r, i }))
    .sort((a, b) => time(a.r) - time(b.r) || a.i - b.i)
    .map(({ r }) => r);
  const byLogin = new Map<string, ReviewerState>();
  for (const review of ordered) {
    const login = review.user?.login;
    if (!login) continue;
    if (review.state !== 'APPROVED' && review.state !== 'CHANGES_REQUESTED' && review.state !== 'DISMISSED') continue;
    byLogin.set(login.toLowerCase(), { login, state: review.state, at: review.submitted_at ?? undefined });
  }
  return [...byLogin.values()].sort((a, b) => a.login.localeCompare(b.login));
}

function time(r: Review): number {
  return r.submitted_at ? Date.parse(r.submitted_at) : 0;
}

export function approvers(states: ReviewerState[]): string[] {
  return states.filter((s) => s.state === 'APPROVED').map((s) => s.login);
}
