import { describe, expect, it } from 'vitest';
import { kindOfStatus, quotaWait, retryAfter } from '../../src/platforms/http.js';

const now = Date.parse('2026-11-25T12:00:00Z');
const h = (init: Record<string, string>) => new Headers(init);

describe('retryAfter', () => {
  it.each([
    ['Retry-After seconds', h({ 'retry-after': '120' }), undefined, 120_000],
    ['Retry-After HTTP date', h({ 'retry-after': 'Wed, 25 Nov 2026 12:01:00 GMT' }), undefined, 60_000],
    ['RateLimit-Reset epoch seconds (Bluesky)', h({ 'ratelimit-reset': String(now / 1000 + 300) }), undefined, 300_000],
    ['X-RateLimit-Reset ISO time (Mastodon)', h({ 'x-ratelimit-reset': '2026-11-25T12:05:00.000Z' }), undefined, 300_000],
    ['x-rate-limit-reset epoch seconds (X)', h({ 'x-rate-limit-reset': String(now / 1000 + 900) }), undefined, 900_000],
    ['Discord JSON retry_after', h({}), { retry_after: 1.25 }, 1250],
    ['Telegram parameters.retry_after', h({}), { parameters: { retry_after: 7 } }, 7000],
    ['a reset in the past is 0', h({ 'x-ratelimit-reset': '2026-11-25T11:00:00Z' }), undefined, 0],
    ['nothing to go by', h({}), undefined, undefined],
    ['garbage', h({ 'x-ratelimit-reset': 'soon' }), undefined, undefined],
  ])('%s', (_name, headers, json, expected) => {
    expect(retryAfter(headers, json, now)).toBe(expected);
  });
});

describe('quotaWait', () => {
  it.each([
    ['Bluesky: 0 left, reset in 5 min', h({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(now / 1000 + 300) }), 300_000],
    ['Mastodon: 0 left, ISO reset', h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-11-25T12:01:00.000Z' }), 60_000],
    ['X: 0 left, epoch reset', h({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 900) }), 900_000],
    ['requests left: no wait', h({ 'x-rate-limit-remaining': '12', 'x-rate-limit-reset': String(now / 1000 + 900) }), undefined],
    ['0 left but no reset given: no guess', h({ 'ratelimit-remaining': '0' }), undefined],
    ['no quota headers', h({}), undefined],
  ])('%s', (_name, headers, expected) => {
    expect(quotaWait(headers, now)).toBe(expected);
  });
});

describe('kindOfStatus', () => {
  it.each([
    [429, 'rate-limit'],
    [401, 'auth'],
    [403, 'auth'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [408, 'transient'],
    [400, 'invalid'],
    [422, 'invalid'],
  ])('%d → %s', (status, kind) => {
    expect(kindOfStatus(status)).toBe(kind);
  });
});
