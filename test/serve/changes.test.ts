import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeBar, commitToBranch, githubRepo } from '../../src/serve/changes.js';
import { git, tempDir } from '../support/git.js';
import { exampleRepo } from './support.js';

// The change bar's git side against real repositories, and the mistakes people make with it.

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo() {
  const r = exampleRepo();
  dirs.push(r.root, r.remote);
  return r.root;
}

describe('change bar', () => {
  it('lists changed, added and deleted calendar files relative to the calendar, like git status', async () => {
    const root = repo();
    writeFileSync(join(root, 'posts/2027/01/faq-pricing.yaml'), 'changed: true\n');
    writeFileSync(join(root, 'posts/2027/01/new.yaml'), 'text: new\n');
    rmSync(join(root, 'posts/2027/02/berlin-photo.yaml'));
    expect(await changeBar(root)).toEqual({
      branch: 'main',
      defaultBranch: 'main',
      files: [
        { path: 'posts/2027/01/faq-pricing.yaml', state: 'modified' },
        { path: 'posts/2027/01/new.yaml', state: 'untracked' },
        { path: 'posts/2027/02/berlin-photo.yaml', state: 'deleted' },
      ],
    });
  });

  it('commits exactly the changed files to a new branch, deletions included; main does not move', async () => {
    const root = repo();
    const main = git(root, 'rev-parse', 'main');
    writeFileSync(join(root, 'posts/2027/01/new.yaml'), 'text: new\n');
    rmSync(join(root, 'posts/2027/02/berlin-photo.yaml'));
    const done = await commitToBranch(root, 'calendar/spring', 'Add one, drop one');
    expect(done.files).toEqual(['posts/2027/01/new.yaml', 'posts/2027/02/berlin-photo.yaml']);
    expect(git(root, 'show', '--name-status', '--format=', 'HEAD').split('\n')).toEqual(['A\tposts/2027/01/new.yaml', 'D\tposts/2027/02/berlin-photo.yaml']);
    expect(git(root, 'rev-parse', 'main')).toBe(main);
    // Further changes go onto the same branch while it is checked out.
    writeFileSync(join(root, 'posts/2027/01/new.yaml'), 'text: newer\n');
    expect((await commitToBranch(root, 'calendar/spring', 'Reword')).branch).toBe('calendar/spring');
    expect(git(root, 'rev-list', '--count', 'main..calendar/spring')).toBe('2');
  });

  it('refuses the default branch, a bad branch name, an existing branch, an empty message, and nothing to commit', async () => {
    const root = repo();
    writeFileSync(join(root, 'posts/2027/01/new.yaml'), 'text: new\n');
    await expect(commitToBranch(root, 'main', 'x')).rejects.toThrow('serve never commits to the default branch (main)');
    await expect(commitToBranch(root, 'my branch', 'x')).rejects.toThrow('"my branch" cannot be a branch name: it contains a space');
    await expect(commitToBranch(root, 'calendar/x', '  ')).rejects.toThrow('write a commit message');
    git(root, 'branch', 'taken');
    await expect(commitToBranch(root, 'taken', 'x')).rejects.toThrow('a branch named taken exists already');
    rmSync(join(root, 'posts/2027/01/new.yaml'));
    await expect(commitToBranch(root, 'calendar/x', 'x')).rejects.toThrow('nothing to commit');
    expect(git(root, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('works on a calendar in a folder of a larger repository (like examples/calendar here)', async () => {
    const top = tempDir('socialcal-mono-');
    dirs.push(top);
    cpSync(resolve('examples/calendar'), join(top, 'calendar'), { recursive: true });
    writeFileSync(join(top, 'README.md'), 'monorepo\n');
    git(top, 'init', '--quiet', '-b', 'main');
    git(top, 'config', 'user.name', 'T');
    git(top, 'config', 'user.email', 't@example.test');
    git(top, 'add', '-A');
    git(top, 'commit', '--quiet', '-m', 'init');
    const root = join(top, 'calendar');
    writeFileSync(join(root, 'posts/2027/01/new.yaml'), 'text: new\n');
    writeFileSync(join(top, 'README.md'), 'outside the calendar\n');
    expect((await changeBar(root)).files).toEqual([{ path: 'posts/2027/01/new.yaml', state: 'untracked' }]);
    await commitToBranch(root, 'calendar/new', 'New post');
    expect(git(top, 'show', '--name-only', '--format=', 'HEAD')).toBe('calendar/posts/2027/01/new.yaml');
    expect(git(top, 'status', '--porcelain')).toBe('M README.md');
  });

  it('reads owner/name from GitHub remote URLs only', () => {
    expect(githubRepo('https://github.com/acme/calendar.git')).toBe('acme/calendar');
    expect(githubRepo('git@github.com:acme/calendar.git')).toBe('acme/calendar');
    expect(githubRepo('https://github.com/acme/calendar')).toBe('acme/calendar');
    expect(githubRepo('https://gitlab.com/acme/calendar.git')).toBeUndefined();
    expect(githubRepo('/tmp/remote')).toBeUndefined();
    expect(githubRepo(undefined)).toBeUndefined();
  });
});
