import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/calendar/load.js';
import { calendarFilesAt, defaultBranch, ensureMergeBase, isShallow, resolveCommit } from '../../src/git/revision.js';
import { CONFIG, cloneRepo, postYaml, removeTempRepos, tempRepo } from '../support/git-history.js';

afterAll(removeTempRepos);

describe('calendarFilesAt', () => {
  it('reads the calendar as it was at a commit, not as it is on disk', async () => {
    const repo = tempRepo();
    repo.write('socialcal.yaml', CONFIG);
    repo.write('posts/2027/03/hello.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'Hello' }));
    repo.write('media/a.png', 'not really a png, 27 bytes.');
    repo.write('README.md', '# not calendar');
    const first = repo.commit('first');
    repo.write('posts/2027/03/hello.yaml', postYaml({ at: '2027-03-02 10:00', channels: ['bluesky'], text: 'Changed' }));
    repo.write('posts/new.yaml', postYaml({ at: '2027-03-03 10:00', channels: ['bluesky'], text: 'New' }));

    const files = await calendarFilesAt(repo.dir, first);
    expect(files.files.map((f) => [f.path, f.kind])).toEqual([
      ['posts/2027/03/hello.yaml', 'post'],
      ['socialcal.yaml', 'config'],
    ]);
    expect(files.media('media/a.png')).toEqual({ exists: true, size: 27 });
    expect(files.media('media/missing.png')).toEqual({ exists: false });
    expect(files.media('../outside.png')).toEqual({ exists: false, outside: true });

    const { calendar, problems } = buildCalendar(files);
    expect(problems).toEqual([]);
    expect(calendar!.posts.map((p) => [p.id, p.text])).toEqual([['hello', 'Hello']]);
  });

  it('reads a calendar that sits in a folder below the repository top level', async () => {
    const repo = tempRepo();
    repo.write('cal/socialcal.yaml', CONFIG);
    repo.write('cal/posts/a.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'A' }));
    repo.write('posts/elsewhere.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'not ours' }));
    const head = repo.commit('calendar in a folder');
    const files = await calendarFilesAt(`${repo.dir}/cal`, head);
    expect(files.files.map((f) => f.path)).toEqual(['posts/a.yaml', 'socialcal.yaml']);
  });

  it('says which revision is unknown', async () => {
    const repo = tempRepo();
    repo.write('socialcal.yaml', CONFIG);
    repo.commit('first');
    await expect(calendarFilesAt(repo.dir, 'no-such-branch')).rejects.toThrow(/"no-such-branch" is not a commit/);
  });
});

describe('defaultBranch and merge-base', () => {
  it('uses origin/HEAD in a clone, main or master otherwise', async () => {
    const origin = tempRepo({ branch: 'trunk' });
    origin.write('socialcal.yaml', CONFIG);
    origin.commit('first');
    const clone = cloneRepo(origin.dir);
    expect(await defaultBranch(clone.dir)).toBe('origin/trunk');

    const local = tempRepo({ branch: 'master' });
    local.write('socialcal.yaml', CONFIG);
    local.commit('first');
    expect(await defaultBranch(local.dir)).toBe('master');
  });

  it('asks the remote for its HEAD when a CI clone has no remote-tracking branches', async () => {
    const origin = tempRepo({ branch: 'trunk' });
    origin.write('socialcal.yaml', CONFIG);
    origin.commit('first');
    origin.git('checkout', '--quiet', '-b', 'feature');
    origin.write('posts/a.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'A' }));
    origin.commit('feature');
    origin.git('checkout', '--quiet', 'trunk');
    const clone = cloneRepo(origin.dir, ['--depth=1', '--single-branch', '--branch', 'feature']);
    expect(await resolveCommit(clone.dir, 'origin/trunk')).toBeUndefined();
    expect(await defaultBranch(clone.dir)).toBe('origin/trunk');
    expect(await resolveCommit(clone.dir, 'origin/trunk')).toBe(origin.git('rev-parse', 'trunk').trim());
  });

  it('deepens a shallow clone until the merge-base exists', async () => {
    const origin = tempRepo();
    origin.write('socialcal.yaml', CONFIG);
    const base = origin.commit('base');
    origin.git('checkout', '--quiet', '-b', 'feature');
    for (let i = 0; i < 12; i++) {
      origin.write(`posts/p${i}.yaml`, postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: `P${i}` }));
      origin.commit(`post ${i}`);
    }
    origin.git('checkout', '--quiet', 'main');
    origin.write('posts/main.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'main moved on' }));
    const mainTip = origin.commit('main moves on');

    const clone = cloneRepo(origin.dir, ['--depth=1', '--single-branch', '--branch', 'feature']);
    expect(await isShallow(clone.dir)).toBe(true);
    expect(await resolveCommit(clone.dir, base)).toBeUndefined();
    expect(await ensureMergeBase(clone.dir, 'main', 'HEAD', { depth: 2 })).toBe(base);
    expect(await resolveCommit(clone.dir, 'origin/main')).toBe(mainTip);

    const byCommit = cloneRepo(origin.dir, ['--depth=1', '--single-branch', '--branch', 'feature']);
    expect(await ensureMergeBase(byCommit.dir, mainTip, 'HEAD', { depth: 1 })).toBe(base);
  });

  it('says so outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socialcal-nogit-'));
    await expect(defaultBranch(dir)).rejects.toThrow(/is not inside a git repository/);
    await expect(ensureMergeBase(dir, 'main', 'HEAD')).rejects.toThrow(/is not inside a git repository/);
    rmSync(dir, { recursive: true });
  });

  it('explains a base that is not there and cannot be fetched', async () => {
    const repo = tempRepo();
    repo.write('socialcal.yaml', CONFIG);
    repo.commit('first');
    await expect(ensureMergeBase(repo.dir, 'nope', 'HEAD')).rejects.toThrow(/"nope" is not a commit here/);
    // A base that reads as an option is a name, not an option to git merge-base (`--octopus HEAD` would answer HEAD).
    await expect(ensureMergeBase(repo.dir, '--octopus', 'HEAD')).rejects.toThrow(/"--octopus" is not a commit here/);
  });
});
