import { describe, expect, it } from 'vitest';
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
});
