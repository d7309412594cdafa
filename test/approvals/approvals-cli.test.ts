// `socialcal approvals` end to end: the built CLI in a real temporary git repository, the event
// payload GitHub Actions writes, and a local fake of the GitHub REST API.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG, postYaml, removeTempRepos, tempRepo, type TempRepo } from '../support/git-history.js';
import { review, startFakeGitHub, type FakeGitHub } from './fake-github.js';

const BIN = join(import.meta.dirname, '../../bin/socialcal.js');
const TOKEN = 'ghs_approvals_test_token';
let gh: FakeGitHub;

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' });
});
beforeEach(async () => {
  gh = await startFakeGitHub({ token: TOKEN, perPage: 2 });
});
afterEach(() => gh.close());
afterAll(removeTempRepos);

/** A pull request adding a financial claim (needs legal) and a testimonial (needs marketing). */
function pullRequest(extra: (repo: TempRepo) => void = () => {}): { repo: TempRepo; event: string } {
  const repo = tempRepo();
  repo.write('socialcal.yaml', CONFIG);
  const base = repo.commit('calendar');
  repo.git('checkout', '--quiet', '-b', 'claims');
  repo.write('posts/roi.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'Customers see a 300% return on investment.' }));
  repo.write('posts/quote.yaml', postYaml({ at: '2027-03-02 10:00', channels: ['bluesky'], tags: ['testimonial'], text: '"Best tool ever" — a customer' }));
  extra(repo);
  const head = repo.commit('claims');
  const event = join(repo.dir, '.git', 'event.json');
  writeFileSync(event, JSON.stringify({ action: 'submitted', number: 12, pull_request: { number: 12, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'claims' } } }));
  return { repo, event };
}

/** Runs the CLI without blocking this process: the fake GitHub answers from here. */
function approvals(repo: TempRepo, event: string, args: string[] = [], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'approvals', '--now', '2027-02-01T00:00:00Z', ...args], {
    cwd: repo.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: 'acme/calendar',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: gh.url,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('socialcal approvals', () => {
  it('exits 1 and lists the missing roles until the right people approve', async () => {
    const { repo, event } = pullRequest();
    gh.reviews.set('acme/calendar#12', [review('dana', 'COMMENTED', '2027-01-05T10:00:00Z')]);
    const before = await approvals(repo, event);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain('✖ legal: missing — needed by roi; can approve: lee');
    expect(before.stdout).toContain('✖ marketing: missing — needed by quote; can approve: dana, @acme/marketing');
    expect(before.stdout).toContain('! GitHub answered 404 (Not Found) for the members of team @acme/marketing');

    gh.reviews.set('acme/calendar#12', [
      review('dana', 'COMMENTED', '2027-01-05T10:00:00Z'),
      review('lee', 'APPROVED', '2027-01-05T11:00:00Z'),
      review('sam', 'APPROVED', '2027-01-05T12:00:00Z'),
    ]);
    gh.teams.set('acme/marketing', ['kim', 'sam', 'ana']);
    const after = await approvals(repo, event, ['--json']);
    expect(after.status).toBe(0);
    const result = JSON.parse(after.stdout);
    expect(result.covered.map((c: any) => [c.role, c.by])).toEqual([
      ['legal', ['lee']],
      ['marketing', ['sam']],
    ]);
    expect(result.missing).toEqual([]);
    expect(result.pullRequest).toMatchObject({ repo: 'acme/calendar', number: 12 });
  });

  it('takes approver roles from the base branch, so a pull request cannot name its own approvers', async () => {
    const { repo, event } = pullRequest((r) => r.write('socialcal.yaml', CONFIG.replace('legal: [lee]', 'legal: [lee, mallory]')));
    gh.reviews.set('acme/calendar#12', [review('mallory', 'APPROVED', '2027-01-05T11:00:00Z'), review('dana', 'APPROVED', '2027-01-05T11:00:00Z')]);
    const r = await approvals(repo, event, ['--format', 'markdown']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('| `legal` | ❌ missing |  | `roi` | `lee` |');
    expect(r.stdout).toContain('| `marketing` | ✅ approved | dana | `quote` |');
  });

  it('judges the pull request commit with --head from a checkout of the base, as the privileged workflow does', async () => {
    const { repo, event } = pullRequest();
    const head = repo.git('rev-parse', 'claims').trim();
    repo.git('checkout', '--quiet', 'main');
    gh.reviews.set('acme/calendar#12', [review('lee', 'APPROVED', '2027-01-05T11:00:00Z')]);
    const r = await approvals(repo, event, ['--head', head, '--json']);
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.required).toEqual(['legal', 'marketing']);
    expect(result.covered.map((c: any) => c.role)).toEqual(['legal']);
    expect(result.missing.map((c: any) => c.role)).toEqual(['marketing']);
  });

  it('needs no GitHub call when the change needs no roles', async () => {
    const repo = tempRepo();
    repo.write('socialcal.yaml', CONFIG);
    const base = repo.commit('calendar');
    repo.write('posts/plain.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'A plain tip.' }));
    repo.commit('tip');
    const event = join(repo.dir, '.git', 'event.json');
    writeFileSync(event, JSON.stringify({ number: 3, pull_request: { number: 3, base: { sha: base } } }));
    const r = await approvals(repo, event, [], { GITHUB_TOKEN: '' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no approver roles needed');
    expect(gh.requests).toEqual([]);
  });

  it('exits 2 with a hint when GitHub cannot be read', async () => {
    const { repo, event } = pullRequest();
    const noToken = await approvals(repo, event, [], { GITHUB_TOKEN: '' });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain('GITHUB_TOKEN is not set');

    const badToken = await approvals(repo, event, [], { GITHUB_TOKEN: 'wrong-token-value' });
    expect(badToken.status).toBe(2);
    expect(badToken.stderr).toContain('GitHub rejected the token (401 Bad credentials)');
    expect(badToken.stderr).not.toContain('wrong-token-value');

    const noPr = await approvals(repo, event, [], { GITHUB_EVENT_PATH: '' });
    expect(noPr.status).toBe(2);
    expect(noPr.stderr).toContain('no pull request in this event');
  });
});
