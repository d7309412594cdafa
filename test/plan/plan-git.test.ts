// `plan` against real temporary git repositories: branches, a merge on main, a rename, a
// shallow CI clone, and the built CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planMarkdown } from '../../src/views/plan/markdown.js';
import { planChange } from '../../src/plan/run.js';
import { CONFIG, cloneRepo, postYaml, removeTempRepos, tempRepo, type TempRepo } from '../support/git-history.js';

const NOW = new Date('2027-02-01T00:00:00Z');
const BIN = join(import.meta.dirname, '../../bin/socialcal.js');
const DANA = 'Dana <dana@acme.example>';
const LEE = 'Lee <lee@acme.example>';

let origin: TempRepo;

const teaser = (extra: Record<string, unknown> = {}) =>
  postYaml({
    at: '2027-03-08 10:00',
    channels: ['bluesky', 'mastodon', 'linkedin'],
    campaign: 'spring-launch',
    text: 'Something big lands on March 10 👀 https://acme.example/launch',
    media: [{ file: 'media/teaser.png', alt: 'A dark box with a question mark on it' }],
    ...extra,
  });

/** main with a campaign and four posts; a feature branch that changes them; main moving on meanwhile. */
function realisticPullRequest(): TempRepo {
  const repo = tempRepo();
  repo.write('socialcal.yaml', CONFIG);
  repo.write('campaigns/spring-launch.yaml', 'name: Spring launch\nstarts: 2027-03-01\nends: 2027-03-31\nutm: { campaign: spring }\n');
  repo.write('media/teaser.png', 'png bytes');
  repo.write('posts/2027/03/launch-teaser.yaml', teaser());
  repo.write('posts/2027/03/weekly-tip.yaml', postYaml({ at: '2027-03-02 09:00', channels: ['bluesky', 'mastodon'], text: 'Tip: cache installs by lockfile hash.' }));
  repo.write('posts/drafts/meetup.yaml', postYaml({ at: '2027-04-15 18:00', channels: ['mastodon'], text: 'Berlin meetup on April 15!' }));
  repo.write('posts/2027/02/old-announcement.yaml', postYaml({ at: '2027-02-20 12:00', channels: ['linkedin'], text: 'We are hiring.' }));
  repo.commit('Calendar for spring', { author: DANA, date: '2027-01-10T09:00:00Z' });

  repo.git('checkout', '--quiet', '-b', 'spring-changes');
  repo.write(
    'posts/2027/03/investor-update.yaml',
    postYaml({
      at: '2027-03-09 14:00',
      channels: ['bluesky', 'linkedin'],
      campaign: 'spring-launch',
      text: `Customers report a 300% return on investment within a year. ${'Here is how the numbers add up, step by step, with sources. '.repeat(5)}https://acme.example/roi`,
      thread: [{ text: 'Full report: https://acme.example/report' }],
    }),
  );
  repo.write('posts/2027/03/weekly-tip.yaml', postYaml({ at: '2027-03-03 09:00', channels: ['bluesky', 'mastodon'], text: 'Tip: cache installs by lockfile hash.' }));
  repo.commit('Add investor update, move weekly tip to Wednesday', { author: LEE, date: '2027-01-12T09:00:00Z' });
  repo.move('posts/drafts/meetup.yaml', 'posts/2027/04/meetup.yaml');
  repo.write(
    'posts/2027/03/launch-teaser.yaml',
    teaser({ overrides: { linkedin: { text: 'On March 10 we launch something our customers asked for. Details: https://acme.example/launch' } } }),
  );
  repo.remove('posts/2027/02/old-announcement.yaml');
  repo.write('socialcal.yaml', CONFIG + 'blackouts:\n  - { name: Earnings, from: 2027-04-25, to: 2027-04-29, tags: [promotional] }\n');
  repo.commit('File the meetup, LinkedIn text for the teaser, drop the old announcement', { author: DANA, date: '2027-01-13T09:00:00Z' });

  // Meanwhile main moves on: its new post is not part of this change.
  repo.git('checkout', '--quiet', 'main');
  repo.git('checkout', '--quiet', '-b', 'other');
  repo.write('posts/2027/03/unrelated.yaml', postYaml({ at: '2027-03-20 10:00', channels: ['bluesky'], text: 'Merged elsewhere' }));
  repo.commit('Unrelated post', { author: LEE, date: '2027-01-14T09:00:00Z' });
  repo.git('checkout', '--quiet', 'main');
  repo.merge('other', 'Merge pull request #7 from acme/other', { author: LEE, date: '2027-01-15T09:00:00Z' });
  repo.git('checkout', '--quiet', 'spring-changes');
  return repo;
}

beforeAll(() => {
  origin = realisticPullRequest();
});
afterAll(removeTempRepos);

describe('plan on a git repository', () => {
  it('compares the branch with its merge-base on main, matching renamed posts by id', async () => {
    const plan = await planChange({ root: origin.dir, base: 'main', now: NOW });
    expect(plan.base.commit).toBe(origin.git('merge-base', 'main', 'HEAD').trim());
    expect(plan.posts.map((p) => [p.id, p.kind, p.edits.join(',')])).toEqual([
      ['old-announcement', 'removed', ''],
      ['weekly-tip', 'changed', 'time'],
      ['launch-teaser', 'changed', 'overrides'],
      ['investor-update', 'added', ''],
      ['meetup', 'changed', 'file'],
    ]);
    expect(plan.posts.find((p) => p.id === 'meetup')).toMatchObject({ previousFile: 'posts/drafts/meetup.yaml', file: 'posts/2027/04/meetup.yaml' });
    expect(plan.posts.find((p) => p.id === 'weekly-tip')).toMatchObject({ previousAt: '2027-03-02 09:00', at: '2027-03-03 09:00' });
    expect(plan.roles).toEqual(['legal']);
    expect(plan.config).toEqual([
      { area: 'blackouts', name: 'Earnings', kind: 'added', after: '2027-04-25 – 2027-04-29; tags promotional' },
    ]);
  });

  it('plans the working tree by default, against the default branch', async () => {
    const repo = tempRepo();
    repo.write('socialcal.yaml', CONFIG);
    repo.commit('init');
    repo.git('checkout', '--quiet', '-b', 'wip');
    repo.write('posts/new.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'Not committed yet' }));
    const plan = await planChange({ root: repo.dir, now: NOW });
    expect(plan.base.rev).toBe('main');
    expect(plan.head).toEqual({ rev: 'working tree' });
    expect(plan.posts.map((p) => [p.id, p.kind])).toEqual([['new', 'added']]);
  });

  it('renders the pull-request comment', async () => {
    const plan = await planChange({ root: origin.dir, base: 'main', head: 'spring-changes', now: NOW });
    await expect(planMarkdown(plan)).toMatchFileSnapshot('__snapshots__/pull-request-comment.md');
  });

  it('works in a shallow CI clone of the pull request, fetching the base it needs', async () => {
    const baseSha = origin.git('rev-parse', 'main').trim();
    const clone = cloneRepo(origin.dir, ['--depth=1', '--single-branch', '--branch', 'spring-changes']);
    const plan = await planChange({ root: clone.dir, base: baseSha, now: NOW });
    expect(plan.base.commit).toBe(origin.git('merge-base', 'main', 'spring-changes').trim());
    expect(plan.posts).toHaveLength(5);
  });
});

describe('socialcal plan (built CLI)', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' });
  });

  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: origin.dir, encoding: 'utf8' });

  it('prints JSON, Markdown and text', () => {
    const json = run('plan', '--base', 'main', '--json', '--now', NOW.toISOString());
    expect(json.status).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.summary).toMatchObject({ added: 1, removed: 1, rescheduled: 1, moved: 1 });

    const md = run('plan', '--base', 'main', '--format', 'markdown', '--now', NOW.toISOString());
    expect(md.stdout.startsWith('<!-- socialcal-plan -->\n')).toBe(true);

    const text = run('plan', '--base', 'main', '--now', NOW.toISOString());
    expect(text.stdout).toContain('~ weekly-tip  rescheduled  2027-03-02 09:00 → 2027-03-03 09:00');
    expect(text.stdout).toContain('Approvals needed: legal');
  });

  it('exits 2 with a hint for a base that does not exist', () => {
    const r = run('plan', '--base', 'no-such-branch');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"no-such-branch" is not a commit here');
    expect(r.stderr).toContain('hint:');
  });
});
