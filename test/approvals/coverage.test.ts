import { describe, expect, it } from 'vitest';
import { coverage, parseMember, teamsToLookUp } from '../../src/approvals/coverage.js';

const roles = { marketing: ['dana', '@acme/marketing'], legal: ['@lee'], brand: [] as string[] };

describe('role coverage', () => {
  it('reads users and @org/team teams from the config', () => {
    expect(['dana', '@lee', '@acme/marketing', 'acme/legal'].map(parseMember)).toEqual([
      { kind: 'user', name: 'dana' },
      { kind: 'user', name: 'lee' },
      { kind: 'team', name: 'acme/marketing' },
      { kind: 'team', name: 'acme/legal' },
    ]);
  });

  it('covers a role by a listed user or a team member, case-insensitively', () => {
    const needed = new Map([
      ['legal', ['roi-post']],
      ['marketing', ['testimonial']],
    ]);
    const result = coverage(needed, roles, ['LEE', 'sam'], new Map([['acme/marketing', ['sam', 'kim']]]));
    expect(result.covered.map((c) => [c.role, c.by])).toEqual([
      ['legal', ['LEE']],
      ['marketing', ['sam']],
    ]);
    expect(result.missing).toEqual([]);
  });

  it('lists what is missing, with the posts that need it and who could approve', () => {
    const needed = new Map([
      ['legal', ['roi-post']],
      ['brand', ['logo-post']],
      ['unknown-role', ['x']],
    ]);
    const result = coverage(needed, roles, ['dana'], new Map());
    expect(result.covered).toEqual([]);
    expect(result.missing).toEqual([
      { role: 'brand', posts: ['logo-post'], by: [], members: [] },
      { role: 'legal', posts: ['roi-post'], by: [], members: ['lee'] },
      { role: 'unknown-role', posts: ['x'], by: [], members: [] },
    ]);
  });

  it('looks teams up only for roles no approving user covers already', () => {
    expect(teamsToLookUp(['marketing'], roles, ['dana'])).toEqual([]);
    expect(teamsToLookUp(['marketing', 'legal'], roles, ['sam'])).toEqual(['acme/marketing']);
  });
});
