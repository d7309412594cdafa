import { randomBytes, timingSafeEqual } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRepoPath, readRegularFile } from '../calendar/repo-path.js';
import { GitFailure } from '../git/repo.js';
import { mimeOf } from '../platforms/media-type.js';
import { SocialcalError } from '../errors.js';
import * as api from './api.js';
import { MAX_UPLOAD_BYTES, SnapshotCache, WriteRefused } from './workspace.js';
import { LatestPerKey } from './latest.js';
import type { ParseStats } from './parse-memory.js';
import type { GitHubTarget } from './changes.js';

// The local web app's HTTP side. It listens on 127.0.0.1 only, and every request must carry the
// run's random token (in the URL printed at start, then a same-site cookie or a header) and come
// from this page: a Host other than 127.0.0.1/localhost (DNS rebinding) or an Origin of another
// site is refused before any route runs.

export interface ServeOptions {
  root: string;
  port?: number;
  github?: GitHubTarget;
  now?: () => Date;
  /** Fixed token (tests); random per run otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** How many calendar files this run has parsed and reused (each file is parsed again only when it changes). */
  parseStats(): ParseStats;
  close(): Promise<void>;
}

const APP_DIR = fileURLToPath(new URL('../../assets/serve/', import.meta.url));
const MAX_JSON_BYTES = 2 * 1024 * 1024;
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const now = opts.now ?? (() => new Date());
  const ctx: api.ApiContext = { root: opts.root, now, github: opts.github, calendar: new SnapshotCache(opts.root, now), previews: new LatestPerKey() };
  const events = new Set<ServerResponse>();
  let port = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => fail(res, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refusal = refuse(req, url, port, token);
    if (refusal) return send(res, refusal.status, { error: refusal.message });
    if (url.searchParams.get('token') === token) {
      // The page's own requests (module scripts, images, events) carry the cookie from here on.
      res.setHeader('set-cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (method === 'GET' && path === '/') return sendFile(res, api.appFile(APP_DIR, 'index.html'));
    if (method === 'GET' && path.startsWith('/app/')) return sendFile(res, api.appFile(APP_DIR, path.slice(5)));
    if (method === 'GET' && path.startsWith('/assets/')) return sendMedia(res, opts.root, decodeURIComponent(path.slice(8)));
    if (method === 'GET' && path === '/api/events') return openEvents(res);
    const answer = await route(method, path, url, req);
    if (!answer) return send(res, 404, { error: `no route ${method} ${path}` });
    send(res, answer.status, answer.body);
  }

  async function route(method: string, path: string, url: URL, req: IncomingMessage): Promise<api.Answer | undefined> {
    if (method === 'GET' && path === '/api/calendar') return api.getCalendar(ctx);
    if (method === 'GET' && path === '/api/changes') return api.changes(ctx);
    if (method === 'POST' && path === '/api/posts') return api.createPost(ctx, await readJson(req));
    if (method === 'POST' && path === '/api/media') {
      // The types an HTML form can send: a form on another page must never be able to write.
      if (/^(multipart\/form-data|application\/x-www-form-urlencoded|text\/plain)\b/.test(req.headers['content-type'] ?? '')) {
        throw new WriteRefused('send the file itself as the body, with its own type (e.g. image/png)', 415);
      }
      return api.uploadMedia(ctx, url.searchParams.get('name') ?? '', await readBody(req, MAX_UPLOAD_BYTES));
    }
    if (method === 'POST' && path === '/api/commit') return api.commit(ctx, await readJson(req));
    if (method === 'POST' && path === '/api/pull-request') return api.pullRequest(ctx, await readJson(req));
    const m = /^\/api\/posts\/([A-Za-z0-9._-]+)(\/move|\/preview)?$/.exec(path);
    if (!m) return undefined;
    const id = m[1];
    if (method === 'GET' && !m[2]) return api.getPost(ctx, id);
    if (method === 'PUT' && !m[2]) return api.savePost(ctx, id, await readJson(req));
    if (method === 'DELETE' && !m[2]) return api.deletePost(ctx, id, url.searchParams.get('version') ?? undefined);
    if (method === 'POST' && m[2] === '/move') return api.move(ctx, id, await readJson(req));
    if (method === 'POST' && m[2] === '/preview') return api.preview(ctx, id, await readJson(req));
    return undefined;
  }

  function openEvents(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    events.add(res);
    res.on('close', () => events.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Live reload: a change to the calendar's files (an editor, git pull) tells open pages to
  // refetch. Only the calendar's own folders are watched: a node_modules beside them is not.
  let timer: NodeJS.Timeout | undefined;
  const changed = (name: string) => {
    ctx.calendar.invalidate();
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const res of events) res.write(`event: change\ndata: ${JSON.stringify({ file: name })}\n\n`);
    }, 150);
  };
  const watchers = watchCalendar(opts.root, changed);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    parseStats: () => ({ ...ctx.calendar.parses.stats }),
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const res of events) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const WATCHED = ['posts', 'campaigns', 'media'];

/** Watches socialcal.yaml and the posts, campaigns and media folders; temp files of our own writes are skipped. */
function watchCalendar(root: string, changed: (name: string) => void): FSWatcher[] {
  const watchers: FSWatcher[] = [];
  const add = (dir: string, recursive: boolean, only?: string) => {
    try {
      const w = watch(join(root, dir), { recursive }, (_event, name) => {
        const file = name ? String(name).split(sep).join('/') : '';
        if (file.endsWith('.tmp') || (only !== undefined && file !== only)) return;
        changed(dir ? `${dir}/${file}` : file);
      });
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // The folder does not exist (yet), or this system cannot watch it: pages still reload after their own changes.
    }
  };
  add('', false, 'socialcal.yaml');
  for (const dir of WATCHED) add(dir, true);
  return watchers;
}

function cookieName(port: number): string {
  return `socialcal-${port}`;
}

/** Why a request may not proceed: wrong Host, another site's Origin, or no valid token. */
export function refuse(req: IncomingMessage, url: URL, port: number, token: string): { status: number; message: string } | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) return { status: 403, message: 'refused: this server answers only as 127.0.0.1 or localhost' };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return { status: 403, message: `refused: requests from ${origin} are not allowed` };
  if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, message: 'refused: cross-site request' };
  const given = [url.searchParams.get('token'), header(req, 'x-socialcal-token'), cookie(req, cookieName(port))];
  if (!given.some((t) => t !== undefined && t !== null && sameToken(t, token))) {
    return { status: 401, message: 'refused: open the URL socialcal serve printed (it carries the token)' };
  }
  return undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-frame-options', 'DENY');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  securityHeaders(res);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendFile(res: ServerResponse, file: { type: string; body: Buffer } | undefined): void {
  if (!file) return send(res, 404, { error: 'not found' });
  securityHeaders(res);
  res.writeHead(200, { 'content-type': file.type });
  res.end(file.body);
}

const MAX_MEDIA_BYTES = 512 * 1024 * 1024;

/** A media file of the calendar, for previews: inside the repo (same rules as media), images and video only. */
function sendMedia(res: ServerResponse, root: string, path: string): void {
  const type = mimeOf(path);
  const checked = type ? checkRepoPath(root, path) : undefined;
  const read = checked?.ok ? readRegularFile(checked.abs, MAX_MEDIA_BYTES) : undefined;
  if (!type || !read || !('bytes' in read)) return send(res, 404, { error: `no media file ${path}` });
  securityHeaders(res);
  res.writeHead(200, { 'content-type': type });
  res.end(read.bytes);
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) return void res.end();
  if (error instanceof WriteRefused) return send(res, error.status, { error: error.message, problems: error.problems });
  if (error instanceof SocialcalError) return send(res, 400, { error: error.message, hint: error.hint });
  if (error instanceof GitFailure) return send(res, 500, { error: error.message });
  send(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new WriteRefused(`request body larger than ${max} bytes`, 413));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new WriteRefused('send JSON (content-type: application/json)', 415);
  try {
    return JSON.parse((await readBody(req, MAX_JSON_BYTES)).toString('utf8')) as unknown;
  } catch (error) {
    if (error instanceof WriteRefused) throw error;
    throw new WriteRefused('the request body is not JSON', 400);
  }
}
