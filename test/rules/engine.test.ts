import { describe, expect, it } from 'vitest';
import { fill } from '../../src/rules/engine.js';
import { runRules } from '../../src/rules/index.js';
import { calendarOf } from './support.js';

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
