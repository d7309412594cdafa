import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIMS } from '../../src/rules/approval-required.js';
import { regexSource } from '../../src/rules/text.js';
import { run, ruleTester } from './support.js';

const p = (text: string, tags = '[]') => `at: 2027-01-12 10:00\nchannels: [bluesky]\ntags: ${tags}\ntext: "${text}"\n`;

describe('approval-required', () => {
  ruleTester('approval-required', {
    valid: [
      { name: 'ordinary text', post: p('Acme 2.0 makes builds faster.') },
      { name: 'a phrase inside a longer word does not count', post: p('A securely procured build') },
      { name: 'a percentage that is not a return', post: p('We cut CI time by 70%') },
      { name: 'custom claims replace the defaults', post: p('Guaranteed uptime'), options: { claims: [{ name: 'security', phrases: ['unhackable'], roles: ['legal'] }] } },
    ],
    invalid: [
      {
        name: 'a financial phrase',
        post: p('Teams see a great return on investment'),
        errors: [{ messageId: 'needsApproval', data: { roles: 'legal', claims: 'financial returns', match: '"return on investment"' }, path: 'text', line: 4, roles: ['legal'] }],
      },
      {
        name: 'a financial pattern',
        post: p('Earn 7.5% APY on idle credits'),
        errors: [{ messageId: 'needsApproval', data: { claims: 'financial returns', match: '"7.5% APY"' }, roles: ['legal'] }],
      },
      {
        name: 'a testimonial by tag, plus a guarantee: roles are merged',
        post: p('Guaranteed to please', '[product, testimonial]'),
        errors: [{ messageId: 'needsApproval', data: { roles: 'legal, marketing', claims: 'testimonial, guarantee' }, path: 'tags[1]', line: 3, roles: ['legal', 'marketing'] }],
      },
      {
        // Phrases are looked for per claim only in texts where one pattern of every claim's
        // phrases matches: each claim still finds its own, in any item, spacing ignored.
        name: 'phrases of two claims in two thread items, across a line break',
        post: 'at: 2027-01-12 10:00\nchannels: [bluesky, x]\ntext: Hi\nthread:\n  - text: Hello\n  - text: "Clinically\\nproven"\n  - text: Double your money\n',
        errors: [{ messageId: 'needsApproval', data: { claims: 'financial returns, health', match: '"Double your money", "Clinically\nproven"' }, path: 'thread[2].text', roles: ['legal'] }],
      },
      {
        name: 'a configured pattern in a thread item',
        options: { claims: [{ name: 'comparison', patterns: ['\\bbetter than \\w+'], roles: ['marketing'] }] },
        post: 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: Hi\nthread:\n  - text: Better than Jenkins\n',
        errors: [{ messageId: 'needsApproval', data: { claims: 'comparison', match: '"Better than Jenkins"' }, path: 'thread[0].text', line: 5, roles: ['marketing'] }],
      },
    ],
  });

  it('reports a claim role that socialcal.yaml does not define, located in the config', () => {
    const { problems } = run('approval-required', {
      options: { claims: [{ name: 'security', phrases: ['unhackable'], roles: ['security-team'] }] },
      post: p('Hello'),
    });
    expect(problems.map((x) => [x.code, x.file, x.path, x.message])).toEqual([
      [
        'rule-options',
        'socialcal.yaml',
        'rules.approval-required.claims[0].roles[0]',
        'rule approval-required: claim "security" needs role "security-team", which is not under roles in socialcal.yaml',
      ],
    ]);
  });

  it('does not hold the default claims\' roles against a calendar that lacks them', () => {
    const { problems, findings } = run('approval-required', { config: { roles: { marketing: ['dana'] } }, post: p('A money-back deal') });
    expect(problems).toEqual([]);
    expect(findings.map((f) => f.problem.roles)).toEqual([['legal']]);
  });

  it('rejects a pattern that is not a regular expression', () => {
    const { problems } = run('approval-required', { options: { claims: [{ name: 'x', patterns: ['('], roles: ['legal'] }] }, post: p('Hello') });
    expect(problems.map((x) => [x.code, x.path])).toEqual([['rule-options', 'rules.approval-required.claims[0].patterns[0]']]);
  });

  // Issue 11 item 15: a pattern like (a+)+$ takes exponential time on a backtracking engine.
  it('runs a catastrophic pattern in linear time: (a+)+$ against 30,000 a\'s and a "!" finishes at once', () => {
    const started = performance.now();
    const { findings, problems } = run('approval-required', {
      options: { claims: [{ name: 'evil', patterns: ['(a+)+$', '(x|x)*y', '^(\\w+\\s?)*$'], roles: ['legal'] }] },
      post: p(`${'a'.repeat(30_000)}!`),
    });
    expect(problems).toEqual([]);
    expect(findings).toEqual([]);
    // A backtracking engine needs 2^30000 steps here (at 34 a's it already takes minutes).
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('still finds what a catastrophic-looking pattern matches', () => {
    const { findings } = run('approval-required', { options: { claims: [{ name: 'evil', patterns: ['(a+)+b'], roles: ['legal'] }] }, post: p('xx aaab yy') });
    expect(findings.map((f) => f.problem.message)).toEqual(['needs approval from legal: evil claim ("aaab")']);
  });

  it.each([
    ['a lookbehind', '(?<!not )guaranteed'],
    ['a backreference', '(win)\\1'],
  ])('rejects %s with a located error saying the syntax is RE2', (_name, pattern) => {
    const { problems } = run('approval-required', { options: { claims: [{ name: 'x', patterns: [pattern], roles: ['legal'] }] }, post: p('Hello') });
    expect(problems.map((x) => [x.code, x.file, x.path])).toEqual([['rule-options', 'socialcal.yaml', 'rules.approval-required.claims[0].patterns[0]']]);
    expect(problems[0].line).toBeGreaterThan(1);
    expect(problems[0].message).toMatch(/RE2 syntax, which has no lookarounds or backreferences/);
  });

  // The options check takes the shipped patterns without compiling them on RE2 (a cold run's
  // Unicode tables): they must compile there, as a team's pattern has to.
  it.each(DEFAULT_CLAIMS.flatMap((c) => c.patterns ?? []))('the shipped pattern %s compiles on RE2', (pattern) => {
    expect(() => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE)).not.toThrow();
    expect(regexSource.safeParse(pattern).success).toBe(true);
  });

  it('still refuses a pattern that is not shipped: a shipped pattern with a lookbehind added', () => {
    const shipped = DEFAULT_CLAIMS.flatMap((c) => c.patterns ?? [])[0];
    expect(regexSource.safeParse(`(?<!not )${shipped}`).success).toBe(false);
  });
});
