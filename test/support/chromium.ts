// Real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for the tests of
// rendered pages: the HTML export, the report page and serve.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Fails the suite at once, saying how to install Chromium, when it is missing: `what` is tested in a real browser. */
export function requireChromium(what: string): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}; ${what} is tested in a real browser. Install it: apt-get update && apt-get install -y chromium (.ci/run does this)`);
  }
}

/** Headless Chromium with no network of its own (no updates, sync or background requests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface WatchedPage {
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Uncaught errors in the page (and console errors, when asked for). */
  errors: string[];
}

/** A new page that records its requests and errors, for asserting that a page loads nothing from outside and throws nothing. */
export async function watchedPage(browser: Browser, opts: { consoleErrors?: boolean } = {}): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (opts.consoleErrors) page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, requests, errors };
}
