// The pull-request workflows `init` writes: what runs where, with which token.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initialCalendar } from '../../src/scaffold/calendar.js';
import { APPROVALS_WORKFLOW, CHECK_WORKFLOW, CURATE_WORKFLOW, PLAN_COMMENT_WORKFLOW } from '../../src/scaffold/workflows.js';
import { REPORT_WORKFLOW } from '../../src/scaffold/report-workflow.js';

const written = initialCalendar('Europe/Berlin', new Date('2027-01-01T00:00:00Z'));
const workflow = (name: string) => written.find((f) => f.path === `.github/workflows/${name}`)!.content;
const PUBLISH_WORKFLOW = workflow('socialcal-publish.yml');
const METRICS_WORKFLOW = workflow('socialcal-metrics.yml');
const LISTEN_WORKFLOW = workflow('socialcal-listen.yml');

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

  it('check restores and saves the parse cache after npm ci (which empties node_modules), keyed by socialcal version and config', () => {
    const check = steps(parse(CHECK_WORKFLOW).jobs.check);
    const at = (pred: (s: any) => boolean) => check.findIndex(pred);
    const cache = at((s) => s.uses === 'actions/cache@v4');
    expect(cache).toBeGreaterThan(at((s) => /npm ci/.test(s.run ?? '')));
    expect(cache).toBeLessThan(at((s) => /socialcal check/.test(s.run ?? '')));
    expect(check[cache].with.path).toBe('node_modules/.cache/socialcal');
    expect(check[cache].with.key).toContain("hashFiles('package-lock.json', 'socialcal.yaml')");
    expect(check[cache].with['restore-keys']).toBe(check[cache].with.key.replace('${{ github.sha }}', ''));
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
    // socialcal comes from the base checkout's lockfile, installed before the PR's commit is fetched.
    const install = steps(job).findIndex((s) => s.name?.startsWith('Install'));
    expect(steps(job)[install].run).toBe('npm ci --no-audit --no-fund');
    expect(install).toBeLessThan(steps(job).findIndex((s) => (s.run ?? '').includes('refs/pull/')));
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

  it('install socialcal only from the lockfile (npm ci) and never download it by name (npx --no)', () => {
    for (const text of [CHECK_WORKFLOW, APPROVALS_WORKFLOW, PUBLISH_WORKFLOW, METRICS_WORKFLOW, REPORT_WORKFLOW, LISTEN_WORKFLOW]) {
      const wf = parse(text);
      for (const job of Object.values(wf.jobs) as any[]) {
        const script = runs(job);
        expect(script, wf.name).not.toMatch(/npm (install|i|add)\b/);
        expect(script, wf.name).toContain('npm ci');
        const calls = script.match(/\bnpx\b.*$/gm) ?? [];
        expect(calls.length, wf.name).toBeGreaterThan(0);
        for (const call of calls) expect(call).toMatch(/^npx --no socialcal /);
        expect(script).not.toMatch(/\bnode .*socialcal\.js/);
      }
    }
  });

  it('every job that installs socialcal does it with the same steps, right after its checkout', () => {
    const texts = [...written.filter((f) => f.path.startsWith('.github/workflows/')).map((f) => f.content), CURATE_WORKFLOW];
    expect(texts).toHaveLength(8);
    const installs = texts.flatMap((text) =>
      (Object.values(parse(text).jobs) as any[])
        .filter((job) => steps(job).some((s) => /npm ci/.test(s.run ?? '')))
        .map((job) => {
          const at = steps(job).findIndex((s) => s.uses === 'actions/setup-node@v4');
          expect(steps(job)[at - 1].uses, parse(text).name).toBe('actions/checkout@v4');
          // The step's label may differ (approvals explains where socialcal comes from); what runs may not.
          return steps(job).slice(at, at + 2).map(({ name: _name, ...step }) => step);
        }),
    );
    expect(installs).toHaveLength(8); // check, plan, approvals, publish, metrics, report, listen, curate
    for (const install of installs) expect(install).toEqual([{ uses: 'actions/setup-node@v4', with: { 'node-version': 24 } }, { run: 'npm ci --no-audit --no-fund' }]);
  });

  it('only the publish job, which pushes, keeps the checkout credentials', () => {
    const checkouts = (text: string) => (Object.values(parse(text).jobs) as any[]).flatMap((job) => steps(job).filter((s) => s.uses?.startsWith('actions/checkout')));
    for (const text of [CHECK_WORKFLOW, APPROVALS_WORKFLOW]) {
      const found = checkouts(text);
      expect(found.length).toBeGreaterThan(0);
      for (const c of found) expect(c.with?.['persist-credentials'], parse(text).name).toBe(false);
    }
    expect(checkouts(PUBLISH_WORKFLOW)[0].with?.['persist-credentials']).toBeUndefined();
    expect(parse(PUBLISH_WORKFLOW).permissions.contents).toBe('write');
    // The approvals fetch of the PR's commit gets the token for that one command only.
    expect(runs(parse(APPROVALS_WORKFLOW).jobs.approvals)).toMatch(/git -c "http\.extraheader=AUTHORIZATION: basic \$auth" fetch/);
  });

  it('the approvals report goes to the log between ::stop-commands:: and a random token', () => {
    const script = runs(parse(APPROVALS_WORKFLOW).jobs.approvals);
    const stop = script.indexOf('echo "::stop-commands::$token"');
    const tee = script.indexOf('tee -a "$GITHUB_STEP_SUMMARY"');
    const resume = script.indexOf('echo "::$token::"');
    expect(stop).toBeGreaterThan(0);
    expect(stop).toBeLessThan(tee);
    expect(tee).toBeLessThan(resume);
    expect(script).toContain('token="socialcal-$(od -An -N16 -tx1 /dev/urandom');
  });
});
