import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, watchedPage } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { siteData } from '../../src/export/html/data.js';
import { writeSite } from '../../src/export/html/site.js';
import { ledger } from '../views/support/calendar.js';
import { decodePng, distinctColours } from './png.js';


let browser: Browser;
let dir: string;

beforeAll(async () => {
  requireChromium('the HTML export');
  const { calendar } = loadCalendar(resolve('examples/calendar'));
  const view = ledger(
    { 'launch-day/bluesky': { state: 'published', at: new Date('2027-01-12T09:00:05Z'), url: 'https://bsky.app/profile/acme.bsky.social/post/3abc' } },
    [{ reason: 'incident review', at: new Date('2027-02-20T08:00:00Z') }],
  );
  dir = mkdtempSync(join(tmpdir(), 'socialcal-site-'));
  writeSite(calendar!, siteData(calendar!, { ledger: view, now: new Date('2027-01-10T00:00:00Z') }), dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export html in headless Chromium', () => {
  it('shows a month, changes month, opens a post with per-platform previews, and loads nothing from outside', async () => {
    const { page, requests, errors } = await watchedPage(browser, { consoleErrors: true });

    await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}#view=month&month=2027-01`);
    await expect.poll(() => page.textContent('#period')).toBe('January 2027');
    expect(await page.locator('td[data-day="2027-01-12"] .milestone').textContent()).toContain('Acme 2.0 launch day');
    expect(await page.getAttribute('td[data-day="2027-01-26"]', 'class')).toContain('blackout');
    expect(await page.getAttribute('td[data-day="2027-01-05"]', 'class')).toContain('gap');

    await page.click('#next');
    await expect.poll(() => page.textContent('#period')).toBe('February 2027');
    expect(await page.getAttribute('td[data-day="2027-02-22"]', 'class')).toContain('frozen');
    await page.click('button[data-post="berlin-photo"]');
    const detail = page.locator('#detail.open');
    await detail.waitFor();
    expect(await detail.locator('h2').textContent()).toBe('berlin-photo');
    expect(await detail.locator('.card').count()).toBe(2);
    const bluesky = detail.locator('.card[data-account="bluesky"]');
    expect(await bluesky.locator('.len').last().textContent()).toMatch(/^\d+ \/ 300$/);
    expect(await bluesky.locator('figcaption').textContent()).toBe('Alt text: About a hundred people in a brick hall watching a talk.');
    const img = bluesky.locator('img');
    expect(await img.getAttribute('alt')).toBe('About a hundred people in a brick hall watching a talk.');
    // The image really loaded from the copied file (the test's tsconfig has no DOM types).
    expect(await img.evaluate((el) => (el as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0)).toBe(true);
    expect(await bluesky.locator('.state').textContent()).toBe('not published yet');

    const png = await page.screenshot({ fullPage: false });
    const pixels = decodePng(png);
    expect(pixels.width).toBe(1280);
    expect(png.length).toBeGreaterThan(20_000);
    expect(distinctColours(pixels)).toBeGreaterThan(50);

    // Publish state and link on a published post, reached by its URL.
    await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}#view=month&month=2027-01&post=launch-day`);
    const published = page.locator('#detail.open .card[data-account="bluesky"] .state');
    await expect.poll(() => published.textContent()).toContain('published 2027-01-12 09:00 UTC');
    expect(await published.locator('a').getAttribute('href')).toBe('https://bsky.app/profile/acme.bsky.social/post/3abc');

    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.close();
  });

  it('has a list view and a campaign filter', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}#view=list&month=2027-02`);
    await page.locator('table.list').waitFor();
    const all = await page.locator('table.list tbody tr').count();
    expect(all).toBeGreaterThan(3);
    await page.selectOption('#campaign', 'meetups');
    await expect.poll(() => page.evaluate('location.hash')).toContain('campaign=meetups');
    const cells = await page.locator('table.list tbody tr td:nth-child(3)').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(new Set(cells)).toEqual(new Set(['Community meetups, spring']));
    await page.click('#show-month');
    await expect.poll(() => page.locator('table.month').count()).toBe(1);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.close();
  });

  it('escapes post text and keeps assets local in the written files', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).toContain("default-src 'none'");
    expect(existsSync(join(dir, 'assets/media/meetup-berlin.png'))).toBe(true);
    expect(existsSync(join(dir, '.nojekyll'))).toBe(true);
    // Internal notes never reach the page (the example's launch-teaser has some).
    expect(html).not.toContain('Teaser render from design');
  });
});
