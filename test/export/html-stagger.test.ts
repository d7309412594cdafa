import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { siteData } from '../../src/export/html/data.js';
import { writeSite } from '../../src/export/html/site.js';
import { launchChromium, requireChromium, watchedPage } from '../support/chromium.js';

// The static site with the example's staggered post (build-cache-deep-dive: bluesky 11:00,
// mastodon 11:45, linkedin 14:00), in headless Chromium.

let browser: Browser;
let dir: string;
const { calendar } = loadCalendar(resolve('examples/calendar'));

beforeAll(async () => {
  requireChromium('the HTML export');
  dir = mkdtempSync(join(tmpdir(), 'socialcal-site-'));
  writeSite(calendar!, siteData(calendar!, { now: new Date('2027-03-01T00:00:00Z') }), dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export html with a staggered post', () => {
  it('the data places the post once per channel time', () => {
    const posts = siteData(calendar!, { now: new Date('2027-03-01T00:00:00Z') }).posts.filter((p) => p.id === 'build-cache-deep-dive');
    expect(posts.map((p) => [p.day, p.time, p.channels, p.stagger])).toEqual([
      ['2027-03-16', '11:00', ['bluesky'], 'first'],
      ['2027-03-16', '11:45', ['mastodon'], 'later'],
      ['2027-03-16', '14:00', ['linkedin'], 'later'],
    ]);
  });

  it('the month grid shows each channel time, marked, and the detail gives each account its time', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}#view=month&month=2027-03`);
    await expect.poll(() => page.textContent('#period')).toBe('March 2027');
    const buttons = page.locator('td[data-day="2027-03-16"] button[data-post="build-cache-deep-dive"] .t');
    expect(await buttons.allTextContents()).toEqual(['11:00', '» 11:45', '» 14:00']);
    expect(await page.locator('.legend').textContent()).toContain('» staggered');
    await page.locator('td[data-day="2027-03-16"] button[data-post="build-cache-deep-dive"]').nth(1).click();
    const detail = page.locator('#detail.open');
    await detail.waitFor();
    expect(await detail.locator('.card[data-account="mastodon"] h3').textContent()).toContain('at 2027-03-16 11:45 (staggered)');
    expect(await detail.locator('.card[data-account="bluesky"] h3').textContent()).not.toContain('staggered');
    expect(errors).toEqual([]);
    await page.close();
  });
});
