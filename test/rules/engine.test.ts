import { describe, expect, it } from 'vitest';
import { fill } from '../../src/rules/engine.js';
import { runRules } from '../../src/rules/index.js';
import { afterAll } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { calendarOf } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const now = new Date('2026-12-01T00:00:00Z');
const longPost = `at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: ${'a'.repeat(301)}\n`;

describe('runRules', () => {
  it('turns a report into a located Problem with rule id, message, hint and severity', () => {
    const problems = runRules(calendarOf({ post: longPost }), { now });
    expect(problems).toEqual([
      {
        file: 'posts/post.yaml',
        line: 3,
        column: 7,
        path: 'text',
        severity: 'error',
        code: 'tooLong',
        rule: 'max-length',
        message: '301/300 characters on bluesky (1 too many)',
        hint: 'shorten the text, split it into a thread, or give bluesky its own text under overrides.bluesky.text',
      },
    ]);
  });

  it('follows configured severities: warn becomes a warning, off turns a rule off', () => {
    expect(runRules(calendarOf({ post: longPost, config: { rules: { 'max-length': 'warn' } } }), { now }).map((p) => p.severity)).toEqual(['warning']);
    expect(runRules(calendarOf({ post: longPost, config: { rules: { 'max-length': 'off' } } }), { now })).toEqual([]);
    const short = `at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: ${'a'.repeat(260)}\n`;
    const withOptions = { rules: { 'max-length': { severity: 'warn', limits: { bluesky: 250 } } } };
    expect(runRules(calendarOf({ post: short, config: withOptions }), { now }).map((p) => [p.severity, p.message])).toEqual([
      ['warning', '260/250 characters on bluesky (10 too many)'],
    ]);
  });

  it('reports unknown rule ids in socialcal.yaml with a suggestion', () => {
    const problems = runRules(calendarOf({ post: longPost, config: { rules: { 'max-lenght': 'off' } } }), { now });
    const unknown = problems.find((p) => p.code === 'rule-unknown');
    expect(unknown).toMatchObject({ file: 'socialcal.yaml', path: 'rules.max-lenght', severity: 'error', message: 'unknown rule "max-lenght" (did you mean "max-length"?)' });
    expect(unknown!.line).toBeGreaterThan(1);
  });

  it('reports options that fail the rule\'s schema, located at the option, and does not run that rule', () => {
    const calendar = calendarOf({ post: longPost, config: { rules: { 'max-length': { severity: 'error', limit: 3 }, spacing: { severity: 'error', minutes: -5 } } } });
    const problems = runRules(calendar, { now });
    expect(problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['rule-options', 'rules.max-length.limit', 'rule max-length: unknown option "limit" (did you mean "limits"?)'],
      ['rule-options', 'rules.spacing.minutes', expect.stringMatching(/^rule spacing: minutes: .*>=0/)],
    ]);
    expect(problems.every((p) => p.file === 'socialcal.yaml' && p.line > 1)).toBe(true);
  });

  it('names a wrongly typed option, the type it needs and its line, and keeps reporting the other config errors', () => {
    const config = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky }
rules:
  spacing: { minutes: "ninety" }
  daily-limit: { severity: eror }
  max-length: { limit: 3 }
blackouts:
  - name: quiet
    from: 2027-03-01
    to: 2027-03-02
    accounts: [twitter]
`;
    const dir = calendarDir({ 'socialcal.yaml': config, 'posts/2027/01/long.yaml': longPost }, { base: false });
    dirs.push(dir);
    const loaded = loadCalendar(dir);
    expect(loaded.calendar, 'the config still loads').toBeDefined();
    const problems = [...loaded.problems, ...runRules(loaded.calendar!, { now })];
    const found = problems.filter((p) => p.file === 'socialcal.yaml').sort((a, b) => a.line - b.line).map((p) => [p.line, p.path, p.message]);
    expect(found).toEqual([
      [5, 'rules.spacing.minutes', 'rule spacing: option "minutes" must be a number, found the text "ninety"'],
      [6, 'rules.daily-limit.severity', '"eror" is not one of: off, warn, error'],
      [7, 'rules.max-length.limit', 'rule max-length: unknown option "limit" (did you mean "limits"?)'],
      [12, 'blackouts[0].accounts[0]', 'unknown account "twitter"'],
    ]);
    expect(problems.find((p) => p.path === 'rules.spacing.minutes')!.hint).toMatch(/write a number here/);
    expect(problems.find((p) => p.path === 'rules.daily-limit.severity')!.hint).toMatch(/did you mean "error"/);
    // The posts still load and are checked by the rules whose settings are fine.
    expect(loaded.calendar!.posts.map((p) => p.id)).toEqual(['long']);
  });

  it('gives approval-required findings the roles they need', () => {
    const post = 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: A money-back promise\n';
    const problems = runRules(calendarOf({ post }), { now });
    expect(problems).toMatchObject([{ rule: 'approval-required', severity: 'warning', roles: ['legal'] }]);
  });
});

describe('fill', () => {
  it('fills placeholders and refuses missing data', () => {
    expect(fill('{{a}} of {{ b }}', { a: 1, b: 'x' })).toBe('1 of x');
    expect(() => fill('{{a}}', {})).toThrow(/needs data "a"/);
  });
});
