import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { branchNameProblem, remoteNameProblem } from '../../src/git/ref-name.js';

// branchNameProblem against git itself: `git check-ref-format --branch` is the oracle.

const NAMES = [
  'socialcal-ledger', 'ledger/2027', 'x-', 'é', '@x', 'a@b', 'a.b', 'team/ledger.v2', 'a-lock', 'a.locks',
  '--upload-pack=touch /tmp/pwned', '-x', 'a..b', 'HEAD', 'a@{b}', '@{-1}x', 'a.lock', 'a/b.lock/c', '.a', 'a/.b', 'a/', '/a',
  'a//b', 'a.', 'a b', 'a\tb', 'a\u007fb', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', '',
];

// In a fresh repository of its own: `--branch` expands `@{-1}` from the reflog, so in a
// repository where another branch was checked out before, `@{-1}x` names that branch.
const EMPTY_REPO = mkdtempSync(join(tmpdir(), 'socialcal-refname-'));
execFileSync('git', ['init', '-q', EMPTY_REPO]);

function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore', cwd: EMPTY_REPO });
    return true;
  } catch {
    return false;
  }
}

describe('branchNameProblem', () => {
  it.each(NAMES)('agrees with git check-ref-format --branch on %j', (name) => {
    expect(branchNameProblem(name) === undefined).toBe(gitAccepts(name));
  });

  it('is stricter than git where git would misread the name', () => {
    // git takes these as refs/heads/refs/heads/x and refs/heads/@, which other git commands read differently.
    expect(branchNameProblem('refs/heads/x')).toMatch(/starts with "refs\/"/);
    expect(branchNameProblem('@')).toMatch(/short for HEAD/);
  });

  it('says why', () => {
    expect(branchNameProblem('--upload-pack=x')).toMatch(/starts with "-"/);
    expect(branchNameProblem('a..b')).toBe('it contains ".."');
    expect(branchNameProblem('HEAD')).toMatch(/checked-out commit/);
    expect(branchNameProblem('a b')).toBe('it contains a space');
  });
});

// remoteNameProblem against `git remote add` (git's valid_remote_name), stricter only for "-…".
const REMOTES = ['origin', 'up/stream', 'HEAD', '@', 'ends.', 'é', 'refs/heads/x', 'a b', 'a..b', '.hidden', 'x.lock', 'x.lock/y', 'a@{b', 'a:b', 'a/', '/a', 'a//b', 'a~1', 'a*', 'a\tb', ''];

describe('remoteNameProblem', () => {
  const repo = mkdtempSync(join(tmpdir(), 'socialcal-remotes-'));
  execFileSync('git', ['init', '--quiet', repo]);
  function gitAddsRemote(name: string): boolean {
    try {
      execFileSync('git', ['remote', 'add', '--', name, '/nowhere'], { cwd: repo, stdio: 'ignore' });
      execFileSync('git', ['remote', 'remove', '--', name], { cwd: repo, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  it.each(REMOTES)('agrees with git remote add on %j', (name) => {
    expect(remoteNameProblem(name) === undefined).toBe(gitAddsRemote(name));
  });

  it('refuses a name git would read as an option, though git remote add takes it', () => {
    for (const name of ['-x', '--upload-pack=evil', '-']) {
      expect(gitAddsRemote(name)).toBe(true);
      expect(remoteNameProblem(name)).toBe('it starts with "-" (git would read it as an option)');
    }
  });
});
