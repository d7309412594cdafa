import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/platforms/types.js';
import { mayHaveBeenAccepted, nextStep, type RetryPolicy } from '../../src/publish/retry.js';

const policy: RetryPolicy = { attempts: 4, baseMs: 100, capMs: 400, maxWaitMs: 5_000 };
const err = (kind: PlatformError['kind'], opts: { status?: number; retryAfterMs?: number } = {}) => new PlatformError(kind, `${kind} error`, opts);

describe('nextStep', () => {
  it('honours a rate limit\'s retry-after', () => {
    expect(nextStep(err('rate-limit', { status: 429, retryAfterMs: 1234 }), 1, policy)).toEqual({ retry: true, delayMs: 1234 });
  });

  it('leaves a rate limit longer than the longest wait to the next run', () => {
    expect(nextStep(err('rate-limit', { status: 429, retryAfterMs: 60_000 }), 1, policy)).toEqual({ retry: false, why: 'the platform asked to wait 60 s; the next run will try again' });
  });

  it('backs off exponentially with jitter, capped', () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3].map((a) => nextStep(err('transient', { status: 503 }), a, policy, low))).toEqual([
      { retry: true, delayMs: 50 },
      { retry: true, delayMs: 100 },
      { retry: true, delayMs: 200 },
    ]);
    expect([1, 2, 3].map((a) => nextStep(err('transient', { status: 503 }), a, { ...policy, attempts: 9 }, high))).toEqual([
      { retry: true, delayMs: 100 },
      { retry: true, delayMs: 200 },
      { retry: true, delayMs: 400 },
    ]);
    expect(nextStep(err('transient'), 6, { ...policy, attempts: 9 }, high)).toEqual({ retry: true, delayMs: 400 });
  });

  it('gives up after the last attempt', () => {
    expect(nextStep(err('transient'), 4, policy)).toEqual({ retry: false, why: 'gave up after 4 attempts' });
  });

  it.each(['invalid', 'auth', 'config', 'duplicate'] as const)('never retries %s', (kind) => {
    expect(nextStep(err(kind), 1, policy)).toEqual({ retry: false, why: `${kind} errors are not retried` });
  });
});

describe('mayHaveBeenAccepted', () => {
  it.each([
    ['network failure (no status)', err('transient'), true],
    ['5xx', err('transient', { status: 502 }), true],
    ['a bug, not a platform error', new TypeError('x is undefined'), true],
    ['duplicate (the platform has it already)', err('duplicate', { status: 403 }), true],
    ['429', err('rate-limit', { status: 429 }), false],
    ['408 (nothing processed)', err('transient', { status: 408 }), false],
    ['4xx refusal', err('invalid', { status: 422 }), false],
    ['auth', err('auth', { status: 401 }), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(mayHaveBeenAccepted(error)).toBe(expected);
  });
});
