// A served calendar for tests: the example calendar copied into a temp git repository (with a
// bare repository as its origin), and raw HTTP requests with full control of Host and Origin.
import { cpSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { bareRepo, git, tempDir, writeFiles } from '../support/git.js';

export interface ServedRepo {
  root: string;
  remote: string;
}

/** The example calendar, plus `files`, committed on main and pushed to a bare origin. */
export function exampleRepo(files: Record<string, string | Buffer> = {}): ServedRepo {
  const root = tempDir('socialcal-serve-');
  cpSync(resolve('examples/calendar'), root, { recursive: true });
  writeFiles(root, files);
  git(root, 'init', '--quiet', '-b', 'main');
  git(root, 'config', 'user.name', 'Test Author');
  git(root, 'config', 'user.email', 'author@example.test');
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'calendar');
  const remote = bareRepo();
  git(root, 'remote', 'add', 'origin', remote);
  git(root, 'push', '--quiet', 'origin', 'main');
  return { root, remote };
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One HTTP request to 127.0.0.1:port with exactly these headers (Host defaults to the server's). */
export function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Response> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the page or a script
        }
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const json = (token: string, body: unknown) => ({ headers: { 'x-socialcal-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

