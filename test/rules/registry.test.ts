import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';

// Every rule in the registry is tested and documented, and the registry stays sorted.

const root = new URL('../../', import.meta.url);
const rulesIndex = readFileSync(new URL('docs/rules/README.md', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');
const ids = RULES.map((r) => r.meta.id);

describe('rule registry', () => {
  it('is sorted by id, without duplicates', () => {
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it.each(ids)('%s has a test file', (id) => {
    expect(existsSync(new URL(`test/rules/${id}.test.ts`, root)), `test/rules/${id}.test.ts`).toBe(true);
  });

  it.each(ids)('%s has a docs page, listed in the rules index', (id) => {
    const page = new URL(`docs/rules/${id}.md`, root);
    expect(existsSync(page), `docs/rules/${id}.md`).toBe(true);
    expect(readFileSync(page, 'utf8').startsWith(`# ${id}\n`)).toBe(true);
    expect(rulesIndex).toContain(`(${id}.md)`);
  });

  it('the README links every docs page', () => {
    const pages = ['docs/format.md', 'docs/commands.md', 'docs/rules/README.md', 'docs/platforms/README.md', 'docs/publishing.md', 'docs/pull-requests.md', 'docs/views.md', 'docs/security.md', 'docs/import.md', 'docs/curate.md'];
    for (const page of pages) expect(readme, page).toContain(`](${page})`);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has valid meta', (id, rule) => {
    expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(rule.meta.description).toMatch(/\.$/);
    expect(['warn', 'error']).toContain(rule.meta.severity);
    expect(rule.meta.options.safeParse({}).success).toBe(true);
    for (const messageId of Object.keys(rule.meta.hints ?? {})) expect(Object.keys(rule.meta.messages), id).toContain(messageId);
  });
});
