import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR, openCache } from '../../src/calendar/cache.js';
import { loadCalendar } from '../../src/calendar/load.js';
import { BASE_POST, calendarDir, removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';

// The parse cache: what a warm run reuses, and everything that must make it parse again.

const POST = 'posts/2027/03/teaser.yaml';
const dirs: string[] = [];
function calendar(files: Record<string, string> = {}): string {
  const dir = calendarDir(files);
  utimesSync(join(dir, POST), SETTLED, SETTLED);
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach(removeDir));

const cacheFile = (root: string) => join(root, CACHE_DIR, 'calendar.json');
const load = (root: string, cache = true) => loadCalendar(root, { cache });
const teaserText = (root: string, cache = true) => load(root, cache).calendar!.posts.find((p) => p.id === 'teaser')!.text;

// A whole second, so setting it again gives the very same mtimeMs on every file system.
const SETTLED = 1_800_000_000;

/** Rewrites a file with new content of the same size and puts its settled modification time back. */
function sneakyEdit(root: string, path: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const file = join(root, path);
  expect(statSync(file).mtimeMs).toBe(SETTLED * 1000);
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  utimesSync(file, SETTLED, SETTLED);
}

// Several runs of the CLI a test: more than the default 30 s on a busy machine.
describe('parse cache', { timeout: 120_000 }, () => {
  it('is written under node_modules/.cache/socialcal and reused for files whose time and size are unchanged', () => {
    const root = calendar();
    const cold = load(root);
    expect(existsSync(cacheFile(root))).toBe(true);
    const warm = load(root);
    expect(warm.problems).toEqual(cold.problems);
    expect(warm.calendar!.posts.map((p) => [p.id, p.at, p.text, p.channels])).toEqual(cold.calendar!.posts.map((p) => [p.id, p.at, p.text, p.channels]));
    // Proof that the file was not read again: same time and size, other content, old result.
    sneakyEdit(root, POST, 'big', 'BIG');
    expect(teaserText(root)).toBe('Something big lands on March 10');
    expect(teaserText(root, false)).toBe('Something BIG lands on March 10');
  });

  it('parses a file again when it is edited, by size or by content when the time changes', () => {
    const root = calendar();
    load(root);
    writeFileSync(join(root, POST), BASE_POST.replace('big', 'bigger'));
    expect(teaserText(root)).toBe('Something bigger lands on March 10');
    // Same size, new time: the content hash tells.
    writeFileSync(join(root, POST), BASE_POST.replace('big', 'BIGGER'));
    utimesSync(join(root, POST), new Date(), new Date(Date.now() + 5_000));
    expect(teaserText(root)).toBe('Something BIGGER lands on March 10');
  });

  it('keeps an entry when only the time changed (a git checkout) and drops entries of deleted files', () => {
    const root = calendar({ 'posts/2027/03/other.yaml': BASE_POST });
    load(root);
    utimesSync(join(root, POST), new Date(), new Date(Date.now() + 5_000));
    expect(teaserText(root)).toBe('Something big lands on March 10');
    const entries = () => Object.keys(JSON.parse(readFileSync(cacheFile(root), 'utf8')).entries);
    expect(entries()).toContain('posts/2027/03/other.yaml');
    rmSync(join(root, 'posts/2027/03/other.yaml'));
    expect(load(root).calendar!.posts.map((p) => p.id)).toEqual(['teaser']);
    expect(entries()).not.toContain('posts/2027/03/other.yaml');
  });

  it('starts afresh when socialcal.yaml changes', () => {
    const root = calendar();
    load(root);
    sneakyEdit(root, POST, 'big', 'BIG');
    writeFileSync(join(root, 'socialcal.yaml'), `${readFileSync(join(root, 'socialcal.yaml'), 'utf8')}# a comment\n`);
    expect(teaserText(root)).toBe('Something BIG lands on March 10');
  });

  it('starts afresh for another version of socialcal', () => {
    const root = calendar();
    const config = new Uint8Array(Buffer.from('timezone: UTC\n'));
    const stamp = { mtimeMs: 1, size: 2 };
    const first = openCache(root, '1.0.0', config);
    first.seen('posts/a.yaml');
    first.store('posts/a.yaml', stamp, 'hash', { data: { text: 'cached' }, problems: [] });
    first.save();
    expect(openCache(root, '1.0.0', config).fresh('posts/a.yaml', stamp)?.data).toEqual({ text: 'cached' });
    expect(openCache(root, '1.0.1', config).fresh('posts/a.yaml', stamp)).toBeUndefined();
    expect(openCache(root, '1.0.0', new Uint8Array(Buffer.from('timezone: Europe/Berlin\n'))).fresh('posts/a.yaml', stamp)).toBeUndefined();
  });

  it('reports the same located problems from the cache as from parsing, schema errors and rule findings alike', () => {
    const root = calendar({ 'posts/2027/03/broken.yaml': 'at: 2027-03-09 10:00\nchannels: [bluesky]\ntext: hi\ncolour: red\n' });
    const cold = cli(['check', '--json', '--now', '2027-01-01T00:00:00Z', '--no-cache'], { cwd: root });
    const first = cli(['check', '--json', '--now', '2027-01-01T00:00:00Z'], { cwd: root });
    const warm = cli(['check', '--json', '--now', '2027-01-01T00:00:00Z'], { cwd: root });
    expect(JSON.parse(cold.stdout).problems.some((p: { code: string; line: number }) => p.code === 'field-unknown' && p.line === 4)).toBe(true);
    expect(warm.stdout).toBe(cold.stdout);
    expect(first.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
  });

  it.each([
    ['garbage', 'not json {'],
    ['a truncated file', '{"format":1,"key":"'],
    ['the wrong shape', JSON.stringify({ format: 1, key: 'x', entries: { [POST]: { mtimeMs: 'soon', problems: 3 } } })],
    ['a list', '[]'],
  ])('ignores a corrupt cache (%s), answers from the files and rebuilds it', (_name, body) => {
    const root = calendar();
    const cold = load(root, false);
    mkdirSync(join(root, CACHE_DIR), { recursive: true });
    writeFileSync(cacheFile(root), body);
    const warm = load(root);
    expect(warm.problems).toEqual(cold.problems);
    expect(warm.calendar!.posts.map((p) => p.text)).toEqual(cold.calendar!.posts.map((p) => p.text));
    expect(JSON.parse(readFileSync(cacheFile(root), 'utf8')).entries[POST].hash).toEqual(expect.any(String));
  });

  it('--no-cache neither reads nor writes the cache', () => {
    const root = calendar();
    cli(['ls', '--all', '--json', '--no-cache'], { cwd: root });
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
    cli(['ls', '--all', '--json'], { cwd: root });
    expect(existsSync(cacheFile(root))).toBe(true);
    sneakyEdit(root, POST, 'big', 'BIG');
    const text = (args: string[]) => JSON.parse(cli(['ls', '--all', '--json', ...args], { cwd: root }).stdout).posts[0].text;
    expect(text([])).toBe('Something big lands on March 10');
    expect(text(['--no-cache'])).toBe('Something BIG lands on March 10');
    // A typo is a usage error, not a silent fallback.
    const typo = cli(['check', '--nocache'], { cwd: root });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown option '--nocache'/);
  });

  it('works when the cache cannot be written: a read-only node_modules, or a file in its place', () => {
    const readOnly = calendar();
    mkdirSync(join(readOnly, 'node_modules'));
    chmodSync(join(readOnly, 'node_modules'), 0o555);
    try {
      const r = cli(['check', '--now', '2027-01-01T00:00:00Z'], { cwd: readOnly });
      expect(r.stdout).toMatch(/1 post, 1 campaign checked/);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    } finally {
      chmodSync(join(readOnly, 'node_modules'), 0o755);
    }
    const blocked = calendar();
    writeFileSync(join(blocked, 'node_modules'), 'not a folder');
    const r = cli(['check', '--now', '2027-01-01T00:00:00Z'], { cwd: blocked });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(load(blocked).calendar!.posts).toHaveLength(1);
  });
});
