// Temporary git repositories for tests: a calendar repo, a bare repo as its remote, clones.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

/** Runs git in `cwd` and returns its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function tempDir(prefix = 'socialcal-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A new repository on branch main with `files` committed. */
export function initRepo(files: Record<string, string | Buffer> = { 'README.md': 'test\n' }, dir = tempDir()): string {
  git(dir, 'init', '--quiet', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test Author');
  git(dir, 'config', 'user.email', 'author@example.test');
  commitFiles(dir, files, 'initial');
  return dir;
}

export function commitFiles(dir: string, files: Record<string, string | Buffer>, message: string): string {
  writeFiles(dir, files);
  git(dir, 'add', '--', ...Object.keys(files));
  git(dir, 'commit', '--quiet', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export function bareRepo(): string {
  const dir = tempDir('socialcal-remote-');
  git(dir, 'init', '--quiet', '--bare', '-b', 'main');
  return dir;
}

/** A calendar repository pushed to a bare remote: { remote, work } where work is a clone with `origin`. */
export function repoWithRemote(files: Record<string, string | Buffer>): { remote: string; work: string } {
  const remote = bareRepo();
  const work = initRepo(files);
  git(work, 'remote', 'add', 'origin', remote);
  git(work, 'push', '--quiet', 'origin', 'main');
  return { remote, work };
}

/** A clone of `remote`, shallow when depth is given (as CI checkouts are). */
export function cloneRepo(remote: string, opts: { depth?: number } = {}): string {
  const dir = tempDir('socialcal-clone-');
  const args = ['clone', '--quiet', '--branch', 'main'];
  if (opts.depth) args.push(`--depth=${opts.depth}`, '--no-local');
  git(dir, ...args, opts.depth ? `file://${remote}` : remote, '.');
  git(dir, 'config', 'user.name', 'Test Author');
  git(dir, 'config', 'user.email', 'author@example.test');
  return dir;
}

/** A file's content on a branch of a (bare or not) repository. */
export function showFile(repo: string, ref: string, path: string): string {
  return git(repo, 'show', `${ref}:${path}`);
}

/** Makes every claim on the remote ledger `minutes` older, as if that much time had passed. */
export function ageClaims(remote: string, minutes: number): void {
  const dir = cloneRepo(remote);
  git(dir, 'checkout', '--quiet', 'socialcal-ledger');
  for (const name of readdirSync(join(dir, 'published'))) {
    const file = join(dir, 'published', name);
    const text = readFileSync(file, 'utf8').replace(/claimedAt: (\S+)/g, (_, at: string) => `claimedAt: ${new Date(new Date(at).getTime() - minutes * 60_000).toISOString()}`);
    writeFileSync(file, text);
  }
  git(dir, 'commit', '--quiet', '-am', `${minutes} minutes pass`);
  git(dir, 'push', '--quiet', 'origin', 'socialcal-ledger');
}

