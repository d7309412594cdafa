import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';

// Every rule in the registry is tested and documented, and the registry stays sorted.

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const ids = RULES.map((r) => r.meta.id);

describe('rule registry', () => {
  it('is sorted by id, without duplicates', () => {
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it.each(ids)('%s has a test file', (id) => {
    expect(existsSync(new URL(`test/rules/${id}.test.ts`, root)), `test/rules/${id}.test.ts`).toBe(true);
  });

  it.each(ids)('%s has a README section', (id) => {
    expect(readme).toContain(`\n### ${id}\n`);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has valid meta', (id, rule) => {
    expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(rule.meta.description).toMatch(/\.$/);
    expect(['warn', 'error']).toContain(rule.meta.severity);
    expect(rule.meta.options.safeParse({}).success).toBe(true);
    for (const messageId of Object.keys(rule.meta.hints ?? {})) expect(Object.keys(rule.meta.messages), id).toContain(messageId);
  });
});
