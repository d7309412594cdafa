import { afterAll, describe, expect, it } from 'vitest';
import { deletedFiles, fileHistory } from '../../src/git/history.js';
import { CONFIG, postYaml, removeTempRepos, tempRepo } from '../support/git-history.js';

afterAll(removeTempRepos);

const post = (text: string) => postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text });

describe('fileHistory', () => {
  it('follows renames and finds the pull requests from merge commits and squash subjects', async () => {
    const repo = tempRepo();
    repo.write('socialcal.yaml', CONFIG);
    repo.commit('init', { date: '2027-01-01T09:00:00Z' });

    // PR #4, merged with a merge commit: created on a branch.
    repo.git('checkout', '--quiet', '-b', 'dana/teaser');
    repo.write('posts/drafts/teaser.yaml', post('Something big'));
    const created = repo.commit('Draft the teaser', { author: 'Dana <dana@acme.example>', date: '2027-01-02T09:00:00Z' });
    repo.write('posts/drafts/teaser.yaml', post('Something big lands on March 10'));
    const edited = repo.commit('Say when', { author: 'Dana <dana@acme.example>', date: '2027-01-02T10:00:00Z' });
    repo.git('checkout', '--quiet', 'main');
    repo.write('posts/other.yaml', post('Unrelated'));
    repo.commit('Another post straight on main', { date: '2027-01-02T11:00:00Z' });
    const merge = repo.merge('dana/teaser', 'Merge pull request #4 from acme/dana/teaser\n\nLaunch teaser', { author: 'Lee <lee@acme.example>', date: '2027-01-03T09:00:00Z' });

    // PR #9, squash-merged: moves the file.
    repo.move('posts/drafts/teaser.yaml', 'posts/2027/03/teaser.yaml');
    const moved = repo.commit('File the teaser under March (#9)', { author: 'Sam <sam@acme.example>', date: '2027-01-05T09:00:00Z' });

    // A direct commit on main, no PR.
    repo.write('posts/2027/03/teaser.yaml', post('Something big lands on March 10!'));
    const direct = repo.commit('Typo', { author: 'Kim <kim@acme.example>', date: '2027-01-06T09:00:00Z' });

    const history = await fileHistory(repo.dir, 'posts/2027/03/teaser.yaml');
    expect(history.map((c) => [c.commit, c.author, c.change, c.path, c.previousPath, c.pullRequest?.number, c.pullRequest?.via])).toEqual([
      [direct, 'Kim', 'modified', 'posts/2027/03/teaser.yaml', undefined, undefined, undefined],
      [moved, 'Sam', 'renamed', 'posts/2027/03/teaser.yaml', 'posts/drafts/teaser.yaml', 9, 'squash'],
      [edited, 'Dana', 'modified', 'posts/drafts/teaser.yaml', undefined, 4, 'merge'],
      [created, 'Dana', 'added', 'posts/drafts/teaser.yaml', undefined, 4, 'merge'],
    ]);
    expect(history[3].pullRequest).toMatchObject({ commit: merge, mergedBy: 'Lee', mergedAt: '2027-01-03T09:00:00+00:00', title: 'Merge pull request #4 from acme/dana/teaser' });
    expect(history[3].date).toBe('2027-01-02T09:00:00+00:00'); // the author's own offset, as git recorded it
  });

  it('gives paths relative to a calendar below the repository top level', async () => {
    const repo = tempRepo();
    repo.write('cal/socialcal.yaml', CONFIG);
    repo.write('cal/posts/a.yaml', post('A'));
    repo.commit('init');
    const history = await fileHistory(`${repo.dir}/cal`, 'posts/a.yaml');
    expect(history.map((c) => [c.change, c.path])).toEqual([['added', 'posts/a.yaml']]);
  });

  it('is empty for a file that was never committed, or a repository without commits', async () => {
    const repo = tempRepo();
    expect(await fileHistory(repo.dir, 'posts/a.yaml')).toEqual([]);
    repo.write('socialcal.yaml', CONFIG);
    repo.commit('init');
    expect(await fileHistory(repo.dir, 'posts/new.yaml')).toEqual([]);
  });
});

describe('deletedFiles', () => {
  it('lists files removed under a folder', async () => {
    const repo = tempRepo();
    repo.write('posts/a.yaml', post('A'));
    repo.write('posts/b.yaml', post('B'));
    repo.commit('two');
    repo.remove('posts/a.yaml');
    repo.commit('drop a');
    expect(await deletedFiles(repo.dir, 'posts')).toEqual(['posts/a.yaml']);
  });
});
