import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../src/calendar/cache.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';

// `export html` shows the rules' findings in each post's detail. Like `check`, it takes per-post
// findings about unchanged posts from the cache and keeps the ones it works out there, so a warm
// export runs those rules only on edited posts.

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));
const NOW = '2027-01-01T00:00:00Z';
const LATE = 'posts/2027/03/late.yaml';

function exportHtml(root: string, ...flags: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'socialcal-html-cache-'));
  dirs.push(out);
  const r = cli(['export', 'html', '-o', out, '--now', NOW, '-C', root, ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(out, 'data', 'details-2027-03.js'), 'utf8');
}

describe('export html and the cache', { timeout: 120_000 }, () => {
  it('keeps the per-post findings it works out, and shows kept ones for unchanged posts', () => {
    const root = calendarDir({ [LATE]: 'at: 2027-03-08 23:00\nchannels: [bluesky]\ntext: Late post\n' });
    dirs.push(root);
    expect(exportHtml(root)).toMatch(/inside quiet hours/);
    const cacheFile = join(root, CACHE_DIR, 'calendar.json');
    const body = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const kept = body.entries[LATE].rules.found['quiet-hours'];
    expect(kept).toHaveLength(1);
    // Proof that the warm export takes it from the cache: a message changed there is what the site shows.
    kept[0].message = 'from the cache';
    writeFileSync(cacheFile, JSON.stringify(body));
    expect(exportHtml(root)).toContain('from the cache');
    expect(exportHtml(root, '--no-cache')).not.toContain('from the cache');
    // An edited post runs the rules again.
    writeFileSync(join(root, LATE), 'at: 2027-03-08 11:00\nchannels: [bluesky]\ntext: Late post\n');
    expect(exportHtml(root)).not.toMatch(/from the cache|inside quiet hours/);
  });

  it('a warm export shows what a cold one shows', () => {
    const root = calendarDir({});
    dirs.push(root);
    const cold = exportHtml(root, '--no-cache');
    exportHtml(root);
    expect(exportHtml(root)).toBe(cold);
  });
});
