import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

// Row 3 names an account that does not exist.
const SHEET = 'text,date,channel\nFirst from the sheet,2027-03-09 09:00,bluesky\nSecond from the sheet,2027-03-09 12:00,blueksy\nThird from the sheet,2027-03-09 15:00,mastodon\n';

function setup(sheet: string | Uint8Array = SHEET) {
  const root = calendarDir({});
  dirs.push(root);
  writeFileSync(join(root, 'sheet.csv'), sheet);
  return root;
}

const NOW = ['--now', '2027-01-01T00:00:00Z'];
const postFiles = (root: string) => readdirSync(join(root, 'posts/2027/03')).sort();

describe('socialcal import csv', () => {
  it('writes nothing when any row is invalid, and points at the row and column (exit 1)', () => {
    const root = setup();
    const r = cli(['import', 'csv', 'sheet.csv', ...NOW], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('sheet.csv:row 3, column "channel": error:');
    expect(r.stdout).toContain('did you mean "bluesky"');
    expect(r.stdout).toContain('Nothing written: 1 row with problems. Fix them, or give --skip-invalid to write the 2 valid posts.');
    expect(postFiles(root)).toEqual(['teaser.yaml']);
  });

  it('--skip-invalid writes the valid rows and lists the others; the files pass check', () => {
    const root = setup();
    const r = cli(['import', 'csv', 'sheet.csv', '--skip-invalid', ...NOW], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Created 2 post files:\n  posts/2027/03/first-from-the-sheet.yaml\n  posts/2027/03/third-from-the-sheet.yaml\n');
    expect(r.stdout).toContain('Skipped 1 row with problems: 3.');
    expect(postFiles(root)).toEqual(['first-from-the-sheet.yaml', 'teaser.yaml', 'third-from-the-sheet.yaml']);
    const check = cli(['check', ...NOW], { cwd: root });
    expect(check.code, check.stdout).toBe(0);
  });

  it('--dry-run --json says what would be written and writes nothing', () => {
    const root = setup(SHEET.replace('blueksy', 'bluesky'));
    const r = cli(['import', 'csv', 'sheet.csv', '--dry-run', '--json', ...NOW], { cwd: root });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ shape: 'columns', dryRun: true, written: [], errors: [] });
    expect(json.posts.map((p: { path: string }) => p.path)).toEqual(['posts/2027/03/first-from-the-sheet.yaml', 'posts/2027/03/second-from-the-sheet.yaml', 'posts/2027/03/third-from-the-sheet.yaml']);
    expect(postFiles(root)).toEqual(['teaser.yaml']);
  });

  it('usage mistakes exit 2: an xlsx file, a missing file, an unknown --channels account, an unknown format', () => {
    const root = setup(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    const xlsx = cli(['import', 'csv', 'sheet.csv'], { cwd: root });
    expect(xlsx.code).toBe(2);
    expect(xlsx.stderr).toContain('sheet.csv: this is a spreadsheet file (xlsx or ods), not CSV');
    expect(cli(['import', 'csv', 'nope.csv'], { cwd: root }).stderr).toContain('nope.csv: no such file');
    const flag = cli(['import', 'csv', 'sheet.csv', '--channels', 'mastodn'], { cwd: root });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('did you mean "mastodon"');
    expect(cli(['import', 'xlsx', 'sheet.csv'], { cwd: root }).code).toBe(2);
    expect(existsSync(join(root, 'posts/2027/04'))).toBe(false);
  });
});
