import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { siteData } from '../../src/export/html/data.js';
import { writeSite } from '../../src/export/html/site.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { ledger } from '../views/support/calendar.js';

// What stakeholders see in the static site, in real headless Chromium: where it opens, account
// marks that read without colour, blackout names, a phone-sized agenda, cards that hold long
// handles and URLs, and platform URLs or colours that cannot run or inject anything.

const LONG_HANDLE = 'acme-developer-relations-and-community-team-' + 'x'.repeat(60) + '.bsky.social';
const LONG_URL = 'https://acme.example/' + 'very-long-path-segment-'.repeat(12) + '?utm_source=socialcal';

const CONFIG = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: ${LONG_HANDLE}, color: "#3b5bdb" }
  mastodon: { platform: mastodon, server: https://fosstodon.org, handle: "@acme@fosstodon.org" }
blackouts:
  - name: Q1 earnings quiet period
    from: 2027-01-25
    to: 2027-01-27
`;

let browser: Browser;
let root: string;
let dir: string;

beforeAll(async () => {
  requireChromium('the HTML export');
  root = calendarDir(
    {
      'socialcal.yaml': CONFIG,
      'posts/launch.yaml': `at: 2027-01-12 10:00\nchannels: [bluesky, mastodon]\ntext: "Read it: ${LONG_URL}"\n`,
      'posts/later.yaml': `at: 2027-02-03 10:00\nchannels: [mastodon]\ntext: Later\n`,
      'posts/old.yaml': `at: 2026-10-01 10:00\nchannels: [mastodon]\ntext: Old\n`,
    },
    { base: false },
  );
  const { calendar, problems } = loadCalendar(root);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const view = ledger({
    'launch/bluesky': { state: 'published', at: new Date('2027-01-12T09:00:05Z'), url: 'javascript:alert(document.domain)' },
    'launch/mastodon': { state: 'published', at: new Date('2027-01-12T09:00:05Z'), url: 'https://fosstodon.org/@acme/1' },
  });
  const data = siteData(calendar!, { ledger: view, now: new Date('2026-12-15T00:00:00Z') });
  // A colour that slipped past validation (an old export, a hand-edited data block) still cannot add declarations.
  data.accounts[1].color = 'red; background-image: url(https://evil.example/x.png)';
  dir = mkdtempSync(join(tmpdir(), 'socialcal-site-'));
  writeSite(calendar!, data, dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (root) removeDir(root);
});

async function open(width: number, hash = ''): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.clock.setFixedTime(new Date('2026-12-15T12:00:00Z'));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(join(dir, 'index.html')).href + hash);
  return { page, requests };
}

/** Elements inside `selector` whose right edge passes the container's, or that scroll sideways. */
function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    for (const box of document.querySelectorAll(${JSON.stringify(selector)})) {
      const edge = box.getBoundingClientRect().right + 0.5;
      if (box.scrollWidth > box.clientWidth) out.push(box.className + ' scrolls ' + box.scrollWidth + ' > ' + box.clientWidth);
      for (const el of box.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > edge) out.push(el.tagName + '.' + el.className + ' ends at ' + Math.round(r.right) + ' > ' + Math.round(edge));
      }
    }
    return out;
  })()`);
}

describe('export html for people', () => {
  it('opens on the month of the next upcoming post, not an empty current month', async () => {
    const { page } = await open(1280);
    await expect.poll(() => page.textContent('#period')).toBe('January 2027');
    expect(await page.locator('button[data-post="launch"]').count()).toBe(1);
    await page.close();
  });

  it('puts the account letter in each colour dot, names accounts in the legend, and names blackouts on their days', async () => {
    const { page } = await open(1280, '#view=month&month=2027-01');
    await page.locator('table.month').waitFor();
    const dots = await page.evaluate(`[...document.querySelectorAll('button[data-post="launch"] .dot')].map((e) => [e.getAttribute('title'), e.textContent])`);
    expect(dots).toEqual([
      ['bluesky', 'B'],
      ['mastodon', 'M'],
    ]);
    const legend = await page.locator('.legend').textContent();
    expect(legend).toContain('Bbluesky');
    expect(legend).toContain('Mmastodon');
    for (const day of ['2027-01-25', '2027-01-26', '2027-01-27']) {
      expect(await page.locator(`td[data-day="${day}"] .blackoutname`).textContent()).toBe('░ Q1 earnings quiet period');
    }
    expect(await page.locator('td[data-day="2027-01-28"] .blackoutname').count()).toBe(0);
    await page.close();
  });

  it('sets account colours as colours only, and links only web URLs', async () => {
    const { page, requests } = await open(1280, '#view=month&month=2027-01&post=launch');
    await page.locator('#detail.open').waitFor();
    const styles = await page.evaluate(`[...document.querySelectorAll('#detail .card h3 .dot')].map((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).backgroundImage])`);
    expect(styles).toEqual([
      ['rgb(59, 91, 219)', 'none'],
      ['rgb(107, 114, 128)', 'none'],
    ]);
    const bluesky = page.locator('#detail .card[data-account="bluesky"] .state');
    expect(await bluesky.locator('a').count()).toBe(0);
    expect(await bluesky.textContent()).toContain('javascript:alert(document.domain)');
    expect(await page.locator('#detail .card[data-account="mastodon"] .state a').getAttribute('href')).toBe('https://fosstodon.org/@acme/1');
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.close();
  });

  it('keeps long handles and URLs inside their cards, on a desktop and a phone', async () => {
    for (const width of [1280, 390]) {
      const { page } = await open(width, '#view=month&month=2027-01&post=launch');
      await page.locator('#detail.open .card').first().waitFor();
      expect(await overflowing(page, '#detail .card')).toEqual([]);
      const sheet = await page.locator('#detail .sheet').evaluate((e) => (e as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect().right);
      expect(sheet).toBeLessThanOrEqual(width);
      await page.close();
    }
  });

  it('is an agenda list at 390 px, with nothing wider than the screen', async () => {
    const { page } = await open(390);
    await page.locator('table.list').waitFor();
    expect(await page.locator('table.month').count()).toBe(0);
    expect(await page.textContent('#period')).toBe('January 2027');
    const widths = await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
    expect(widths).toEqual([390, 390]);
    expect(await overflowing(page, 'table.list tr')).toEqual([]);
    expect(await page.locator('table.list tbody tr').first().textContent()).toContain('2027-01-12 10:00');
    // A phone can still ask for the month grid.
    await page.click('#show-month');
    await expect.poll(() => page.locator('table.month').count()).toBe(1);
    await page.close();
  });
});

describe('account colour validation', () => {
  it('reports a colour that is not one, at its line, and keeps reporting the rest', () => {
    const dir = calendarDir({
      'socialcal.yaml': `timezone: Europe/Berlin\naccounts:\n  bluesky: { platform: bluesky, color: "red; background-image: url(x)" }\n  mastodon: { platform: mastodon, color: "#12345g" }\n  linkedin: { platform: linkedin, color: teal }\n`,
    }, { base: false });
    try {
      const { problems } = loadCalendar(dir);
      const colour = problems.filter((p) => /not a colour/.test(p.message));
      expect(colour.map((p) => [p.file, p.line])).toEqual([
        ['socialcal.yaml', 3],
        ['socialcal.yaml', 4],
      ]);
      expect(colour[0].message).toMatch(/colour name \(blue\) or a hex colour/);
    } finally {
      removeDir(dir);
    }
  });
});
