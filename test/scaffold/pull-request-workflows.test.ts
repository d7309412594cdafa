// The pull-request workflows `init` writes: what runs where, with which token.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initialCalendar } from '../../src/scaffold/calendar.js';
import { APPROVALS_WORKFLOW, CHECK_WORKFLOW, PLAN_COMMENT_WORKFLOW } from '../../src/scaffold/workflows.js';

const steps = (job: any): any[] => job.steps;
const runs = (job: any): string => steps(job).map((s) => s.run ?? '').join('\n');
const uses = (job: any): string[] => steps(job).flatMap((s) => (s.uses ? [s.uses] : []));

describe('pull-request workflows', () => {
  it('check and plan run on pull_request with a read-only token and no secrets', () => {
    const wf = parse(CHECK_WORKFLOW);
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'push']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(CHECK_WORKFLOW).not.toContain('secrets.');
    expect(runs(wf.jobs.check)).toContain('socialcal check --format github');
    expect(runs(wf.jobs.plan)).toContain('socialcal plan --base "$BASE_SHA" --format markdown > socialcal-plan/plan.md');
    expect(steps(wf.jobs.plan).at(-1)).toMatchObject({ uses: 'actions/upload-artifact@v4', with: { name: 'socialcal-plan' } });
  });

  it('the comment job has write access but never checks out or runs pull-request code', () => {
    const wf = parse(PLAN_COMMENT_WORKFLOW);
    expect(wf.on.workflow_run).toEqual({ workflows: [parse(CHECK_WORKFLOW).name], types: ['completed'] });
    expect(wf.permissions['pull-requests']).toBe('write');
    const job = wf.jobs.comment;
    expect(uses(job)).toEqual(['actions/download-artifact@v4']);
    const script = runs(job);
    expect(script).not.toMatch(/(^|[;&|(]\s*)(npm|npx|node|socialcal|git)\b/m); // no command runs PR code
    // One sticky comment: found by its marker and updated, else created.
    expect(script).toContain('startswith("<!-- socialcal-plan -->")');
    expect(script).toContain('--method PATCH "repos/$REPO/issues/comments/$id"');
    expect(script).toContain('[ "$pr_head" = "$RUN_HEAD_SHA" ]');
  });

  it('approvals is one named check, re-run on reviews, judging the PR commit from the base checkout', () => {
    const wf = parse(APPROVALS_WORKFLOW);
    expect(Object.keys(wf.on)).toEqual(['pull_request_target', 'pull_request_review']);
    expect(wf.on.pull_request_review.types).toEqual(['submitted', 'dismissed', 'edited']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' });
    const job = wf.jobs.approvals;
    expect(job.name).toBe('socialcal approvals');
    expect(steps(job)[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { ref: '${{ github.event.pull_request.base.sha }}' } });
    expect(steps(job).some((s) => s.uses?.startsWith('actions/checkout') && /head/.test(JSON.stringify(s.with ?? {})))).toBe(false);
    expect(steps(job).find((s) => s.name?.startsWith('Install'))).toMatchObject({ 'working-directory': '${{ runner.temp }}' });
    expect(runs(job)).toContain('approvals --head "$HEAD_SHA"');
    // Untrusted values reach scripts through env, never pasted in with ${{ }}.
    for (const s of steps(job)) expect(s.run ?? '').not.toContain('${{');
  });

  it('init writes all three', () => {
    const paths = initialCalendar('Europe/Berlin', new Date('2027-01-01T00:00:00Z')).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '.github/workflows/socialcal-check.yml',
        '.github/workflows/socialcal-plan-comment.yml',
        '.github/workflows/socialcal-approvals.yml',
      ]),
    );
  });
});
