// `socialcal log` with the built CLI on a real temporary git repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG, postYaml, removeTempRepos, tempRepo, type TempRepo } from '../support/git-history.js';

const BIN = join(import.meta.dirname, '../../bin/socialcal.js');
let repo: TempRepo;

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' });
  repo = tempRepo();
  repo.write('socialcal.yaml', CONFIG);
  repo.write('posts/old.yaml', postYaml({ at: '2027-02-01 10:00', channels: ['bluesky'], text: 'Old news' }));
  repo.commit('init', { author: 'Kim <kim@acme.example>', date: '2027-01-01T09:00:00Z' });
  repo.git('checkout', '--quiet', '-b', 'teaser');
  repo.write('posts/drafts/launch-teaser.yaml', postYaml({ at: '2027-03-08 10:00', channels: ['bluesky', 'mastodon'], text: 'Something big' }));
  repo.commit('Draft the teaser', { author: 'Dana <dana@acme.example>', date: '2027-01-02T09:00:00Z' });
  repo.git('checkout', '--quiet', 'main');
  repo.merge('teaser', 'Merge pull request #12 from acme/teaser', { author: 'Lee <lee@acme.example>', date: '2027-01-03T09:00:00Z' });
  repo.move('posts/drafts/launch-teaser.yaml', 'posts/2027/03/launch-teaser.yaml');
  repo.remove('posts/old.yaml');
  repo.commit('File the teaser under March, drop old news (#15)', { author: 'Sam <sam@acme.example>', date: '2027-01-04T09:00:00Z' });
});
afterAll(removeTempRepos);

const log = (...args: string[]) => spawnSync(process.execPath, [BIN, 'log', ...args], { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('socialcal log', () => {
  it('shows who created and changed a post, across a rename, with its pull requests', () => {
    const r = log('launch-teaser', '--json');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ id: 'launch-teaser', file: 'posts/2027/03/launch-teaser.yaml', removed: false, created: { by: 'Dana', at: '2027-01-02T09:00:00+00:00' } });
    expect(result.commits.map((c: any) => [c.author, c.change, c.previousPath ?? null, c.pullRequest?.number])).toEqual([
      ['Sam', 'renamed', 'posts/drafts/launch-teaser.yaml', 15],
      ['Dana', 'added', null, 12],
    ]);
    expect(result.pullRequests.map((p: any) => [p.number, p.via, p.mergedBy])).toEqual([
      [15, 'squash', 'Sam'],
      [12, 'merge', 'Lee'],
    ]);
    expect(result.published).toEqual([]);
  });

  it('prints the history as text', () => {
    const r = log('launch-teaser');
    expect(r.stdout).toContain('times in Europe/Berlin');
    expect(r.stdout).toContain('created by Dana on 2027-01-02 10:00');
    expect(r.stdout).toContain('renamed from posts/drafts/launch-teaser.yaml #15');
    expect(r.stdout).toContain('#12  merged by Lee on 2027-01-03 10:00 (merge ');
    expect(r.stdout).toContain('Not published yet.');
  });

  it('finds a removed post in the history', () => {
    const r = log('old', '--json');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ id: 'old', file: 'posts/old.yaml', removed: true });
    expect(result.commits.map((c: any) => [c.change, c.author])).toEqual([
      ['deleted', 'Sam'],
      ['added', 'Kim'],
    ]);
  });

  it('exits 2 and suggests a near id for an unknown post', () => {
    const r = log('launch-teasr');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no post "launch-teasr" in the calendar or its history');
    expect(r.stderr).toContain('did you mean "launch-teaser"?');
  });
});
