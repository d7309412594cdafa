// The daily curate workflow `init --curate` writes, run for real: its `run:` steps in clones of a
// bare remote, as actions/checkout leaves them, against a local stand-in for GitHub's pulls API
// that checks the exact requests. Only `uses:` steps and `npm ci` are stood in for (socialcal is
// this checkout, linked into node_modules; setup-node = this Node first on PATH).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bash } from '../support/bash.js';
import { cli } from '../support/cli.js';
import { startRecordingServer, type RecordingServer } from '../support/http-server.js';
import { rss } from '../curate/feeds.js';

const ROOT = join(import.meta.dirname, '../..');
const TOKEN = 'ghs_curate_token';
const IDENTITY = { GIT_AUTHOR_NAME: 'Dana', GIT_AUTHOR_EMAIL: 'dana@acme.example', GIT_COMMITTER_NAME: 'Dana', GIT_COMMITTER_EMAIL: 'dana@acme.example' };
const parent = mkdtempSync(join(tmpdir(), 'socialcal-curate-wf-'));
const cal = join(parent, 'cal');
const remote = join(parent, 'remote.git');
let github: RecordingServer;
let openPull = false;

const entry = (n: number) => ({ title: `Blog post number ${n}`, link: `https://acme.example/blog/${n}`, guid: `post-${n}`, date: `Mon, 0${n} Feb 2027 09:00:00 GMT` });

function sh(cwd: string, cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A fresh clone of the remote's default branch, then the curate job's steps. */
async function runCurateJob(name: string): Promise<string> {
  const ws = join(parent, name);
  sh(parent, 'git', ['clone', '--quiet', `file://${remote}`, ws]);
  symlinkSync(join(cal, 'node_modules'), join(ws, 'node_modules'));
  const wf = parse(readFileSync(join(ws, '.github/workflows/socialcal-curate.yml'), 'utf8'));
  const context: Record<string, string> = { 'secrets.SOCIALCAL_TOKEN || github.token': TOKEN, 'github.event.repository.default_branch': 'main' };
  let out = '';
  for (const step of wf.jobs.curate.steps) {
    if (step.uses) {
      expect(['actions/checkout@v4', 'actions/setup-node@v4']).toContain(step.uses);
      continue;
    }
    if (step.run === 'npm ci --no-audit --no-fund') continue;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => context[e])]));
    const r = await bash(step.run, ws, {
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
      HOME: parent,
      CI: 'true',
      NO_COLOR: '1',
      GITHUB_REPOSITORY: 'acme/calendar',
      GITHUB_API_URL: github.url,
      ...env,
    });
    out += r.stdout + r.stderr;
    expect(r.status, `${step.name}\n${r.stdout}\n${r.stderr}`).toBe(0);
  }
  return out;
}

const remoteFiles = (ref: string) => sh(remote, 'git', ['ls-tree', '-r', '--name-only', ref]).split('\n');

beforeAll(async () => {
  github = await startRecordingServer((req) => {
    if (req.method === 'GET' && req.path === '/repos/acme/calendar/pulls') return { status: 200, body: openPull ? [{ number: 1 }] : [] };
    if (req.method === 'POST' && req.path === '/repos/acme/calendar/pulls') {
      openPull = true;
      return { status: 201, body: { number: 1, html_url: 'https://github.com/acme/calendar/pull/1' } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  const init = cli(['init', 'cal', '--timezone', 'Europe/Berlin', '--curate'], { cwd: parent });
  expect(init.code, init.stderr).toBe(0);
  appendFileSync(join(cal, 'socialcal.yaml'), 'feeds:\n  blog:\n    url: feeds/blog.xml\n    channels: [mastodon]\n    tags: [curated]\n');
  mkdirSync(join(cal, 'feeds'));
  writeFileSync(join(cal, 'feeds/blog.xml'), rss([entry(2), entry(1)]));
  mkdirSync(join(cal, 'node_modules/.bin'), { recursive: true });
  symlinkSync(ROOT, join(cal, 'node_modules/socialcal'));
  symlinkSync(join(ROOT, 'bin/socialcal.js'), join(cal, 'node_modules/.bin/socialcal'));
  sh(cal, 'git', ['add', '-A']);
  sh(cal, 'git', ['commit', '--quiet', '-m', 'Start a socialcal calendar']);
  sh(parent, 'git', ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  sh(cal, 'git', ['remote', 'add', 'origin', remote]);
  sh(cal, 'git', ['push', '--quiet', '-u', 'origin', 'main']);
}, 60_000);

afterAll(async () => {
  await github?.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('socialcal-curate.yml (init --curate)', { timeout: 180_000 }, () => {
  it('init writes it only with --curate', () => {
    expect(existsSync(join(cal, '.github/workflows/socialcal-curate.yml'))).toBe(true);
    const plain = cli(['init', 'plain', '--timezone', 'UTC'], { cwd: parent });
    expect(plain.code).toBe(0);
    expect(existsSync(join(parent, 'plain/.github/workflows/socialcal-curate.yml'))).toBe(false);
  });

  it('first run: drafts and their record pushed to socialcal/curate, one pull request opened with the job token', async () => {
    await runCurateJob('ws-1');
    const files = remoteFiles('socialcal/curate');
    expect(files).toEqual(expect.arrayContaining(['.socialcal/curated.yaml']));
    expect(files.filter((f) => f.includes('/blog-blog-post-number-'))).toHaveLength(2);
    expect(remoteFiles('main').some((f) => f.includes('blog-blog-post'))).toBe(false);
    const posts = github.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(posts[0].raw.toString('utf8'))).toMatchObject({ title: 'Curated drafts from feeds', head: 'socialcal/curate', base: 'main' });
    expect(github.requests.find((r) => r.method === 'GET')!.query).toEqual({ state: 'open', head: 'acme:socialcal/curate' });
  });

  it('next day, nothing new: the open branch is continued, nothing is pushed and no second pull request', async () => {
    const before = sh(remote, 'git', ['rev-parse', 'socialcal/curate']);
    const out = await runCurateJob('ws-2');
    expect(out).toContain('No new drafts.');
    expect(sh(remote, 'git', ['rev-parse', 'socialcal/curate'])).toBe(before);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a new entry on main: one more draft on the same branch, the open pull request is reused', async () => {
    writeFileSync(join(cal, 'feeds/blog.xml'), rss([entry(3), entry(2), entry(1)]));
    sh(cal, 'git', ['commit', '--quiet', '-am', 'Feed has a new post']);
    sh(cal, 'git', ['push', '--quiet', 'origin', 'main']);
    await runCurateJob('ws-3');
    expect(remoteFiles('socialcal/curate').filter((f) => f.includes('/blog-blog-post-number-'))).toHaveLength(3);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const state = sh(remote, 'git', ['show', 'socialcal/curate:.socialcal/curated.yaml']);
    expect(state.match(/- key: post-/g)).toHaveLength(3);
  });
});
