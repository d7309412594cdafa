import { describe, expect, it } from 'vitest';
import { approvers, latestReviews } from '../../src/approvals/reviews.js';
import { review } from './fake-github.js';

describe('latestReviews', () => {
  const cases: [string, ReturnType<typeof review>[], string[]][] = [
    ['an approval counts', [review('dana', 'APPROVED', '2027-01-01T10:00:00Z')], ['dana']],
    ['a later comment does not take an approval back', [review('dana', 'APPROVED', '2027-01-01T10:00:00Z'), review('dana', 'COMMENTED', '2027-01-01T11:00:00Z')], ['dana']],
    ['a later change request does', [review('dana', 'APPROVED', '2027-01-01T10:00:00Z'), review('dana', 'CHANGES_REQUESTED', '2027-01-01T11:00:00Z')], []],
    ['an approval after a change request counts', [review('dana', 'CHANGES_REQUESTED', '2027-01-01T10:00:00Z'), review('dana', 'APPROVED', '2027-01-01T11:00:00Z')], ['dana']],
    ['a dismissed approval does not count', [review('dana', 'DISMISSED', '2027-01-01T10:00:00Z')], []],
    ['a comment after a dismissal does not bring the approval back', [review('dana', 'APPROVED', '2027-01-01T09:00:00Z'), review('dana', 'DISMISSED', '2027-01-01T10:00:00Z'), review('dana', 'COMMENTED', '2027-01-01T11:00:00Z')], []],
    ['a comment alone approves nothing', [review('lee', 'COMMENTED', '2027-01-01T10:00:00Z')], []],
    ['pending reviews are ignored', [review('lee', 'APPROVED', '2027-01-01T10:00:00Z'), { ...review('lee', 'PENDING', '2027-01-01T11:00:00Z'), submitted_at: null } as any], ['lee']],
    ['reviews arriving out of order are ordered by time', [review('dana', 'CHANGES_REQUESTED', '2027-01-02T10:00:00Z'), review('dana', 'APPROVED', '2027-01-01T10:00:00Z')], []],
    ['each reviewer separately, logins in any case', [review('Dana', 'APPROVED', '2027-01-01T10:00:00Z'), review('lee', 'APPROVED', '2027-01-01T10:00:00Z'), review('dana', 'COMMENTED', '2027-01-01T12:00:00Z')], ['Dana', 'lee']],
    ['a deleted user (user: null) is skipped', [{ ...review('ghost', 'APPROVED', '2027-01-01T10:00:00Z'), user: null }], []],
  ];
  it.each(cases)('%s', (_name, reviews, expected) => {
    expect(approvers(latestReviews(reviews))).toEqual(expected);
  });
});
