import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli } from '../support/cli.js';
import { tempDir } from '../support/git.js';
import { exampleRepo, send } from './support.js';

// `socialcal serve` as a user starts it: help that teaches, usage errors with exit code 2, and
// a running server that prints its URL and stops cleanly on Ctrl+C.

let root: string;
beforeAll(() => {
  root = exampleRepo().root;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('socialcal serve (CLI)', () => {
  it('--help explains the safety model and shows examples', () => {
    const r = cli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--port <port>');
    expect(r.stdout).toContain('--no-open');
    expect(r.stdout).toContain('127.0.0.1 only');
    expect(r.stdout).toContain('random token');
    expect(r.stdout).toContain('never to the default branch');
    expect(r.stdout).toContain('GITHUB_TOKEN=$(gh auth token) socialcal serve');
  });

  it('refuses a port that is not a number, before starting anything', () => {
    const r = cli(['serve', '--port', 'eighty', '--no-open'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^socialcal: --port: /);
  });

  it('says when the port is taken, and how to get a free one', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = cli(['serve', '--port', String(port), '--no-open'], { cwd: root });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`socialcal: --port ${port}: the port is in use`);
      expect(r.stderr).toContain('leave --port out to get a free one');
    } finally {
      busy.close();
    }
  });

  it('outside a calendar, says there is no socialcal.yaml', () => {
    const dir = tempDir();
    const r = cli(['serve', '--no-open'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('socialcal.yaml not found');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the URL with its token (--json), serves the page there, and exits 0 on Ctrl+C', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--no-open', '--json'], { cwd: root, env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => stdout, { timeout: 30_000 }).toContain('}');
    const { url, port } = JSON.parse(stdout) as { url: string; port: number };
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[0-9a-f]{48}$`));
    const page = await send(port, new URL(url).pathname + new URL(url).search);
    expect(page.status).toBe(200);
    expect((await send(port, '/api/calendar')).status).toBe(401);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
