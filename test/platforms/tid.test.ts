import { TID } from '@atproto/common-web';
import { isValidTid } from '@atproto/syntax';
import { describe, expect, it } from 'vitest';
import { nextTid, tidFrom } from '../../src/platforms/tid.js';

describe('TIDs', () => {
  it('encode like the reference implementation', () => {
    for (const [micros, clock] of [[1_600_000_000_000_000, 0], [1_700_000_000_123_456, 7], [1_800_000_000_000_001, 1023]]) {
      expect(tidFrom(micros, clock)).toBe(TID.fromTime(micros, clock).toString());
    }
  });

  it('are valid record keys, strictly increasing even within one millisecond', () => {
    const now = Date.now();
    const tids = Array.from({ length: 50 }, () => nextTid(now));
    for (const tid of tids) expect(isValidTid(tid)).toBe(true);
    expect([...tids].sort()).toEqual(tids);
    expect(new Set(tids).size).toBe(tids.length);
  });
});
