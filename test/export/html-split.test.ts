import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, watchedPage } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { siteData } from '../../src/export/html/data.js';
import { writeSite } from '../../src/export/html/site.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

// The site at scale: posts split by month into data/*.js files the page loads on demand, so
// the first view reads the index and three months of summaries, whatever the calendar's size.


// Two posts a month for a year, each with a note that must stay internal and a marker text.
const MONTHS = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}`);
const files: Record<string, string> = {};
for (const month of MONTHS) {
  for (const day of ['05', '20']) {
    files[`posts/${month}-${day}.yaml`] = `at: ${month}-${day} 10:00\nchannels: [bluesky]\ntext: Post of ${month}-${day} <b>bold</b>\nnotes: internal note ${month}-${day}\n`;
  }
}

let browser: Browser;
let root: string;
let site: string;
let written: string[];

beforeAll(async () => {
  requireChromium('the split HTML export');
  root = calendarDir(files);
  site = mkdtempSync(join(tmpdir(), 'socialcal-split-'));
  // Something of the user's already in the folder stays untouched.
  writeFileSync(join(site, 'README.txt'), 'mine');
  const { calendar } = loadCalendar(root);
  written = writeSite(calendar!, siteData(calendar!, { now: new Date('2027-06-10T00:00:00Z') }), site).files;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  removeDir(root);
  rmSync(site, { recursive: true, force: true });
});

describe('export html split by month', () => {
  it('writes the posts of each month to its own data files, not into index.html', () => {
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    expect(html).not.toContain('Post of 2027-');
    expect(readdirSync(join(site, 'data')).sort()).toEqual(MONTHS.flatMap((m) => [`details-${m}.js`, `posts-${m}.js`]).sort());
    expect(written).toEqual(expect.arrayContaining(['index.html', 'data/posts-2027-06.js', 'data/details-2027-06.js']));
    const june = readFileSync(join(site, 'data/posts-2027-06.js'), 'utf8');
    expect(june).toContain('Post of 2027-06-05');
    expect(june).not.toContain('Post of 2027-07');
    // Markup in post text cannot close anything: < is escaped in every data file.
    for (const name of readdirSync(join(site, 'data'))) {
      const text = readFileSync(join(site, 'data', name), 'utf8');
      expect(text).not.toContain('<');
      expect(text).not.toContain('internal note');
    }
    expect(readFileSync(join(site, 'README.txt'), 'utf8')).toBe('mine');
  });

  it('first view from file:// loads the index and three months of summaries, then a post\'s details when it is opened', async () => {
    const { page, requests, errors } = await watchedPage(browser);
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    // Opens on the month of the next post after "today" (the browser's clock: the last month, 2027-12, or the next one).
    const shown = page.locator('table.month td:not(.other) .post');
    await shown.first().waitFor();
    const period = await page.textContent('#period');
    const month = await page.evaluate('location.hash');
    expect(String(month)).toMatch(/month=2027-\d\d|^$/);
    expect(await shown.count()).toBe(2);
    const names = () => requests.filter((u) => u.includes('/data/')).map((u) => u.slice(u.lastIndexOf('/') + 1));
    expect(names().every((n) => n.startsWith('posts-'))).toBe(true);
    expect(names().length).toBeLessThanOrEqual(3);

    await page.goto(`${pathToFileURL(join(site, 'index.html')).href}#view=month&month=2027-04`);
    await expect.poll(() => page.textContent('#period')).toBe('April 2027');
    await page.click('button[data-post="2027-04-20"]');
    await page.locator('#detail.open h2').waitFor();
    expect(await page.textContent('#detail.open h2')).toBe('2027-04-20');
    expect(await page.textContent('#detail.open .card .text')).toBe('Post of 2027-04-20 <b>bold</b>');
    expect(names()).toContain('details-2027-04.js');
    expect(names()).not.toContain('details-2027-05.js');
    expect(names()).not.toContain('posts-2027-08.js');

    // A shared link to a post opens it directly.
    await page.goto(`${pathToFileURL(join(site, 'index.html')).href}#view=list&month=2027-09&post=2027-09-05`);
    await expect.poll(() => page.locator('#detail.open h2').textContent()).toBe('2027-09-05');
    expect(await page.locator('table.list tbody tr').count()).toBe(2);

    expect(errors).toEqual([]);
    expect(period).toMatch(/2027/);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.close();
  });

  it("marks today in the calendar's zone from the offsets the export wrote, without starting Intl (slow in a browser); with Intl past them", async () => {
    const zoneFormats = async (clock: string) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.clock.setFixedTime(new Date(clock));
      // Counts the page's Intl.DateTimeFormat made with a time zone.
      await page.addInitScript(() => {
        const Real = Intl.DateTimeFormat;
        const page = globalThis as unknown as { zoneFormats: number };
        page.zoneFormats = 0;
        Intl.DateTimeFormat = function (this: unknown, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
          if (options?.timeZone) page.zoneFormats++;
          return new Real(locales, options);
        } as unknown as typeof Intl.DateTimeFormat;
      });
      await page.goto(`${pathToFileURL(join(site, 'index.html')).href}#view=month&month=2027-06`);
      await page.locator('table.month td:not(.other) .post').first().waitFor();
      const today = await page.locator('td.today .num').allTextContents();
      const result = { today: today[0] ?? null, intl: await page.evaluate('zoneFormats') };
      await page.close();
      return result;
    };
    // 23:30 UTC on June 14 is already June 15 in Berlin (UTC+2 in summer).
    expect(await zoneFormats('2027-06-14T23:30:00Z')).toEqual({ today: '15', intl: 0 });
    expect(await zoneFormats('2027-06-14T21:30:00Z')).toEqual({ today: '14', intl: 0 });
    // Exported 2027-06-10 with offsets for three years on: in 2031 the page asks Intl.
    const later = await zoneFormats('2031-06-14T23:30:00Z');
    expect(later).toEqual({ today: null, intl: 1 });
  }, 90_000);

  it('works served over HTTP as GitHub Pages serves it: the month files come from its own origin, nothing from elsewhere', async () => {
    const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };
    const server = createServer((req, res) => {
      const path = join(site, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
      if (!path.startsWith(site) || !existsSync(path) || path === site) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream' }).end(readFileSync(path));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(`${origin}/index.html#view=month&month=2027-07`);
      await page.click('button[data-post="2027-07-05"]');
      await expect.poll(() => page.locator('#detail.open h2').textContent()).toBe('2027-07-05');
      expect(requests).toContain(`${origin}/data/posts-2027-07.js`);
      expect(requests).toContain(`${origin}/data/details-2027-07.js`);
      expect(requests.filter((u) => !u.startsWith(origin))).toEqual([]);
    } finally {
      await page.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
