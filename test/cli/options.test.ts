// Shared option parsing (src/commands/options.ts): every command reads -C, --now, dates and
// names the same way, and a bad value is a usage error (exit 2) everywhere.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNames, checkZone, findCalendarRoot, outputDir, outputFile, parseNow } from '../../src/commands/options.js';
import { cli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/calendar');
const temp = mkdtempSync(join(tmpdir(), 'socialcal-options-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// Every command that takes --now, with the arguments it needs to get as far as reading it.
const WITH_NOW: string[][] = [['check'], ['ls'], ['calendar'], ['export', 'ics'], ['plan'], ['approvals'], ['publish', '--dry-run']];

describe('--now', () => {
  it('accepts an ISO date, or a time with Z or an offset', () => {
    expect(parseNow('2027-01-20T09:00:00Z').toISOString()).toBe('2027-01-20T09:00:00.000Z');
    expect(parseNow('2027-01-20T10:00+01:00').toISOString()).toBe('2027-01-20T09:00:00.000Z');
    expect(parseNow('2027-01-20').toISOString()).toBe('2027-01-20T00:00:00.000Z');
    expect(Math.abs(parseNow(undefined).getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('rejects what is not a real ISO time, naming the flag', () => {
    for (const bad of ['yesterday', '2027-13-01', '2027-02-30', '2027-01-20 09:00', '2027-01-20T09:00:00', '2027-01-20T09:00+25:00', '1', '']) {
      expect(() => parseNow(bad), bad).toThrow(/--now .*not an ISO time/);
    }
  });

  it.each(WITH_NOW)('%s rejects a bad --now with exit 2 and no stack', (...args) => {
    const r = cli([...args, '-C', EXAMPLE, '--now', 'tomorrow']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--now tomorrow: not an ISO time');
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.stdout).toBe('');
  });
});

describe('-C and finding the calendar', () => {
  const commands = [['check'], ['ls'], ['rules'], ['calendar'], ['new'], ['init'], ['export', 'csv'], ['log', 'launch-day'], ['plan'], ['doctor'], ['publish', '--dry-run'], ['freeze', '--reason', 'x'], ['unfreeze'], ['approvals'], ['import', 'csv', 'sheet.csv'], ['curate'], ['serve', '--no-open']];

  it.each(commands)('%s -C /nonexistent is a usage error (exit 2)', (...args) => {
    const r = cli([...args, '-C', join(temp, 'no-such-folder')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('no such folder');
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('-C at a file is a usage error too', () => {
    const r = cli(['check', '-C', join(EXAMPLE, 'socialcal.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a folder');
  });

  it('finds socialcal.yaml from any subfolder, as git does', () => {
    const dir = join(temp, 'walk');
    cpSync(EXAMPLE, dir, { recursive: true });
    const sub = join(dir, 'posts/2027/01');
    expect(findCalendarRoot(sub)).toBe(dir);
    const check = cli(['check'], { cwd: sub });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/✔ 30 posts, 2 campaigns checked/);
    expect(JSON.parse(cli(['ls', '--all', '--json', '-C', join(dir, 'media')]).stdout).posts).toHaveLength(30);
    // `new` writes relative to the calendar root, not the folder it was run in.
    const made = cli(['new', '--at', '2027-02-20 10:00', '--channels', 'bluesky', '--text', 'From a subfolder', '--id', 'from-sub', '--json'], { cwd: sub });
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout).path).toBe('posts/2027/02/from-sub.yaml');
    expect(readdirSync(join(dir, 'posts/2027/02'))).toContain('from-sub.yaml');
  });

  it('outside any calendar, check still says socialcal.yaml is missing where it started', () => {
    const empty = join(temp, 'empty/inner');
    mkdirSync(empty, { recursive: true });
    expect(findCalendarRoot(empty)).toBeUndefined();
    const r = cli(['check'], { cwd: empty });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('socialcal.yaml not found');
  });
});

describe('names, zones and paths', () => {
  it('an unknown name gets a did-you-mean and the known names', () => {
    expect(() => checkNames('--account', ['blusky'], ['bluesky', 'mastodon'])).toThrow('--account blusky: no such name in this calendar (did you mean "bluesky"?)');
    const r = cli(['ls', '-C', EXAMPLE, '--account', 'mastadon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(did you mean "mastodon"?)');
    expect(r.stderr).toContain('known: bluesky, mastodon');
  });

  it('an unknown zone gets a did-you-mean', () => {
    expect(() => checkZone('--timezone', 'Europe/Berln')).toThrow('--timezone Europe/Berln: not an IANA time zone (did you mean "Europe/Berlin"?)');
    expect(() => checkZone('--timezone', 'Europe/Berlin')).not.toThrow();
  });

  it('output paths: a file needs an existing folder and must not be one; a folder must not be a file', () => {
    const file = join(temp, 'a-file.txt');
    writeFileSync(file, 'x');
    expect(outputFile('-o', join(temp, 'out.ics'))).toBe(join(temp, 'out.ics'));
    expect(() => outputFile('-o', temp)).toThrow('is a folder');
    expect(() => outputFile('-o', join(temp, 'missing/dir/x.ics'))).toThrow(`the folder ${join(temp, 'missing/dir')} does not exist`);
    expect(outputDir('-o', join(temp, 'new/site'))).toBe(join(temp, 'new/site'));
    expect(() => outputDir('-o', file)).toThrow('is a file, not a folder');
    expect(() => outputDir('-o', join(file, 'site'))).toThrow(`${file} is a file, not a folder`);
  });
});

describe('structure', () => {
  it('no command imports the registrar that loads it (src/cli.ts)', () => {
    const dir = join(ROOT, 'src/commands');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/from '\.\.\/cli\.js'/);
  });

  it('socialcal agenda is ls', () => {
    const ls = cli(['ls', '-C', EXAMPLE, '--all', '--json']);
    const agenda = cli(['agenda', '-C', EXAMPLE, '--all', '--json']);
    expect(agenda.code, agenda.stderr).toBe(0);
    expect(agenda.stdout).toBe(ls.stdout);
    expect(cli(['help', 'agenda']).stdout).toContain('Usage: socialcal ls|agenda');
  });
});
