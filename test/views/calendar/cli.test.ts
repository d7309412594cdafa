import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../../src/views/table.js';

// The built binary (npm test builds first), run on the example calendar.
const BIN = resolve('bin/socialcal.js');
const EXAMPLE = resolve('examples/calendar');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, '-C', EXAMPLE, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('socialcal calendar', () => {
  it('prints the current month (from --now) in 80 columns without colour', () => {
    const r = run(['calendar', '--now', '2027-01-10T09:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('January 2027 · Europe/Berlin');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    for (const line of r.stdout.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('[10]');
    expect(r.stdout).toMatch(/12 ★/);
    expect(r.stdout).toMatch(/25 ░/);
  });

  it('prints a week with hours, filtered by account, and --width widens it', () => {
    const r = run(['calendar', '--week', '2027-W02', '--account', 'discord', '--width', '120']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Week 2, 2027 (2027-01-11 – 2027-01-17)');
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('10h'))).toContain('★10:00 Acme 2.');
    expect(r.stdout).toContain('10:00 BMXLTDHIF');
    expect(lines.find((l) => l.startsWith('11h'))).not.toContain('11:00'); // the 15th has no discord post
    expect(Math.max(...lines.map(stringWidth))).toBeGreaterThan(100);
  });

  it('gives the same grid as JSON', () => {
    const r = run(['calendar', '--month', '2027-02', '--campaign', 'meetups', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const grid = JSON.parse(r.stdout);
    expect(grid).toMatchObject({ code: '2027-02', label: 'February 2027', timezone: 'Europe/Berlin', previous: '2027-01', next: '2027-03' });
    const day = (date: string) => grid.days.find((d: { date: string }) => d.date === date);
    expect(day('2027-02-18').milestones).toMatchObject([{ campaign: 'meetups', id: 'berlin', time: '19:00' }]);
    expect(day('2027-02-19').posts.map((p: { id: string }) => p.id)).toEqual(['berlin-thanks', 'berlin-photo']);
    // Gaps follow the campaign's cadence (its posts are 4 days apart at the median): the slot
    // after the 9th's post is empty, and so is the Berlin meetup day; the 20th is not a missed slot.
    expect(day('2027-02-13').gaps).toEqual(['meetups']);
    expect(day('2027-02-18').gaps).toEqual(['meetups']);
    expect(day('2027-02-20').gaps).toEqual([]);
  });

  it('rejects bad flags with exit code 2 and a hint', () => {
    const r = run(['calendar', '--month', '2027-02', '--week', '2027-W05']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--month and --week together');
    const bad = run(['calendar', '--campaign', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--campaign nope: no such name');
    const noTty = run(['calendar', '-i']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('-i needs an interactive terminal');
  });
});
