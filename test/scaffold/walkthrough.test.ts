// The README walkthrough's step 6 for real: `init` a new folder, install the pinned socialcal
// the way a team does (here: a file: dependency on this checkout, offline), push to a bare
// remote, then run the `run:` steps of the workflows `init` wrote, in order, in fresh clones as
// actions/checkout leaves them. Nothing is substituted: `npm ci` and `npx --no socialcal` run as
// written (npm offline). Only `uses:` steps are stood in for (checkout = the clone, setup-node =
// this Node first on PATH, upload-artifact = the files left in place, cache = a cache miss).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { review, startFakeGitHub, type FakeGitHub } from '../approvals/fake-github.js';
import { bash } from '../support/bash.js';
import { cli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const TOKEN = 'ghs_walkthrough_token';
const IDENTITY = { GIT_AUTHOR_NAME: 'Dana', GIT_AUTHOR_EMAIL: 'dana@acme.example', GIT_COMMITTER_NAME: 'Dana', GIT_COMMITTER_EMAIL: 'dana@acme.example' };
const parent = mkdtempSync(join(tmpdir(), 'socialcal-walkthrough-'));
const home = join(parent, 'home'); // a runner's HOME: no git identity, no npm config
const cal = join(parent, 'my-calendar');
const remote = join(parent, 'remote.git');
let gh: FakeGitHub;
let base: string;
let head: string;

afterAll(async () => {
  await gh?.close();
  rmSync(parent, { recursive: true, force: true });
});

function sh(cwd: string, cmd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A workspace as actions/checkout leaves it: a clone of the remote at `ref`, next to the calendar (so file: paths match). */
function checkout(name: string, ref: string, depth?: number): string {
  const ws = join(parent, name);
  sh(parent, 'git', ['clone', '--quiet', '--no-checkout', ...(depth ? ['--depth', String(depth)] : []), `file://${remote}`, ws]);
  sh(ws, 'git', ['checkout', '--quiet', '--detach', ref]);
  return ws;
}

interface StepRun {
  run: string;
  /** The job's $GITHUB_STEP_SUMMARY file. */
  summary: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a job's `run:` steps in order as Actions does (bash -eo pipefail), `${{ }}` filled from `context`. */
async function runJob(workflow: string, job: string, ws: string, context: Record<string, string>, env: Record<string, string> = {}): Promise<StepRun[]> {
  const wf = parse(readFileSync(join(cal, '.github/workflows', workflow), 'utf8'));
  const fill = (text: string) =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
      if (!(expr in context)) throw new Error(`${workflow}: no value for \${{ ${expr} }}`);
      return context[expr];
    });
  const runnerTemp = mkdtempSync(join(parent, 'runner-'));
  const runs: StepRun[] = [];
  for (const step of wf.jobs[job].steps) {
    if (step.uses) {
      expect(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4', 'actions/cache@v4']).toContain(step.uses);
      continue;
    }
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(String(v))]));
    const r = await bash(step.run, step['working-directory'] ? fill(step['working-directory']) : ws, {
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
      HOME: home,
      CI: 'true',
      NO_COLOR: '1',
      npm_config_offline: 'true',
      npm_config_cache: join(home, '.npm'),
      // socialcal is linked from the checkout under test, built by `npm test`: its `prepare`
      // (tsc into dist/) must not run again here while other test files run that dist.
      npm_config_ignore_scripts: 'true',
      RUNNER_TEMP: runnerTemp,
      GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
      GITHUB_OUTPUT: join(runnerTemp, 'output'),
      ...env,
      ...stepEnv,
    });
    runs.push({ run: step.run, summary: join(runnerTemp, 'summary.md'), status: r.status, stdout: r.stdout, stderr: r.stderr });
    expect(r.status, `${workflow} › ${job} › ${step.name ?? step.run}\n${r.stdout}\n${r.stderr}`).toBe(0);
  }
  return runs;
}

beforeAll(async () => {
  mkdirSync(home);
  gh = await startFakeGitHub({ token: TOKEN });
  // 6. Start your own calendar (a git repository of its own).
  const init = cli(['init', 'my-calendar', '--timezone', 'Europe/Berlin'], { cwd: parent });
  expect(init.code, init.stderr).toBe(0);
  // Install socialcal into it as a team does; here the pinned version is this checkout.
  sh(cal, 'npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `file:${ROOT}`]);
  expect(existsSync(join(cal, 'package-lock.json'))).toBe(true);
  sh(cal, 'git', ['add', '-A']);
  sh(cal, 'git', ['commit', '--quiet', '-m', 'Start a socialcal calendar']);
  sh(parent, 'git', ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  sh(cal, 'git', ['remote', 'add', 'origin', remote]);
  sh(cal, 'git', ['push', '--quiet', '-u', 'origin', 'main']);
  base = sh(cal, 'git', ['rev-parse', 'HEAD']);

  // A pull request: a post with a financial claim, which needs the legal role.
  sh(cal, 'git', ['checkout', '--quiet', '-b', 'roi-post']);
  const made = cli(['new', '--at', '2027-06-01 10:00', '--channels', 'bluesky,mastodon', '--text', 'Teams see a 300% return on investment in a month.', '--id', 'roi', '--status', 'ready'], { cwd: join(cal, 'posts') });
  expect(made.code, made.stderr).toBe(0);
  sh(cal, 'git', ['add', '-A']);
  sh(cal, 'git', ['commit', '--quiet', '-m', 'Add the ROI post']);
  head = sh(cal, 'git', ['rev-parse', 'HEAD']);
  // GitHub keeps a pull request's head at refs/pull/<n>/head on the base repository.
  sh(cal, 'git', ['push', '--quiet', 'origin', 'roi-post', `${head}:refs/pull/7/head`]);
}, 120_000);

describe('README step 6, then the generated workflows run in order', { timeout: 240_000 }, () => {
  it('init left a repository whose pushed files are what CI needs', () => {
    const files = sh(cal, 'git', ['ls-tree', '-r', '--name-only', base]).split('\n');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', '.gitignore', '.github/workflows/socialcal-check.yml']));
    expect(files.some((f) => f.startsWith('node_modules/'))).toBe(false);
  });

  it('socialcal-check.yml on a pull request: check annotates, plan renders the Markdown artifact', async () => {
    const context = {
      'github.event.pull_request.base.sha': base,
      'github.event.pull_request.number': '7',
      'github.event.pull_request.head.sha': head,
    };
    const check = await runJob('socialcal-check.yml', 'check', checkout('ws-check', head), context);
    expect(check.map((s) => s.run)).toEqual(['npm ci --no-audit --no-fund', 'npx --no socialcal check --format github']);
    expect(check[1].stdout).not.toMatch(/^::error/m);

    const ws = checkout('ws-plan', head);
    const plan = await runJob('socialcal-check.yml', 'plan', ws, context);
    expect(plan).toHaveLength(2);
    const md = readFileSync(join(ws, 'socialcal-plan/plan.md'), 'utf8');
    expect(md.startsWith('<!-- socialcal-plan -->')).toBe(true);
    expect(md).toContain('`roi`');
    expect(md).toContain('legal');
    expect(readFileSync(join(ws, 'socialcal-plan/pr-number'), 'utf8').trim()).toBe('7');
    expect(readFileSync(join(ws, 'socialcal-plan/head-sha'), 'utf8').trim()).toBe(head);
  });

  it('socialcal-check.yml on a push to main runs check', async () => {
    const runs = await runJob('socialcal-check.yml', 'check', checkout('ws-push', base), {});
    expect(runs.at(-1)!.stdout).toBe('');
  });

  it('socialcal-approvals.yml from the base checkout: fetches the PR commit, passes once legal approved', async () => {
    gh.reviews.set('acme/calendar#7', [review('your-github-handle', 'APPROVED', '2027-01-05T10:00:00Z', head)]);
    const event = join(parent, 'event.json');
    writeFileSync(event, JSON.stringify({ action: 'submitted', number: 7, pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'roi-post' } } }));
    const context = {
      'secrets.SOCIALCAL_TOKEN || github.token': TOKEN,
      'github.token': TOKEN,
      'github.event.pull_request.number': '7',
      'github.event.pull_request.head.sha': head,
    };
    const env = { GITHUB_REPOSITORY: 'acme/calendar', GITHUB_EVENT_PATH: event, GITHUB_API_URL: gh.url };
    const ws = checkout('ws-approvals', base);
    const runs = await runJob('socialcal-approvals.yml', 'approvals', ws, context, env);
    const out = runs.at(-1)!.stdout;
    const m = /^::stop-commands::(socialcal-[0-9a-f]{32})\n([\s\S]*)^::\1::\n$/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(m![2]).toMatch(/\| `legal` \| ✅ approved \| your-github-handle \| `roi` \|/);
    expect(m![2]).toContain('All required roles have approved.');
    expect(sh(ws, 'git', ['rev-parse', 'refs/remotes/origin/socialcal-pr'])).toBe(head);
    // The checkout was never moved to the PR's commit.
    expect(sh(ws, 'git', ['rev-parse', 'HEAD'])).toBe(base);
  });

  it('socialcal-approvals.yml fails the check while the legal approval is missing', async () => {
    gh.reviews.set('acme/calendar#7', []);
    const event = join(parent, 'event.json');
    const ws = checkout('ws-approvals-missing', base);
    const wf = parse(readFileSync(join(cal, '.github/workflows/socialcal-approvals.yml'), 'utf8'));
    await expect(
      runJob('socialcal-approvals.yml', 'approvals', ws, {
        'secrets.SOCIALCAL_TOKEN || github.token': TOKEN,
        'github.token': TOKEN,
        'github.event.pull_request.number': '7',
        'github.event.pull_request.head.sha': head,
      }, { GITHUB_REPOSITORY: 'acme/calendar', GITHUB_EVENT_PATH: event, GITHUB_API_URL: gh.url }),
    ).rejects.toThrow(/\| `legal` \| ❌ missing \|[\s\S]*1 role still to approve[\s\S]*expected 1 to be \+0/);
    expect(wf.jobs.approvals.name).toBe('socialcal approvals');
  });

  it('socialcal-publish.yml from a shallow clone: installs, publishes what is due (nothing yet), exit 0', async () => {
    const ws = checkout('ws-publish', 'origin/main', 1);
    const runs = await runJob('socialcal-publish.yml', 'publish', ws, {
      'secrets.BLUESKY_HANDLE': '',
      'secrets.BLUESKY_APP_PASSWORD': '',
      'secrets.MASTODON_TOKEN': '',
      'secrets.DISCORD_WEBHOOK_URL': '',
    });
    expect(runs.map((s) => s.run)).toEqual(['npm ci --no-audit --no-fund', 'npx --no socialcal publish']);
    expect(runs[1].stdout + runs[1].stderr).toMatch(/nothing/i);
  });

  it('socialcal-metrics.yml from a shallow clone: installs, finds nothing published yet, exit 0', async () => {
    const ws = checkout('ws-metrics', 'origin/main', 1);
    const runs = await runJob('socialcal-metrics.yml', 'metrics', ws, {
      'secrets.BLUESKY_HANDLE': '',
      'secrets.BLUESKY_APP_PASSWORD': '',
      'secrets.MASTODON_TOKEN': '',
      'secrets.DISCORD_WEBHOOK_URL': '',
    });
    expect(runs.map((s) => s.run)).toEqual(['npm ci --no-audit --no-fund', 'npx --no socialcal metrics']);
    expect(runs[1].stdout).toContain('Nothing published yet');
  });

  it('socialcal-report.yml without a ledger branch yet: the weekly scorecard in the job summary says nothing is measured', async () => {
    const ws = checkout('ws-report', 'origin/main', 1);
    const runs = await runJob('socialcal-report.yml', 'report', ws, { 'github.token': TOKEN });
    expect(runs.map((s) => s.run.split('\n')[0])).toEqual(['npm ci --no-audit --no-fund', expect.stringContaining('auth=$('), 'npx --no socialcal report --last 7d --format markdown >> "$GITHUB_STEP_SUMMARY"']);
    expect(runs[1].stdout).toContain('no ledger branch yet');
    const summary = readFileSync(runs[2].summary, 'utf8');
    expect(summary).toMatch(/^## Social media report: \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\n/);
    expect(summary).toContain('No measured posts in this period.');
  });

  it('socialcal-listen.yml before any listening: section: installs, says there is nothing to listen for, exit 0', async () => {
    const ws = checkout('ws-listen', 'origin/main', 1);
    const runs = await runJob('socialcal-listen.yml', 'listen', ws, {
      'secrets.BLUESKY_HANDLE': '',
      'secrets.BLUESKY_APP_PASSWORD': '',
      'secrets.MASTODON_TOKEN': '',
      'secrets.SOCIALCAL_SPIKE_WEBHOOK': '',
    });
    expect(runs.map((s) => s.run)).toEqual(['npm ci --no-audit --no-fund', 'npx --no socialcal listen --skip-unconfigured']);
    expect(runs[1].stdout).toContain('No `listening:` section in socialcal.yaml');
    const wf = parse(readFileSync(join(cal, '.github/workflows/socialcal-listen.yml'), 'utf8'));
    expect(wf.on.schedule).toEqual([{ cron: '*/15 * * * *' }]);
  });

  it('socialcal-plan-comment.yml runs nothing from the repository (it talks to GitHub only), so it has no step to run here', () => {
    const wf = parse(readFileSync(join(cal, '.github/workflows/socialcal-plan-comment.yml'), 'utf8'));
    const script = wf.jobs.comment.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(script).not.toMatch(/\b(npm|npx|socialcal check|node)\b/);
    expect(script).toContain('gh api');
  });
});
