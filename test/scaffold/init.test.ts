// `socialcal init` leaves a repository a team can install, commit and push; path mistakes and
// typos around setup get one line and exit 2.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withIgnores, withSocialcal } from '../../src/scaffold/repo-files.js';
import { cli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/calendar');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const IDENTITY = { GIT_AUTHOR_NAME: 'Dana', GIT_AUTHOR_EMAIL: 'dana@acme.example', GIT_COMMITTER_NAME: 'Dana', GIT_COMMITTER_EMAIL: 'dana@acme.example' };
const temp = mkdtempSync(join(tmpdir(), 'socialcal-init-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();
const noStack = (stderr: string) => expect(stderr).not.toMatch(/internal error|\n\s+at .*:\d+:\d+/);

/** Every YAML file below `dir` with the schema its modeline points at (resolved from the file's folder). */
function modelines(dir: string): { file: string; schema: string }[] {
  const out: { file: string; schema: string }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git' || e.name === '.github') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(readFileSync(p, 'utf8').split('\n')[0]);
        expect(m, `${relative(dir, p)} has a modeline`).not.toBeNull();
        out.push({ file: relative(dir, p), schema: resolve(dirname(p), m![1]) });
      }
    }
  };
  walk(dir);
  return out;
}

describe('init: a repository a team can run', () => {
  let dir: string;
  beforeAll(() => {
    const r = cli(['init', 'acme-social', '--timezone', 'America/New_York'], { cwd: temp });
    expect(r.code, r.stderr).toBe(0);
    dir = join(temp, 'acme-social');
  });

  it('writes package.json pinning exactly the running socialcal as a devDependency', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'acme-social', private: true, devDependencies: { socialcal: VERSION } });
    expect(pkg.devDependencies.socialcal).toMatch(/^\d+\.\d+\.\d+/); // exact: no ^, ~ or latest
    expect(pkg.dependencies).toBeUndefined();
  });

  it('runs git init on branch main and writes a .gitignore, without committing unless asked', () => {
    expect(git(dir, 'rev-parse', '--show-toplevel')).toBe(dir);
    expect(git(dir, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(() => git(dir, 'rev-parse', '--verify', '--quiet', 'HEAD')).toThrow();
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toContain('node_modules/');
    // The ignore rules cover installs and anything cached under node_modules.
    mkdirSync(join(dir, 'node_modules/.cache/socialcal'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.cache/socialcal/x'), 'x');
    expect(git(dir, 'check-ignore', 'node_modules/.cache/socialcal/x')).toBe('node_modules/.cache/socialcal/x');
    const status = git(dir, 'status', '--porcelain', '--untracked-files=all');
    expect(status).toContain('?? package.json');
    expect(status).not.toContain('node_modules');
  });

  it('the $schema modelines resolve once socialcal is installed in the calendar repository', () => {
    const lines = modelines(dir);
    expect(lines.map((l) => l.file).sort()).toEqual(expect.arrayContaining(['socialcal.yaml', 'campaigns/example-launch.yaml']));
    expect(lines.filter((l) => l.file.startsWith('posts/'))).toHaveLength(2);
    for (const l of lines) expect(existsSync(l.schema), `${l.file} → ${l.schema} before install`).toBe(false);
    const copy = join(temp, 'installed');
    cpSync(dir, copy, { recursive: true });
    // As npm installs a file: dependency, offline (no registry involved).
    execFileSync('npm', ['install', '--no-save', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `file:${ROOT}`], { cwd: copy, stdio: 'pipe' });
    for (const l of modelines(copy)) {
      expect(existsSync(l.schema), `${l.file} → ${l.schema}`).toBe(true);
      const schema = JSON.parse(readFileSync(l.schema, 'utf8'));
      const kind = l.file === 'socialcal.yaml' ? 'config' : l.file.split('/')[0].replace(/s$/, '');
      expect(l.schema.endsWith(`node_modules/socialcal/schemas/${kind}.schema.json`), l.file).toBe(true);
      expect(schema.type).toBe('object');
    }
    // The installed CLI is the pinned one.
    expect(execFileSync(process.execPath, [join(copy, 'node_modules/socialcal/bin/socialcal.js'), '--version'], { encoding: 'utf8' }).trim()).toBe(VERSION);
  });

  it('--commit makes a first commit of exactly the files it wrote', () => {
    const r = cli(['init', 'committed', '--commit', '--json'], { cwd: temp, env: IDENTITY });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const repo = join(temp, 'committed');
    expect(result.git).toBe('created');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(result.commit);
    expect(git(repo, 'log', '--format=%s')).toBe('Start a socialcal calendar');
    const tracked = git(repo, 'ls-files').split('\n').sort();
    expect(tracked).toEqual([...result.written].sort());
    expect(tracked).toEqual(expect.arrayContaining(['package.json', '.gitignore', 'socialcal.yaml', '.github/workflows/socialcal-publish.yml', '.github/workflows/socialcal-metrics.yml']));
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('inside an existing repository it neither runs git init nor commits what it did not write', () => {
    const outer = join(temp, 'monorepo');
    mkdirSync(outer);
    git(outer, 'init', '-q', '-b', 'main');
    writeFileSync(join(outer, 'unrelated.txt'), 'x');
    git(outer, 'add', 'unrelated.txt');
    const r = cli(['init', 'social', '--commit', '--json'], { cwd: outer, env: IDENTITY });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.git).toBe('existing');
    expect(existsSync(join(outer, 'social/.git'))).toBe(false);
    expect(git(outer, 'show', '--name-only', '--format=', 'HEAD').split('\n')).not.toContain('unrelated.txt');
    expect(git(outer, 'diff', '--cached', '--name-only')).toBe('unrelated.txt');
    expect(result.notes.join('\n')).toContain(`${join(outer, '.github/workflows')}`);
  });

  it('--commit without a git identity is a clear environment error, files stay written', () => {
    const home = join(temp, 'home-without-identity');
    mkdirSync(home);
    const r = cli(['init', 'nobody', '--commit'], {
      cwd: temp,
      env: { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.useConfigOnly', GIT_CONFIG_VALUE_0: 'true' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^socialcal: git commit failed: /);
    expect(r.stderr).toContain('git config --global user.name');
    noStack(r.stderr);
    expect(existsSync(join(temp, 'nobody/socialcal.yaml'))).toBe(true);
  });

  it('init --force prints the zone it keeps, not the one it was given', () => {
    const r = cli(['init', 'acme-social', '--force', '--timezone', 'Asia/Tokyo', '--json'], { cwd: temp });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.timezone).toBe('America/New_York');
    expect(readFileSync(join(dir, 'socialcal.yaml'), 'utf8')).toContain('timezone: America/New_York');
    expect(result.notes[0]).toContain('--timezone Asia/Tokyo not applied');
    const text = cli(['init', 'acme-social', '--force', '--timezone', 'Asia/Tokyo'], { cwd: temp }).stdout;
    expect(text).toContain('(timezone America/New_York)');
    expect(text).not.toContain('timezone Asia/Tokyo)');
  });

  it('completes an existing package.json and .gitignore instead of skipping them', () => {
    const existing = join(temp, 'existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'package.json'), '{\n    "name": "site",\n    "devDependencies": { "prettier": "3.0.0" }\n}\n');
    writeFileSync(join(existing, '.gitignore'), 'dist');
    const r = cli(['init', '--json'], { cwd: existing });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).updated.sort()).toEqual(['.gitignore', 'package.json']);
    const pkg = JSON.parse(readFileSync(join(existing, 'package.json'), 'utf8'));
    expect(pkg).toEqual({ name: 'site', devDependencies: { prettier: '3.0.0', socialcal: VERSION } });
    expect(readFileSync(join(existing, 'package.json'), 'utf8')).toMatch(/^\{\n {4}"name"/);
    expect(readFileSync(join(existing, '.gitignore'), 'utf8')).toBe('dist\nnode_modules/\nsocialcal-site/\n.env\n');
    expect(withSocialcal(JSON.stringify({ dependencies: { socialcal: '0.0.1' } }), VERSION)).toBeUndefined();
    expect(withSocialcal('not json', VERSION)).toBeUndefined();
    expect(withIgnores('/node_modules\nsocialcal-site/\n.env\n')).toBeUndefined();
  });
});

describe('setup mistakes: one line, exit 2', () => {
  const file = join(temp, 'a-file');
  beforeAll(() => writeFileSync(file, 'x'));

  it('init <a file>', () => {
    const r = cli(['init', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`init ${file}: is a file, not a folder`);
    noStack(r.stderr);
    expect(statSync(file).isFile()).toBe(true);
  });

  it('init --timezone with a typo suggests the zone', () => {
    const r = cli(['init', join(temp, 'typo'), '--timezone', 'Europe/Berln']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(did you mean "Europe/Berlin"?)');
    expect(existsSync(join(temp, 'typo'))).toBe(false);
  });

  it.each([
    ['ics', ['-o', '/missing/dir/x.ics'], 'the folder /missing/dir does not exist'],
    ['csv', ['-o', tmpdir()], `-o ${tmpdir()}: is a folder`],
    ['html', ['-o', join(tmpdir(), 'socialcal-init-file-for-html')], 'is a file, not a folder'],
  ])('export %s %s', (format, args, message) => {
    writeFileSync(join(tmpdir(), 'socialcal-init-file-for-html'), 'x');
    const r = cli(['export', format, ...args, '-C', EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(2); // the message and its hint
    noStack(r.stderr);
  });
});

describe('new: typos and its own help example', () => {
  let cal: string;
  beforeAll(() => {
    cal = join(temp, 'example-copy');
    cpSync(EXAMPLE, cal, { recursive: true });
    git(cal, 'init', '-q', '-b', 'main');
  });

  it('suggests the account, campaign and zone meant', () => {
    const base = ['new', '--at', '2027-02-20 10:00', '--text', 'x', '-C', cal];
    expect(cli([...base, '--channels', 'blusky']).stderr).toContain('unknown account "blusky" (did you mean "bluesky"?)');
    expect(cli([...base, '--channels', 'bluesky', '--campaign', 'winter-lunch']).stderr).toContain('(did you mean "winter-launch"?)');
    const zone = cli([...base, '--channels', 'bluesky', '--timezone', 'America/New_Yrok']);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('--timezone America/New_Yrok: not an IANA time zone (did you mean "America/New_York"?)');
  });

  it('the template example in `new --help`, run as written, makes a post that check accepts', () => {
    const help = cli(['new', '--help']).stdout;
    const example = help
      .split('\n')
      .map((l) => l.trim())
      .join('\n')
      .replace(/\\\n/g, ' ')
      .split('\n')
      .find((l) => l.startsWith('socialcal new --template'));
    expect(example).toMatch(/^socialcal new --template launch-day --at "launch \+ 1d"/);
    const shell = `socialcal() { "${process.execPath}" "${join(ROOT, 'bin/socialcal.js')}" "$@"; }\n${example}`;
    execFileSync('bash', ['-e', '-c', shell], { cwd: cal, env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
    const check = cli(['check', '--json'], { cwd: cal });
    const report = JSON.parse(check.stdout);
    const mine = report.problems.filter((p: { file: string; severity: string }) => p.file.includes('launch-day-after') && p.severity === 'error');
    expect(mine).toEqual([]);
    expect(check.code).toBe(0);
  });
});
