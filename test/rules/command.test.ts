import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { cli } from '../support/cli.js';

// `socialcal rules`, run as a user would (the built binary).

const dir = mkdtempSync(join(tmpdir(), 'socialcal-rules-'));
writeFileSync(
  join(dir, 'socialcal.yaml'),
  'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\nrules:\n  quiet-hours: off\n  spacing: { severity: warn, minutes: 90 }\n',
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('socialcal rules', () => {
  it('lists every rule with its default and configured severity', () => {
    const r = cli(['rules', '-C', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rule\s+default\s+configured\s+checks$/);
    expect(lines).toHaveLength(RULES.length + 1);
    expect(lines.find((l) => l.startsWith('quiet-hours '))).toMatch(/^quiet-hours\s+warn\s+off\s+No posts/);
    expect(lines.find((l) => l.startsWith('spacing '))).toMatch(/^spacing\s+error\s+warn\s+/);
    expect(lines.find((l) => l.startsWith('links '))).toMatch(/^links\s+error\s+\(default\)\s+/);
  });

  it('prints JSON with defaults and configured options', () => {
    const r = cli(['rules', '--json', '-C', dir]);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; severity: string; configured: boolean; defaults: unknown; options?: unknown }[];
    expect(rules.map((x) => x.id)).toEqual(RULES.map((x) => x.meta.id));
    expect(rules.find((x) => x.id === 'spacing')).toMatchObject({ severity: 'warn', configured: true, defaults: { minutes: 60, accounts: {} }, options: { minutes: 90 } });
    expect(rules.find((x) => x.id === 'max-length')).toMatchObject({ severity: 'error', configured: false });
  });

  it('shows one rule in full, and refuses an unknown id with a suggestion', () => {
    const one = cli(['rules', 'spacing', '-C', dir]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('minutes: 60');
    expect(one.stdout).toContain('configured:\n  minutes: 90');
    const bad = cli(['rules', 'spacng', '-C', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown rule "spacng" (did you mean "spacing"?)');
  });

  it('works outside a calendar, with defaults only', () => {
    const empty = mkdtempSync(join(tmpdir(), 'socialcal-rules-empty-'));
    try {
      const r = cli(['rules', '--json', '-C', empty]);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { configured: boolean }[]).every((x) => !x.configured)).toBe(true);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
