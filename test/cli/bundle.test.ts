import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import twitter from 'twitter-text';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';

// `npm run build` bundles dist/ into dist/bundle/ (scripts/bundle.js) and bin/socialcal.js runs
// the bundle; without one (esbuild missing when the package was built) it runs dist/main.js.
// Both must behave the same: same output, same exit codes, the serve assets and the version found.

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/calendar');
const NOW = '2027-01-10T00:00:00Z';
const run = (bin: string, args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000 });

// A copy of the package without the bundle: bin, dist without dist/bundle, package.json, assets, and its node_modules.
const unbundled = mkdtempSync(join(tmpdir(), 'socialcal-unbundled-'));
afterAll(() => rmSync(unbundled, { recursive: true, force: true }));

describe('the bundled CLI', () => {
  it('exists after the build and is what bin/socialcal.js runs', () => {
    expect(existsSync(join(ROOT, 'dist/bundle/main.js'))).toBe(true);
    // A handful of files, not the ~700 modules of dist/ and its packages.
    expect(readdirSync(join(ROOT, 'dist/bundle')).length).toBeLessThan(200);
  });

  it('gives the same output as the unbundled code, which bin falls back to without a bundle', () => {
    for (const entry of ['bin', 'assets', 'schemas', 'package.json']) cpSync(join(ROOT, entry), join(unbundled, entry), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(unbundled, 'dist'), { recursive: true, filter: (src) => !src.includes(join('dist', 'bundle')) });
    symlinkSync(join(ROOT, 'node_modules'), join(unbundled, 'node_modules'));
    const plain = join(unbundled, 'bin/socialcal.js');
    expect(existsSync(join(unbundled, 'dist/bundle'))).toBe(false);
    for (const args of [['--help'], ['check', '--help'], ['check', '-C', EXAMPLE, '--now', NOW, '--no-cache'], ['ls', '--all', '--json', '-C', EXAMPLE, '--now', NOW, '--no-cache'], ['export', 'ics', '-C', EXAMPLE, '--now', NOW], ['rules', '-C', EXAMPLE], ['nonsense']]) {
      const a = run(BIN, args);
      const b = run(plain, args);
      expect([a.status, a.stdout, a.stderr], args.join(' ')).toEqual([b.status, b.stdout, b.stderr]);
    }
    // X counting runs twitter-text, bundled on its own (dist/bundle/twitter-text.cjs, with the npm
    // punycode for its IDN hosts): the same length as the package itself gives, and no warning.
    const cal = join(unbundled, 'cal');
    mkdirSync(join(cal, 'posts'), { recursive: true });
    writeFileSync(join(cal, 'socialcal.yaml'), 'timezone: UTC\naccounts:\n  x:\n    platform: x\n    handle: "@acme"\n');
    const text = `Grüße aus https://münchen.example/straße and https://bücher.example/x ${'日本語のテキスト 🎉 '.repeat(12)}`;
    writeFileSync(join(cal, 'posts/long.yaml'), `at: 2027-03-01 10:00\nchannels: [x]\ntext: ${JSON.stringify(text)}\n`);
    const args = ['check', '--json', '-C', cal, '--now', NOW, '--no-cache'];
    const a = run(BIN, args);
    const b = run(plain, args);
    expect([a.status, a.stdout, a.stderr]).toEqual([b.status, b.stdout, b.stderr]);
    expect(a.stderr).not.toMatch(/deprecat/i);
    const tooLong = JSON.parse(a.stdout).problems.find((p: { rule?: string }) => p.rule === 'max-length');
    expect(tooLong?.message).toContain(String(twitter.parseTweet(text).weightedLength));
    const version = run(BIN, ['check', '--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
