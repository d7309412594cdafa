import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { runRules, RULES } from '../../src/rules/index.js';

// The sample calendars: every rule fires on its example in examples/broken, none on examples/calendar.

const examples = join(import.meta.dirname, '../../examples');
const now = new Date('2026-12-01T00:00:00Z');

function findings(name: string) {
  const { calendar } = loadCalendar(join(examples, name));
  expect(calendar, `${name} has a valid socialcal.yaml`).toBeDefined();
  return runRules(calendar!, { now });
}

describe('rule examples', () => {
  it('examples/calendar has no findings and no rule config problems', () => {
    expect(findings('calendar')).toEqual([]);
  });

  it.each(RULES.map((r) => r.meta.id))('%s fires on examples/broken/posts/rules/%s.yaml', (id) => {
    const fired = findings('broken').filter((p) => p.rule === id);
    expect(fired.map((p) => p.file)).toContain(`posts/rules/${id}.yaml`);
    expect(fired.every((p) => p.file.startsWith(`posts/rules/${id}`)), fired.map((p) => p.file).join(', ')).toBe(true);
  });

  it('examples/broken has no rule config problems', () => {
    expect(findings('broken').filter((p) => p.code.startsWith('rule-'))).toEqual([]);
  });
});
