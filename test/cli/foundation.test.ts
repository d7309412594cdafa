import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { spawnSync } from 'node:child_process';
import { BIN, cli } from '../support/cli.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/calendar');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function tempCalendar(files: Record<string, string> = {}, base = true): string {
  const dir = calendarDir(files, { base });
  dirs.push(dir);
  return dir;
}

describe('socialcal (built binary)', () => {
  it('prints its version', () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;
    // Alone it is answered before the CLI loads; with a command, by commander: the same line.
    for (const args of [['--version'], ['-V'], ['-C', '.', '--version']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(`${version}\n`);
    }
  });

  it('lists every command in --help', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['init', 'new', 'check', 'ls']) expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  });

  it('teaches in a command\'s --help', () => {
    const r = cli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format <format>');
    expect(r.stdout).toContain('Exit codes');
  });

  it('colours output only when asked: NO_COLOR wins over a TTY guess, FORCE_COLOR forces it', () => {
    const dir = tempCalendar({ 'posts/a.yaml': 'at: 2027-01-12 10:00\nchannels: [blusky]\ntext: hi\n' });
    const plain = cli(['check'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '' } });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    const forced = cli(['check'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\u001b\[31merror/);
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ls -C "${EXAMPLE}" --all --json | true`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
  });

  it('exits 2 on an unknown command or a bad flag value', () => {
    expect(cli(['chekc']).code).toBe(2);
    const bad = cli(['check', '-C', EXAMPLE, '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format');
  });
});

describe('check', () => {
  it('passes on the example calendar', () => {
    const r = cli(['check', '-C', EXAMPLE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ \d+ posts, 2 campaigns checked/);
  });

  it('groups located problems by file and exits 1', () => {
    const dir = tempCalendar({ 'posts/a.yaml': 'at: 2027-01-12 10:00\nchannels: [blusky]\ntext: hi\n' });
    const r = cli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('posts/a.yaml\n  2:12');
    expect(r.stdout).toContain('unknown account "blusky" (did you mean "bluesky"?)');
    expect(r.stdout).toContain('hint: use one of the accounts in socialcal.yaml');
    expect(r.stdout).toMatch(/✖ 1 problem \(1 error, 0 warnings\) in 1 file/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('emits GitHub annotations', () => {
    const dir = tempCalendar({ 'posts/a.yaml': 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: hi\nstatus: done\n' });
    const r = cli(['check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=posts\/a\.yaml,line=4,col=9,title=socialcal field-invalid::"done" is not one of: idea, draft, ready%0A/m);
  });

  it('reports JSON with a summary', () => {
    const dir = tempCalendar({ 'posts/a.yaml': 'at: 2027-03-28 02:30\nchannels: [bluesky]\ntext: hi\n' });
    const r = cli(['check', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, files: 1 });
    expect(report.problems[0]).toMatchObject({ file: 'posts/a.yaml', line: 1, column: 5, path: 'at', code: 'time-gap' });
    expect(report.problems[0].hint).toContain('2027-03-28 03:30');
  });

  it('exits 1 with a located error when socialcal.yaml is missing', () => {
    const dir = tempCalendar({ 'posts/a.yaml': 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: hi\n' }, false);
    const r = cli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('socialcal.yaml not found');
    expect(r.stdout).toContain('socialcal init');
  });
});

describe('ls', () => {
  it('lists upcoming posts in the calendar zone with filters', () => {
    const r = cli(['ls', '-C', EXAMPLE, '--now', '2027-02-01T00:00:00Z', '--account', 'discord', '--to', '2027-02-28']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^time \(Europe\/Berlin\)\s+accounts\s+campaign\s+status\s+id\s+text$/);
    expect(lines[1]).toMatch(/^2027-02-02 10:00\s+bluesky,mastodon,discord\s+meetups\s+ready\s+berlin-announce\s+We are coming to Berlin!/);
    expect(lines.slice(1).every((l) => l.includes('discord'))).toBe(true);
    expect(lines.some((l) => l.includes('2027-03'))).toBe(false);
  });

  it('filters by campaign, tag and status as JSON', () => {
    const r = cli(['ls', '-C', EXAMPLE, '--all', '--campaign', 'winter-launch', '--tag', 'event', '--json']);
    expect(r.code).toBe(0);
    const { posts } = JSON.parse(r.stdout);
    expect(posts.map((p: { id: string }) => p.id)).toEqual(['livestream-reminder', 'livestream-recording']);
    expect(posts[0]).toMatchObject({ local: '2027-01-14 16:00', timezone: 'Europe/Berlin', at: '2027-01-14T15:00:00.000Z' });
    const drafts = JSON.parse(cli(['ls', '-C', EXAMPLE, '--all', '--status', 'draft,idea', '--json']).stdout).posts;
    expect(drafts.map((p: { status: string }) => p.status).sort()).toEqual(['draft', 'idea']);
  });

  it('names unknown filter values', () => {
    const r = cli(['ls', '-C', EXAMPLE, '--account', 'myspace']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--account myspace: no such name');
    expect(cli(['ls', '-C', EXAMPLE, '--from', 'yesterday']).stderr).toContain('--from yesterday: not a date or time');
  });
});

describe('new', () => {
  it('creates a post under posts/YYYY/MM/ that passes check, and refuses to overwrite', () => {
    const dir = tempCalendar();
    const args = ['new', '--at', '2027-03-09 09:30', '--channels', 'bluesky,mastodon', '--text', 'Hello from the CLI 👋', '--tag', 'tips', '--campaign', 'spring'];
    const r = cli(args, { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(dir, 'posts/2027/03/hello-from-the-cli.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/socialcal/schemas/post.schema.json');
    expect(text).toContain('at: 2027-03-09 09:30');
    expect(text).toContain('status: draft');
    expect(cli(['check'], { cwd: dir }).code).toBe(0);
    const again = cli(args, { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('a post with id "hello-from-the-cli" exists');
  });

  it('places milestone-relative posts by their resolved month and rejects bad input with the flag named', () => {
    const dir = tempCalendar();
    const r = cli(['new', '--at', 'launch - 10d', '--campaign', 'spring', '--channels', 'bluesky', '--text', 'Ten days to go', '--id', 'countdown'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'posts/2027/02/countdown.yaml'))).toBe(true);
    const gap = cli(['new', '--at', '2027-03-28 02:30', '--channels', 'bluesky', '--text', 'x'], { cwd: dir });
    expect(gap.code).toBe(2);
    expect(gap.stderr).toContain('does not exist in Europe/Berlin (use 2027-03-28 03:30)');
    expect(cli(['new', '--at', '2027-03-09 09:30', '--channels', 'twitter', '--text', 'x'], { cwd: dir }).stderr).toContain('unknown account "twitter"');
  });
});

describe('init', () => {
  it('scaffolds a calendar that passes check, with workflows and schema lines', () => {
    const parent = tempCalendar({}, false);
    const r = cli(['init', 'cal', '--timezone', 'America/New_York'], { cwd: parent });
    expect(r.code).toBe(0);
    const dir = join(parent, 'cal');
    for (const f of ['socialcal.yaml', 'campaigns/example-launch.yaml', '.github/workflows/socialcal-check.yml', '.github/workflows/socialcal-publish.yml']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(join(dir, 'socialcal.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=node_modules\/socialcal\/schemas\/config.schema.json\ntimezone: America\/New_York/);
    const check = cli(['check'], { cwd: dir });
    expect(check.stdout).toContain('✔');
    expect(check.code).toBe(0);
    expect(JSON.parse(cli(['ls', '--all', '--json'], { cwd: dir }).stdout).posts).toHaveLength(2);
    const again = cli(['init', 'cal'], { cwd: parent });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
