import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';

// The built binary (npm test builds first): on the example calendar, then on 10,000 posts.
const BIN = resolve('bin/socialcal.js');
const EXAMPLE = resolve('examples/calendar');
const SYNTHETIC: string = '../../scripts/synthetic-calendar.js';
const temp = mkdtempSync(join(tmpdir(), 'socialcal-export-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '-C', root, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('socialcal export', () => {
  it('writes ICS to standard output, and to a file with a JSON summary', () => {
    const out = run(EXAMPLE, ['export', 'ics', '--now', '2027-01-01T00:00:00Z']);
    expect(out.code, out.stderr).toBe(0);
    const events = new ICAL.Component(ICAL.parse(out.stdout)).getAllSubcomponents('vevent');
    // 30 posts (the evergreen example has two occurrences); the staggered one has three channel times, so two more events.
    expect(events.filter((e) => String(e.getFirstPropertyValue('uid')).startsWith('post-'))).toHaveLength(32);
    const file = join(temp, 'cal.ics');
    const summary = run(EXAMPLE, ['export', 'ics', '-o', file, '--json']);
    expect(JSON.parse(summary.stdout)).toMatchObject({ format: 'ics', output: file, posts: 30 });
    expect(readFileSync(file, 'utf8')).toContain('UID:post-launch-day@socialcal');
  });

  it('writes CSV filtered by campaign, and the HTML site with media into a folder', () => {
    const csv = run(EXAMPLE, ['export', 'csv', '--campaign', 'meetups']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^post_id,account,platform,/);
    expect(csv.stdout).toContain('berlin-photo,bluesky,bluesky');
    expect(csv.stdout).not.toContain('launch-day');
    const site = join(temp, 'site');
    const html = run(EXAMPLE, ['export', 'html', '-o', site, '--json']);
    expect(html.code, html.stderr).toBe(0);
    expect(JSON.parse(html.stdout).files).toEqual(expect.arrayContaining(['index.html', '.nojekyll', 'assets/media/meetup-berlin.png']));
    expect(readFileSync(join(site, 'assets/media/meetup-berlin.png'))).toEqual(readFileSync(join(EXAMPLE, 'media/meetup-berlin.png')));
  });

  it('rejects an unknown format with exit code 2', () => {
    const r = run(EXAMPLE, ['export', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('export pdf: unknown format');
    expect(r.stderr).toContain('ics, html, csv');
  });

  it('handles a 10,000-post calendar: month view and all three exports', { timeout: 600_000 }, async () => {
    const root = join(temp, 'large');
    // The lead's benchmark generator (plain JS, so typed here by hand).
    const { generateCalendar } = (await import(SYNTHETIC)) as { generateCalendar: (dir: string, opts: { posts: number }) => unknown };
    generateCalendar(root, { posts: 10_000 });

    const month = run(root, ['calendar', '--month', '2027-06', '--now', '2027-06-01T00:00:00Z']);
    expect(month.code, month.stderr).toBe(0);
    expect(month.stdout).toContain('June 2027');
    expect(month.stdout).toMatch(/\+\d+ more/);

    const ics = run(root, ['export', 'ics', '-o', join(root, 'out.ics')]);
    expect(ics.code, ics.stderr).toBe(0);
    const text = readFileSync(join(root, 'out.ics'), 'utf8');
    expect(text.match(/^UID:post-/gm)).toHaveLength(10_000);

    const csv = run(root, ['export', 'csv', '-o', join(root, 'out.csv')]);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = readFileSync(join(root, 'out.csv'), 'utf8').match(/^post-\d+,/gm)!;
    expect(rows.length).toBeGreaterThanOrEqual(10_000); // one per (post, account)

    const html = run(root, ['export', 'html', '-o', join(root, 'site'), '--json']);
    expect(html.code, html.stderr).toBe(0);
    expect(JSON.parse(html.stdout).posts).toBe(10_000);
    expect(existsSync(join(root, 'site/assets/media/image.png'))).toBe(true);

  });
});
