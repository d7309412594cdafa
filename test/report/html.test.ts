// report.html of `export html`, rendered in headless Chromium: SVG charts drawn locally, nothing
// loaded from elsewhere, user text escaped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, watchedPage } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportPage } from '../../src/export/html/report-page.js';
import { buildReport } from '../../src/report/report.js';
import { cli } from '../support/cli.js';
import { calendar, FILES, HISTORY, WEB } from './fixture.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const NOW = '2027-01-13T11:00:00Z';

/** The DOM is not in this project's type libraries. */
interface Attributes {
  getAttribute(name: string): string | null;
}

let browser: Browser;
let dir: string;

beforeAll(async () => {
  requireChromium('the report page');
  dir = mkdtempSync(join(tmpdir(), 'socialcal-report-site-'));
  const r = cli(['export', 'html', '-C', join(EXAMPLES, 'calendar'), '-o', dir, '--history', join(EXAMPLES, 'ledger'), '--now', NOW, '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).files).toContain('report.html');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('report.html', () => {
  it('draws scorecards, breakdowns and the weekday × hour grid as SVG, loading nothing else', async () => {
    const { page, requests, errors } = await watchedPage(browser, { consoleErrors: true });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);

    const report = JSON.parse(cli(['report', '-C', join(EXAMPLES, 'calendar'), '--history', join(EXAMPLES, 'ledger'), '--now', NOW, '--json']).stdout);
    expect(await page.locator('section.scorecard').count()).toBe(2);
    const launch = page.locator('section.scorecard[data-campaign="winter-launch"]');
    // Halfway through the launch: every KPI has a tick where it should be by now, and a status.
    const statuses = await launch.locator('g.kpi').evaluateAll((gs) => gs.map((g) => (g as unknown as Attributes).getAttribute('data-status')));
    expect(statuses).toEqual(report.scorecards.find((c: { campaign: string }) => c.campaign === 'winter-launch').kpis.map((k: { status: string }) => k.status));
    expect(await launch.locator('line.expected').count()).toBeGreaterThan(0);

    // A wider bar for the bigger number.
    const bars = page.locator('section.breakdown[data-by="account"] g.bar');
    expect(await bars.count()).toBe(report.breakdowns.account.length);
    const widths = await bars.locator('rect').evaluateAll((rs) => rs.map((r) => Number((r as unknown as Attributes).getAttribute('width'))));
    const rates = report.breakdowns.account.map((g: { rate: number }) => g.rate);
    const widest = rates.indexOf(Math.max(...rates));
    expect(widths[widest]).toBe(Math.max(...widths));

    expect(await page.locator('section.slots rect.slot').count()).toBe(report.slots.length);
    const box = await page.locator('section.slots svg').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(await page.locator('section.top a').first().getAttribute('href')).toMatch(/^https:\/\//);
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it('is linked from the calendar page, and links back', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await page.locator('header a[href="report.html"]').click();
    await page.waitForURL(/report\.html$/);
    expect(await page.locator('header a[href="index.html"]').count()).toBe(1);
  });

  it('escapes campaign names, post ids and links', async () => {
    const files = { ...FILES, 'campaigns/launch.yaml': FILES['campaigns/launch.yaml'].replace('name: Launch', 'name: "<img src=x onerror=alert(1)>"') };
    const history = { ...HISTORY, posts: HISTORY.posts.map((p) => ({ ...p, url: 'javascript:alert(1)' })) };
    const html = renderReportPage(buildReport(calendar(files), history, WEB, { now: new Date(NOW) }), 'Acme & <Co>');
    const file = join(dir, 'escaped.html');
    writeFileSync(file, html);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('section.scorecard h2').textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await page.locator('header h1').textContent()).toBe('Acme & <Co> — report');
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toContain('<img');
  });
});
