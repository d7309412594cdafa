// bin/socialcal.js refuses to start on Node < 22, before loading anything from dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/calendar');
const temp = mkdtempSync(join(tmpdir(), 'socialcal-node-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A Node older than 22 on PATH outside node_modules (the machine's own node), if there is one. */
function systemOldNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const node = join(dir, 'node');
    if (dir.includes('node_modules') || !existsSync(node)) continue;
    const v = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(v.split('.')[0]) < 22) return node;
  }
  return undefined;
}

/** Runs the bin as its shebang does (`/usr/bin/env node`), with `nodeDir` first on PATH. */
function viaShebang(nodeDir: string, args: string[], preload?: string) {
  return spawnSync(BIN, args, {
    encoding: 'utf8',
    env: { PATH: `${nodeDir}${delimiter}/usr/bin${delimiter}/bin`, NO_COLOR: '1', ...(preload ? { NODE_OPTIONS: `--import=${preload}` } : {}) },
  });
}

function expectRefused(r: ReturnType<typeof viaShebang>, version: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^socialcal: needs Node\.js 22 or later; this is Node /);
  expect(r.stderr).toMatch(version);
  expect(r.stderr).toContain('hint: install Node 22+');
  expect(r.stderr).not.toMatch(/internal error|at .*:\d+:\d+/);
  expect(r.stderr.trim().split('\n')).toHaveLength(2);
}

// A Node that reports an older version, for machines whose own node is already new.
const pretend21 = join(temp, 'pretend-21.mjs');
writeFileSync(pretend21, "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '21.7.0' } });\n");

describe('Node version guard', () => {
  it('the machine\'s old node (via the shebang) gets one clear line and exit 2, not a run', () => {
    const old = systemOldNode();
    const r = old ? viaShebang(dirname(old), ['check', '-C', EXAMPLE]) : viaShebang(dirname(process.execPath), ['check', '-C', EXAMPLE], pretend21);
    expectRefused(r, old ? /this is Node (1\d|2[01])\.\d+\.\d+ \(/ : /this is Node 21\.7\.0/);
  });

  it('refuses Node 21 too, even for --version', () => {
    expectRefused(viaShebang(dirname(process.execPath), ['--version'], pretend21), /this is Node 21\.7\.0/);
  });

  it('runs on Node 22 or later', () => {
    const r = viaShebang(dirname(process.execPath), ['check', '-C', EXAMPLE]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
