import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium } from '../support/chromium.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { startRecordingServer, type RecordingServer } from '../support/http-server.js';
import { git } from '../support/git.js';
import { png } from '../support/images.js';
import { readYaml } from '../../src/calendar/yaml-edit.js';
import { exampleRepo, json, send, type ServedRepo } from './support.js';

// `socialcal serve` in real headless Chromium, over a copy of the example calendar in a temp
// git repository: drag posts, edit with live previews and findings, commit to a branch, open a
// pull request against a local stand-in for GitHub. Screenshots go to test-output/serve/.

const SHOTS = resolve('test-output/serve');
const NOW = new Date('2027-01-01T09:00:00Z');

const COFFEE = `# yaml-language-server: $schema=../../../node_modules/socialcal/schemas/post.schema.json
# Owner: dana. Keep this post away from the launch week.
at: 2027-01-20 15:00   # after the webinar
channels: [bluesky, mastodon]
tags: [community]
text: |
  Coffee chat with the Acme team on Friday ☕ Bring your questions. #acme
status: draft   # waiting for the room booking
`;
const RECAP = `at: 2027-03-27 10:00
channels: [bluesky]
tags: [community]
text: Saturday recap of the Lisbon meetup.
status: draft
`;
const TEASER = 'posts/2027/01/launch-teaser.yaml';
const FILES = { 'posts/2027/01/coffee-chat.yaml': COFFEE, 'posts/2027/03/saturday-recap.yaml': RECAP };

let browser: Browser;
const cleanups: (() => Promise<void> | void)[] = [];

interface Session {
  repo: ServedRepo;
  server: RunningServer;
  page: Page;
  errors: string[];
  file(rel: string): string;
}

async function serve(opts: { github?: RecordingServer } = {}): Promise<Session> {
  const repo = exampleRepo(FILES);
  const server = await startServer({ root: repo.root, now: () => NOW, github: opts.github ? { apiUrl: opts.github.url, token: 'gh-test-token', repo: 'acme/calendar' } : undefined });
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A refused move answers 409 or 422 on purpose; Chromium logs those as failed loads.
  page.on('console', (m) => m.type() === 'error' && !/status of (409|422)/.test(m.text()) && errors.push(m.text()));
  cleanups.push(async () => {
    await page.close();
    await server.close();
    rmSync(repo.root, { recursive: true, force: true });
    rmSync(repo.remote, { recursive: true, force: true });
  });
  return { repo, server, page, errors, file: (rel) => readFileSync(join(repo.root, rel), 'utf8') };
}

/** Every request here loads the calendar and runs the rules: on a busy machine that takes a while. */
const poll = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

async function open(s: Session, hash: string): Promise<void> {
  await s.page.goto(`${s.server.url}#${hash}`);
  await s.page.locator('.post').first().waitFor();
}

beforeAll(async () => {
  requireChromium('serve');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  await browser?.close();
});

describe('socialcal serve in headless Chromium', { timeout: 120_000 }, () => {
  it('draws the month with milestones and blackouts; dragging a post to another day rewrites only its `at`, comments intact', async () => {
    const s = await serve();
    await open(s, 'month=2027-01');
    expect(await s.page.textContent('#period')).toBe('January 2027');
    expect(s.page.url()).not.toContain('token=');
    expect(await s.page.locator('td[data-day="2027-01-12"] .milestone').textContent()).toContain('Acme 2.0 launch day');
    expect(await s.page.getAttribute('td[data-day="2027-01-26"]', 'class')).toContain('blackout');
    await s.page.screenshot({ path: join(SHOTS, 'month.png') });

    await s.page.dragAndDrop('.post[data-post="coffee-chat"]', 'td[data-day="2027-01-27"]');
    await poll(() => s.file('posts/2027/01/coffee-chat.yaml')).toBe(COFFEE.replace('at: 2027-01-20 15:00   #', 'at: 2027-01-27 15:00   #'));
    await s.page.locator('td[data-day="2027-01-27"] .post[data-post="coffee-chat"]').waitFor();
    expect(await s.page.textContent('#message')).toBe('Moved coffee-chat to 2027-01-27 15:00 (at: 2027-01-27 15:00)');

    // Relative to a milestone, a whole-day move stays relative.
    await s.page.dragAndDrop('.post[data-post="launch-teaser"]', 'td[data-day="2027-01-07"]');
    await poll(() => s.file('posts/2027/01/launch-teaser.yaml')).toContain('\nat: launch - 5d\n');
    expect(s.errors).toEqual([]);
  });

  it('filters by account, campaign, tag and status', async () => {
    const s = await serve();
    await open(s, 'month=2027-01');
    const shown = () => s.page.locator('.post').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { post: string } }).dataset.post).sort());
    const data = (await send(s.server.port, '/api/calendar', { headers: { 'x-socialcal-token': s.server.token } })).body as { posts: { id: string; day: string; channels: string[]; campaign?: string }[] };
    const january = data.posts.filter((p) => p.day.startsWith('2027-01'));
    expect((await shown()).length).toBe(january.length);
    await s.page.selectOption('#filter-tag', 'community');
    await poll(shown).toEqual(['coffee-chat']);
    await s.page.selectOption('#filter-tag', '');
    await s.page.selectOption('#filter-status', 'draft');
    await poll(shown).toEqual(['coffee-chat']);
    await s.page.selectOption('#filter-status', '');
    await s.page.selectOption('#filter-account', 'discord');
    const discord = january.filter((p) => p.channels.includes('discord')).map((p) => p.id).sort();
    expect(discord.length).toBeGreaterThan(0);
    expect(discord.length).toBeLessThan(january.length);
    await poll(shown).toEqual(discord);
    await s.page.selectOption('#filter-account', '');
    await s.page.selectOption('#filter-campaign', 'winter-launch');
    await poll(shown).toEqual(january.filter((p) => p.campaign === 'winter-launch').map((p) => p.id).sort());
    expect(s.page.url()).toContain('campaign=winter-launch');
  });

  it('week view: a drop on an hour the clocks skip is refused with check\'s message; another hour moves the post', async () => {
    const s = await serve();
    await s.page.goto(`${s.server.url}#view=week&week=2027-03-22`);
    await s.page.locator('.post[data-post="saturday-recap"]').waitFor();
    await s.page.dragAndDrop('.post[data-post="saturday-recap"]', 'td[data-day="2027-03-28"][data-hour="02"]');
    await poll(() => s.page.textContent('#message')).toBe(
      '2027-03-28 02:00 does not exist in Europe/Berlin: the clocks skip it (daylight saving starts) — use 2027-03-28 03:00 instead, or another time',
    );
    expect(await s.page.getAttribute('#message', 'class')).toBe('error');
    expect(s.file('posts/2027/03/saturday-recap.yaml')).toBe(RECAP);
    await s.page.dragAndDrop('.post[data-post="saturday-recap"]', 'td[data-day="2027-03-28"][data-hour="14"]');
    await poll(() => s.file('posts/2027/03/saturday-recap.yaml')).toBe(RECAP.replace('2027-03-27 10:00', '2027-03-28 14:00'));
    await s.page.locator('td[data-day="2027-03-28"][data-hour="14"] .post[data-post="saturday-recap"]').waitFor();
  });

  it('editor: per-account previews like the platform, and typing past Bluesky\'s limit brings the finding', async () => {
    const s = await serve();
    await open(s, 'month=2027-01');
    await s.page.click('.post[data-post="coffee-chat"]');
    const bluesky = s.page.locator('#previews .card[data-account="bluesky"]');
    await bluesky.waitFor();
    expect(await bluesky.locator('.handle').textContent()).toBe('acme.bsky.social');
    expect(await bluesky.locator('.hashtag').textContent()).toBe('#acme');
    expect(await bluesky.locator('.len').textContent()).toMatch(/^\d+ \/ 300$/);
    expect(await s.page.locator('#findings .findings li[data-rule="max-length"]').count()).toBe(0);
    await s.page.screenshot({ path: join(SHOTS, 'editor.png') });

    const long = 'Coffee chat with the Acme team on Friday, with fresh pastries and the people who build Acme. '.repeat(4).trim();
    await s.page.fill('#text', long);
    const finding = s.page.locator('#findings li[data-rule="max-length"]');
    await finding.first().waitFor();
    expect(await finding.first().textContent()).toMatch(/bluesky/i);
    expect(await bluesky.locator('.len.over').textContent()).toMatch(/^\d{3} \/ 300 — over bluesky's limit$/);
    expect(await s.page.textContent('#dirty')).toBe('unsaved changes');
    await s.page.locator('#previews').screenshot({ path: join(SHOTS, 'preview.png') });
    // Nothing is written until Save.
    expect(s.file('posts/2027/01/coffee-chat.yaml')).toBe(COFFEE);

    await s.page.fill('#text', 'Short again #acme');
    await poll(() => finding.count()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it('a staggered post: its chip says so, and each account\'s preview gives its own time', async () => {
    const s = await serve();
    await open(s, 'month=2027-03');
    const chip = s.page.locator('.post[data-post="build-cache-deep-dive"]');
    expect(await chip.locator('.t').textContent()).toBe('11:00»');
    expect(await chip.getAttribute('title')).toContain('staggered: mastodon 11:45, linkedin 14:00');
    await chip.click();
    const mastodon = s.page.locator('#previews .card[data-account="mastodon"] h3');
    await mastodon.waitFor();
    expect(await mastodon.textContent()).toBe('mastodon · at 11:45 (staggered)');
    expect(await s.page.locator('#previews .card[data-account="bluesky"] h3').textContent()).toBe('bluesky');
    expect(s.errors).toEqual([]);
  });

  it('edits replies, per-account text and media with alt text (uploaded into media/); asks before a relative time becomes fixed', async () => {
    const s = await serve();
    const before = readYaml(s.file(TEASER));
    await open(s, 'month=2027-01');
    await s.page.click('.post[data-post="launch-teaser"]');
    await s.page.locator('#text').waitFor();
    await s.page.click('#add-reply');
    await s.page.fill('textarea[data-thread="0"]', 'The livestream: https://acme.example/live');
    await s.page.fill('textarea[data-override="bluesky"]', 'Something big lands on January 12 👀 #acme https://acme.example/launch');
    await s.page.fill('input[data-alt="0"]', 'A dark box with a question mark on it.');
    await s.page.setInputFiles('#upload', { name: 'second box.png', mimeType: 'image/png', buffer: png(8, 8) });
    await s.page.locator('input[data-alt="1"]').waitFor();
    expect(existsSync(join(s.repo.root, 'media/second-box.png'))).toBe(true);
    await s.page.fill('input[data-alt="1"]', 'The box, opened.');
    const bluesky = s.page.locator('#previews .card[data-account="bluesky"]');
    // The preview shows what the account receives: the campaign's UTM parameters on the link.
    await poll(() => bluesky.locator('.item.reply .text .link').getAttribute('title')).toMatch(/^https:\/\/acme\.example\/live\?utm_source=bluesky&utm_medium=social&utm_campaign=winter-launch/);
    await poll(() => bluesky.locator('.media-grid img').count()).toBe(2);
    await s.page.click('#save');
    await poll(() => readYaml(s.file(TEASER)).media).toEqual([
      { file: 'media/teaser.png', alt: 'A dark box with a question mark on it.' },
      { file: 'media/second-box.png', alt: 'The box, opened.' },
    ]);
    const after = readYaml(s.file(TEASER));
    expect(after.thread).toEqual([{ text: 'The livestream: https://acme.example/live' }]);
    expect(after.overrides).toEqual({ ...(before.overrides as object), bluesky: { text: 'Something big lands on January 12 👀 #acme https://acme.example/launch' } });
    expect({ ...after, thread: undefined, overrides: undefined, media: undefined }).toEqual({ ...before, thread: undefined, overrides: undefined, media: undefined });
    expect(s.file(TEASER).split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/socialcal/schemas/post.schema.json');

    // launch - 4d moved by half an hour is not whole days or hours from the milestone: ask first.
    await poll(() => s.page.textContent('#dirty')).toBe('');
    await s.page.fill('#move-day', '2027-01-08');
    await s.page.fill('#move-time', '10:30');
    const messages: string[] = [];
    s.page.once('dialog', (d) => {
      messages.push(d.message());
      void d.dismiss();
    });
    await s.page.click('#move');
    await poll(() => s.page.textContent('#message')).toBe('Not moved.');
    expect(messages[0]).toMatch(/^launch-teaser is timed relative to milestone "launch" \(launch - 4d\); 2027-01-08 10:30 is not a whole number of days or hours from it\.\nWrite the fixed time 2027-01-08 10:30 instead\?$/);
    expect(readYaml(s.file(TEASER)).at).toBe('launch - 4d');
    await s.page.fill('#move-day', '2027-01-08');
    await s.page.fill('#move-time', '10:30');
    s.page.once('dialog', (d) => void d.accept());
    await s.page.click('#move');
    await poll(() => readYaml(s.file(TEASER)).at).toBe('2027-01-08 10:30');
    expect(s.errors).toEqual([]);
  });

  it('edit and save, then commit to a new branch: the commit holds exactly that change; then a pull request with the plan', async () => {
    const github = await startRecordingServer((req) =>
      req.method === 'POST' && req.path === '/repos/acme/calendar/pulls'
        ? { status: 201, body: { number: 7, html_url: 'https://github.com/acme/calendar/pull/7', state: 'open' } }
        : { status: 404, body: { message: 'Not Found' } },
    );
    cleanups.push(() => github.close());
    const s = await serve({ github });
    const before = git(s.repo.root, 'rev-parse', 'main');
    const faq = s.file('posts/2027/01/faq-pricing.yaml');
    await open(s, 'month=2027-01');
    await s.page.click('.post[data-post="faq-pricing"]');
    await s.page.locator('#text').waitFor();
    await s.page.fill('#text', 'Your pricing questions, answered: https://acme.example/blog/faq-pricing');
    await s.page.click('#save');
    await poll(() => s.file('posts/2027/01/faq-pricing.yaml')).toBe(faq.replace('text: Your pricing questions, answered. https', 'text: "Your pricing questions, answered: https').replace('faq-pricing\n', 'faq-pricing"\n'));
    await poll(() => s.page.locator('#changed-files li').allTextContents()).toEqual(['modified posts/2027/01/faq-pricing.yaml']);

    // The default branch is never the target.
    const refused = await send(s.server.port, '/api/commit', { method: 'POST', ...json(s.server.token, { branch: 'main', message: 'x' }) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/never commits to the default branch \(main\)/);

    await s.page.fill('#commit-branch', 'calendar/faq-wording');
    await s.page.fill('#commit-message', 'FAQ post: clearer wording');
    await s.page.click('#commit');
    await poll(() => s.page.textContent('#message')).toMatch(/^Committed 1 file\(s\) to calendar\/faq-wording \([0-9a-f]{7}\)$/);
    expect(git(s.repo.root, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('calendar/faq-wording');
    expect(git(s.repo.root, 'rev-parse', 'main')).toBe(before);
    expect(git(s.repo.root, 'rev-parse', 'HEAD~1')).toBe(before);
    expect(git(s.repo.root, 'show', '--name-status', '--format=%s', 'HEAD').split('\n')).toEqual(['FAQ post: clearer wording', '', 'M\tposts/2027/01/faq-pricing.yaml']);
    const diff = git(s.repo.root, 'diff', '--unified=0', 'HEAD~1', 'HEAD').split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(diff).toEqual(['-text: Your pricing questions, answered. https://acme.example/blog/faq-pricing', '+text: "Your pricing questions, answered: https://acme.example/blog/faq-pricing"']);
    expect(git(s.repo.root, 'status', '--porcelain')).toBe('');

    await s.page.locator('#open-pr').waitFor();
    await s.page.fill('#pr-title', 'FAQ wording');
    await s.page.click('#open-pr');
    await poll(() => s.page.textContent('#message')).toBe('Opened pull request #7: https://github.com/acme/calendar/pull/7');
    const pr = github.requests.find((r) => r.method === 'POST')!;
    expect(pr.headers.authorization).toBe('Bearer gh-test-token');
    expect(pr.body).toMatchObject({ title: 'FAQ wording', head: 'calendar/faq-wording', base: 'main' });
    expect(pr.body.body).toMatch(/^<!-- socialcal-plan -->\n## 📅 socialcal plan/);
    expect(pr.body.body).toContain('faq-pricing');
    expect(git(s.repo.remote, 'rev-parse', 'refs/heads/calendar/faq-wording')).toBe(git(s.repo.root, 'rev-parse', 'HEAD'));
    expect(s.errors).toEqual([]);
  });

  it('new post from a day cell and from a template; delete asks first', async () => {
    const s = await serve();
    await open(s, 'month=2027-01');
    await s.page.click('td[data-day="2027-01-27"] button.add');
    await poll(() => s.page.textContent('#editor h2')).toBe('post-2027-01-27');
    const blank = s.file('posts/2027/01/post-2027-01-27.yaml');
    expect(blank).toContain('at: 2027-01-27 10:00\nchannels:\n  - bluesky\ntext: New post\nstatus: draft\n');

    await s.page.selectOption('#template', 'faq-pricing');
    await s.page.click('td[data-day="2027-01-28"] button.add');
    await poll(() => s.page.textContent('#editor h2')).toBe('post-2027-01-28');
    const copied = s.file('posts/2027/01/post-2027-01-28.yaml');
    expect(copied).toContain('campaign: winter-launch');
    expect(copied).toContain('  - linkedin');
    expect(copied).toContain('status: draft');

    const file = join(s.repo.root, 'posts/2027/01/post-2027-01-28.yaml');
    s.page.once('dialog', (d) => void d.dismiss());
    await s.page.click('#delete');
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(file)).toBe(true);
    s.page.once('dialog', (d) => {
      expect(d.message()).toMatch(/^Delete post-2027-01-28/);
      void d.accept();
    });
    await s.page.click('#delete');
    await poll(() => existsSync(file)).toBe(false);
    await poll(() => s.page.locator('.post[data-post="post-2027-01-28"]').count()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it('a page from another origin in the same browser (another local port) cannot move a post', async () => {
    const s = await serve();
    await open(s, 'month=2027-01'); // the browser now holds serve's cookie, which same-site pages on other ports would send
    const other = await startRecordingServer(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>another app</title>' }));
    cleanups.push(() => other.close());
    await s.page.goto(`${other.url}/`);
    const target = `http://127.0.0.1:${s.server.port}/api/posts/coffee-chat/move`;
    const outcomes = await s.page.evaluate(async (url) => {
      const out: string[] = [];
      const body = JSON.stringify({ day: '2027-01-02' });
      for (const init of [
        { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body },
        { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body },
      ] as RequestInit[]) {
        try {
          const r = await fetch(url, init);
          out.push(`${r.type} ${r.status}`);
        } catch {
          out.push('blocked');
        }
      }
      return out;
    }, target);
    expect(outcomes).toEqual(['opaque 0', 'blocked']);
    await new Promise((r) => setTimeout(r, 500));
    expect(s.file('posts/2027/01/coffee-chat.yaml')).toBe(COFFEE);
  });

  it('reloads when files change on disk, and keeps unsaved edits in the editor', async () => {
    const s = await serve();
    await open(s, 'month=2027-01');
    await s.page.click('.post[data-post="coffee-chat"]');
    await s.page.locator('#text').waitFor();
    await s.page.fill('#text', 'My unsaved words');
    const faq = join(s.repo.root, 'posts/2027/01/faq-pricing.yaml');
    writeFileSync(faq, readFileSync(faq, 'utf8').replace('Your pricing questions, answered.', 'Pricing FAQ, updated in an editor.'));
    await poll(() => s.page.locator('.post[data-post="faq-pricing"] .s').textContent()).toContain('Pricing FAQ, updated in an editor.');
    expect(await s.page.inputValue('#text')).toBe('My unsaved words');

    const coffee = join(s.repo.root, 'posts/2027/01/coffee-chat.yaml');
    writeFileSync(coffee, COFFEE.replace('status: draft', 'status: ready'));
    await s.page.locator('#stale').waitFor({ timeout: 20_000 });
    expect(await s.page.inputValue('#text')).toBe('My unsaved words');
    expect(s.errors).toEqual([]);
  });
});
