import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { writePostFile } from '../../src/serve/workspace.js';
import { png } from '../support/images.js';
import { tempDir } from '../support/git.js';
import { exampleRepo, json, send } from './support.js';

// Who may drive `serve`, and where it may write: loopback only, the run's token on every
// request, no other site's Origin, no other Host, writes only to post files and media/ inside
// the calendar, each checked before it reaches the disk.

let server: RunningServer;
let root: string;
let outside: string;
const TEASER = 'posts/2027/01/launch-teaser.yaml';

beforeAll(async () => {
  outside = tempDir('socialcal-outside-');
  root = exampleRepo().root;
  server = await startServer({ root, now: () => new Date('2027-01-01T00:00:00Z') });
});

afterAll(async () => {
  await server?.close();
  for (const dir of [root, outside]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('who may talk to serve', () => {
  it('refuses a request without the token, and says where the token is', async () => {
    const r = await send(server.port, '/api/calendar');
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(/open the URL socialcal serve printed/);
    expect((await send(server.port, '/')).status).toBe(401);
    expect((await send(server.port, '/app/app.js')).status).toBe(401);
    expect((await send(server.port, '/assets/media/teaser.png')).status).toBe(401);
  });

  it('refuses a wrong token of the same length', async () => {
    const wrong = server.token.replace(/./, (c) => (c === 'a' ? 'b' : 'a'));
    expect((await send(server.port, '/api/calendar', { headers: { 'x-socialcal-token': wrong } })).status).toBe(401);
    expect((await send(server.port, `/api/calendar?token=${wrong}`)).status).toBe(401);
  });

  it('answers with the token in the URL, then with the cookie it sets, or the header', async () => {
    const page = await send(server.port, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app/app.js">');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(page.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await send(server.port, '/api/calendar', { headers: { cookie } })).status).toBe(200);
    const viaHeader = await send(server.port, '/api/calendar', { headers: { 'x-socialcal-token': server.token } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.posts.length).toBeGreaterThan(20);
  });

  it('refuses another site\'s Origin even with the token (a page elsewhere in the browser)', async () => {
    const r = await send(server.port, '/api/posts/launch-teaser/move', { method: 'POST', ...json(server.token, { day: '2027-01-07' }), headers: { ...json(server.token, {}).headers, origin: 'http://evil.example' } });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('refused: requests from http://evil.example are not allowed');
    expect((await send(server.port, '/api/calendar', { headers: { 'x-socialcal-token': server.token, origin: 'null' } })).status).toBe(403);
    expect((await send(server.port, '/api/calendar', { headers: { 'x-socialcal-token': server.token, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await send(server.port, '/api/calendar', { headers: { 'x-socialcal-token': server.token, origin: `http://127.0.0.1:${server.port}` } })).status).toBe(200);
    expect(readFileSync(join(root, TEASER), 'utf8')).toContain('at: launch - 4d');
  });

  it('refuses another Host name (DNS rebinding), even with the token', async () => {
    const r = await send(server.port, '/api/calendar', { headers: { host: `rebind.example:${server.port}`, 'x-socialcal-token': server.token } });
    expect(r.status).toBe(403);
    expect((await send(server.port, '/api/calendar', { headers: { host: `localhost:${server.port}`, 'x-socialcal-token': server.token } })).status).toBe(200);
  });

  it('refuses a form post (JSON only), so a plain HTML form elsewhere cannot write', async () => {
    const r = await send(server.port, '/api/commit', { method: 'POST', headers: { 'x-socialcal-token': server.token, 'content-type': 'text/plain' }, body: '{"branch":"x","message":"y"}' });
    expect(r.status).toBe(415);
  });

  it('listens on the loopback interface only', async () => {
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = createConnection({ host, port: server.port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    if (external) expect(await reachable(external.address)).toBe(false);
  });
});

describe('where serve may write', () => {
  const auth = () => ({ 'x-socialcal-token': server.token });

  it('refuses a new post whose folder is a symlink out of the calendar, and writes nothing there', async () => {
    mkdirSync(join(root, 'posts/2027'), { recursive: true });
    symlinkSync(outside, join(root, 'posts/2027/04'));
    const r = await send(server.port, '/api/posts', { method: 'POST', ...json(server.token, { day: '2027-04-05' }) });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/leads outside the repository/);
    expect(readdirSync(outside)).toEqual([]);
    rmSync(join(root, 'posts/2027/04'));
  });

  it('keeps an uploaded file\'s name inside media/ whatever path it claims', async () => {
    const r = await send(server.port, `/api/media?name=${encodeURIComponent('../../../escape.png')}`, { method: 'POST', headers: auth(), body: png(4, 4) });
    expect(r.status).toBe(201);
    expect(r.body.file).toBe('media/escape.png');
    expect(existsSync(join(root, 'media/escape.png'))).toBe(true);
    expect(existsSync(join(root, '../escape.png'))).toBe(false);
  });

  it('refuses an upload that is not the media type its name says, or has no media extension', async () => {
    expect((await send(server.port, '/api/media?name=shell.sh', { method: 'POST', headers: auth(), body: '#!/bin/sh' })).status).toBe(415);
    expect((await send(server.port, '/api/media?name=fake.png', { method: 'POST', headers: auth(), body: 'not a png' })).status).toBe(415);
  });

  it('refuses an upload when media/ is a symlink out of the calendar', async () => {
    const other = exampleRepo().root;
    rmSync(join(other, 'media'), { recursive: true });
    symlinkSync(outside, join(other, 'media'));
    const s = await startServer({ root: other });
    try {
      const r = await send(s.port, '/api/media?name=a.png', { method: 'POST', headers: { 'x-socialcal-token': s.token }, body: png(2, 2) });
      expect(r.status).toBe(403);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      await s.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('writes only post files inside the calendar', () => {
    for (const file of ['../outside.yaml', 'posts/../../outside.yaml', '/tmp/outside.yaml', 'socialcal.yaml', 'campaigns/winter-launch.yaml', 'posts/.git/x.yaml', 'posts/x.txt']) {
      expect(() => writePostFile(root, file, 'text: x\n', undefined), file).toThrow();
    }
    expect(existsSync(join(root, '../outside.yaml'))).toBe(false);
  });

  it('validates a save before it reaches the disk: a change that breaks the file is refused and the file stays as it was', async () => {
    const before = readFileSync(join(root, TEASER), 'utf8');
    const post = (await send(server.port, '/api/posts/launch-teaser', { headers: auth() })).body;
    const r = await send(server.port, '/api/posts/launch-teaser', { method: 'PUT', ...json(server.token, { version: post.version, fields: { ...post.fields, channels: ['blusky'], at: 'next tuesday' } }) });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/^not saved: /);
    const codes = r.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toContain('ref-account');
    expect(codes).toContain('time-format');
    expect(readFileSync(join(root, TEASER), 'utf8')).toBe(before);
    expect(readdirSync(join(root, 'posts/2027/01')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite a file that changed on disk since the editor opened it', async () => {
    const post = (await send(server.port, '/api/posts/faq-pricing', { headers: auth() })).body;
    const onDisk = `${readFileSync(join(root, post.file), 'utf8')}# reviewed by legal\n`;
    writeFileSync(join(root, post.file), onDisk);
    const r = await send(server.port, '/api/posts/faq-pricing', { method: 'PUT', ...json(server.token, { version: post.version, fields: { ...post.fields, text: 'mine' } }) });
    expect(r.status).toBe(409);
    expect(r.body.error).toBe(`${post.file} changed on disk since you opened it`);
    expect(readFileSync(join(root, post.file), 'utf8')).toBe(onDisk);
  });
});
