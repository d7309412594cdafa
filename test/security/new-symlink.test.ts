import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';

// Issue 11 item 16: `new` must not write through a symlinked folder to outside the calendar.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const args = ['new', '--at', '2027-03-09 09:30', '--channels', 'bluesky', '--text', 'Hello there', '--id', 'hello'];

function setup(link: (dir: string, outside: string) => void): { dir: string; outside: string } {
  const dir = calendarDir({});
  const outside = mkdtempSync(join(tmpdir(), 'socialcal-outside-'));
  dirs.push(dir, outside);
  link(dir, outside);
  return { dir, outside };
}

describe('new and symlinked folders', () => {
  it('refuses when the month folder is a symlink to outside the repository, and writes nothing there', () => {
    const { dir, outside } = setup((dir, outside) => {
      rmSync(join(dir, 'posts/2027/03'), { recursive: true });
      symlinkSync(outside, join(dir, 'posts/2027/03'));
    });
    const r = cli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write posts/2027/03/hello.yaml: its folder leads outside the repository');
    expect(r.stderr).toContain('hint: new writes only inside the calendar');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses when posts/ itself links outside, before creating any folder there', () => {
    const { dir, outside } = setup((dir, outside) => {
      rmSync(join(dir, 'posts'), { recursive: true });
      symlinkSync(outside, join(dir, 'posts'));
    });
    const r = cli(['new', '--at', '2028-01-09 09:30', '--channels', 'bluesky', '--text', 'Hello there', '--id', 'hello'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/its folder leads outside the repository/);
    expect(existsSync(join(outside, '2028'))).toBe(false);
  });

  it('refuses a folder that links into .git', () => {
    const { dir } = setup((dir) => {
      mkdirSync(join(dir, '.git/hooks'), { recursive: true });
      rmSync(join(dir, 'posts/2027/03'), { recursive: true });
      symlinkSync('../../.git/hooks', join(dir, 'posts/2027/03'));
    });
    const r = cli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("its folder leads into git's own files (.git/hooks)");
    expect(readdirSync(join(dir, '.git/hooks'))).toEqual([]);
  });

  it('still writes through a symlinked folder that stays inside the repository', () => {
    const { dir } = setup((dir) => {
      mkdirSync(join(dir, 'drafts-2027-03'));
      rmSync(join(dir, 'posts/2027/03'), { recursive: true });
      symlinkSync('../../drafts-2027-03', join(dir, 'posts/2027/03'));
    });
    const r = cli(args, { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'drafts-2027-03'))).toEqual(['hello.yaml']);
  });
});
