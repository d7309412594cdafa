// Real temporary git repositories with branches, merges and renames, for plan and log tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string): void;
  remove(path: string): void;
  move(from: string, to: string): void;
  /** Stages everything and commits as `author` at `date` (ISO); returns the commit id. */
  commit(message: string, opts?: { author?: string; date?: string }): string;
  /** Merges `branch` with a merge commit (--no-ff) as `author` at `date`; returns its id. */
  merge(branch: string, message: string, opts?: { author?: string; date?: string }): string;
}

const made: string[] = [];

export function tempRepo(opts: { branch?: string; dir?: string } = {}): TempRepo {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'socialcal-git-'));
  made.push(dir);
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  if (!opts.dir) git('init', '--quiet', '--initial-branch', opts.branch ?? 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    remove(path) {
      rmSync(join(dir, path));
    },
    move(from, to) {
      mkdirSync(dirname(join(dir, to)), { recursive: true });
      renameSync(join(dir, from), join(dir, to));
    },
    commit(message, opts = {}) {
      git('add', '-A');
      return asAuthor(['commit', '--quiet', '--allow-empty', '-m', message], opts);
    },
    merge(branch, message, opts = {}) {
      return asAuthor(['merge', '--quiet', '--no-ff', '-m', message, branch], opts);
    },
  };

  function asAuthor(args: string[], { author = 'Test <test@example.com>', date = '2027-01-01T10:00:00Z' }: { author?: string; date?: string }): string {
    const [name, email] = /^(.*) <(.*)>$/.exec(author)!.slice(1);
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...env,
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
        GIT_COMMITTER_DATE: date,
      },
    });
    return git('rev-parse', 'HEAD').trim();
  }
}

/** Clones `source` (file:// so --depth works) into a new temp dir. */
export function cloneRepo(source: string, args: string[] = []): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'socialcal-clone-'));
  execFileSync('git', ['clone', '--quiet', ...args, `file://${source}`, dir], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return tempRepo({ dir });
}

export function removeTempRepos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const CONFIG = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
  linkedin: { platform: linkedin, author: "urn:li:organization:2414183" }
roles:
  marketing: [dana, "@acme/marketing"]
  legal: [lee]
`;

/** A post file's YAML. */
export function postYaml(fields: Record<string, unknown>): string {
  return `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n`;
}
