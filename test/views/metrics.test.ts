import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/metrics/pull.js';
import { metricsText } from '../../src/views/metrics.js';

describe('metrics report text', () => {
  it('shows each account, its errors, the snapshots added and when to run again', () => {
    const report: MetricsReport = {
      now: '2027-01-20T14:00:00.000Z',
      branch: 'socialcal-ledger',
      read: 41,
      written: 12,
      snapshots: { '1h': 3, '1d': 5, '7d': 0, '30d': 1 },
      ok: false,
      accounts: [
        { account: 'acme-bsky', platform: 'bluesky', state: 'done', wanted: 40, read: 39, gone: 1, calls: 3, followers: 1204, errors: [] },
        { account: 'acme-hook', platform: 'discord', state: 'skipped', wanted: 0, read: 0, gone: 0, calls: 0, note: 'discord gives no engagement counts', errors: [] },
        { account: 'acme-li', platform: 'linkedin', state: 'done', wanted: 2, read: 1, gone: 0, calls: 2, errors: [{ postId: 'launch', item: 0, message: 'LinkedIn: HTTP 400 — bad urn' }] },
        { account: 'x', platform: 'x', state: 'stopped', wanted: 10, read: 1, gone: 0, calls: 2, note: 'X (x): HTTP 429', resumeAfter: '2027-01-20T14:15:00Z', errors: [] },
      ],
    };
    expect(metricsText(report)).toBe(
      [
        '✓ acme-bsky  (bluesky) 39 of 40 items read in 3 calls, 1 gone (deleted on the platform), 1204 followers',
        '- acme-hook  (discord) skipped: discord gives no engagement counts',
        '✓ acme-li    (linkedin) 1 of 2 items read in 2 calls',
        '    ✗ launch: LinkedIn: HTTP 400 — bad urn',
        '… x          (x) 1 of 10 items read in 2 calls; stopped: X (x): HTTP 429 (the platform allows more after 2027-01-20T14:15:00Z)',
        '',
        '41 readings; new snapshots: 1h 3, 1d 5, 30d 1; 12 files written to socialcal-ledger',
        'Run again after 2027-01-20T14:15:00Z to read the rest: what was read is kept.',
        '',
      ].join('\n'),
    );
  });
});
