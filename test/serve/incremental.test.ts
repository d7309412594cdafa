// serve on a calendar of 2,000 posts: an edit re-parses the one file edited, not the calendar,
// and the rules still see every post (a finding against another post's file still appears).
// Counted with the server's parse statistics, not timed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { git } from '../support/git.js';
import { json, send } from './support.js';

const SYNTHETIC: string = '../../scripts/synthetic-calendar.js';
const POSTS = 2_000;
const root = mkdtempSync(join(tmpdir(), 'socialcal-serve-large-'));
let server: RunningServer;

interface Post {
  id: string;
  day: string;
  time: string;
  channels: string[];
}

const api = (path: string, opts: { method?: string; body?: unknown } = {}) =>
  send(server.port, path, opts.body === undefined ? { method: opts.method, headers: { 'x-socialcal-token': server.token } } : { method: opts.method ?? 'POST', ...json(server.token, opts.body) });

/** Files parsed since `before`. */
const parsedSince = (before: { parsed: number }) => server.parseStats().parsed - before.parsed;

beforeAll(async () => {
  const { generateCalendar } = (await import(SYNTHETIC)) as { generateCalendar: (dir: string, opts: { posts: number; campaigns: number }) => unknown };
  generateCalendar(root, { posts: POSTS, campaigns: 10 });
  git(root, 'init', '--quiet', '-b', 'main');
  server = await startServer({ root, now: () => new Date('2026-12-01T09:00:00Z') });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serve on 2,000 posts', { timeout: 120_000 }, () => {
  let posts: Post[];

  it('the first page load parses every file once', async () => {
    const r = await api('/api/calendar');
    expect(r.status).toBe(200);
    posts = r.body.posts;
    expect(posts).toHaveLength(POSTS);
    expect(server.parseStats().parsed).toBe(POSTS + 10); // posts and campaigns
    const again = server.parseStats();
    await api('/api/calendar');
    expect(parsedSince(again)).toBe(0);
  });

  it('a preview of one edited post parses that file only, and still finds the spacing clash with another post', async () => {
    // Two posts on the same account on one day: move the first ten minutes after the second.
    const [first, second] = sameAccountPair(posts);
    const opened = await api(`/api/posts/${first.id}`);
    expect(opened.status).toBe(200);
    const before = server.parseStats();
    const r = await api(`/api/posts/${first.id}/preview`, { body: { fields: { ...opened.body.fields, at: `${second.day} ${plusMinutes(second.time, 10)}`, text: 'Edited in serve' } } });
    expect(r.status).toBe(200);
    expect(parsedSince(before)).toBe(1);
    expect(server.parseStats().reused - before.reused).toBeGreaterThanOrEqual(POSTS - 1);
    const spacing = r.body.problems.filter((p: { rule?: string; message: string }) => /minutes after/.test(p.message));
    expect(spacing.map((p: { message: string }) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining(`10 minutes after "${second.id}" on ${first.channels[0]}`)]));
    expect(r.body.detail.accounts[0].items[0].text).toContain('Edited in serve');
  });

  it('saving parses the saved file (the check before the write and the reload after), not the calendar', async () => {
    const id = posts[10].id;
    const opened = await api(`/api/posts/${id}`);
    const before = server.parseStats();
    const saved = await api(`/api/posts/${id}`, { method: 'PUT', body: { version: opened.body.version, fields: { ...opened.body.fields, text: 'Saved from serve' } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const reloaded = await api('/api/calendar');
    expect(reloaded.body.posts.find((p: Post & { summary: string }) => p.id === id).summary).toContain('Saved from serve');
    expect(parsedSince(before)).toBeLessThanOrEqual(2);
    expect(readFileSync(join(root, saved.body.file), 'utf8')).toContain('Saved from serve');
  });

  it('a file changed by another editor is parsed again, alone', async () => {
    const id = posts[20].id;
    const file = (await api(`/api/posts/${id}`)).body.file as string;
    const before = server.parseStats();
    writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8').replace(/^text: .*$/m, 'text: Changed in an editor'));
    await expect
      .poll(async () => (await api('/api/calendar')).body.posts.find((p: Post & { summary: string }) => p.id === id).summary, { timeout: 20_000, interval: 200 })
      .toContain('Changed in an editor');
    expect(parsedSince(before)).toBe(1);
  });

  it('a burst of previews of one post: those overtaken while waiting are answered with the newest, not worked out', async () => {
    const id = posts[30].id;
    const opened = await api(`/api/posts/${id}`);
    const before = server.parseStats();
    const texts = ['a', 'ab', 'abc', 'abcd', 'abcde'].map((t) => `Typing ${t}`);
    const answers = await Promise.all(texts.map((text) => api(`/api/posts/${id}/preview`, { body: { fields: { ...opened.body.fields, text } } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.at(-1)!.body.detail.accounts[0].items[0].text).toContain('Typing abcde');
    // Each waits a moment before its work starts; those overtaken meanwhile share the newest answer.
    const worked = parsedSince(before);
    expect(worked).toBeLessThanOrEqual(2);
    const newest = answers.filter((a) => a.body.detail.accounts[0].items[0].text.includes('Typing abcde'));
    expect(newest.length).toBeGreaterThanOrEqual(texts.length - worked + 1);
  });
});

/** Two posts on one day that share an account, far enough apart that moving one next to the other is a new clash. */
function sameAccountPair(all: Post[]): [Post, Post] {
  for (const a of all) {
    const b = all.find((p) => p !== a && p.day === a.day && p.time < '19:00' && p.channels.includes(a.channels[0]));
    if (b) return [a, b];
  }
  throw new Error('no two posts share an account on one day');
}

function plusMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
