import { describe, expect, it } from 'vitest';
import { parseLedgerFile, serializeFreezes, parseFreezes, serializeLedgerFile, type LedgerFile } from '../../src/publish/ledger.js';
import { claim, failed, itemPosted, missed, nextItem, published, resolve, takeOver, unknown, withoutUnsentBeyond } from '../../src/publish/states.js';
import { entry, T } from './fixtures.js';

const AT = T('2026-03-01T12:00:00Z');
let n = 0;
const newHandle = () => `h${++n}`;

describe('state transitions', () => {
  it('claims with one handle per item, chosen before posting', () => {
    n = 0;
    const e = claim(undefined, { run: 'r1', at: AT, items: 3, newHandle });
    expect(e).toEqual({ state: 'claimed', run: 'r1', claimedAt: AT, updatedAt: AT, attempts: 0, items: [{ handle: 'h1' }, { handle: 'h2' }, { handle: 'h3' }] });
  });

  it('re-claiming a failed pair keeps posted items and unposted handles', () => {
    n = 10;
    const before = entry('failed', { attempts: 2, error: 'boom', items: [{ handle: 'a', id: 'x1' }, { handle: 'b' }] });
    const e = claim(before, { run: 'r2', at: AT, items: 3, newHandle });
    expect(e.items).toEqual([{ handle: 'a', id: 'x1' }, { handle: 'b' }, { handle: 'h11' }]);
    expect(e).toMatchObject({ state: 'claimed', run: 'r2', attempts: 2, error: 'boom' });
    expect(nextItem(e)).toBe(1);
  });

  it('keeps thread items removed from the calendar on record once they went out; unsent ones leave', () => {
    n = 20;
    const before = entry('failed', { error: 'held', items: [{ handle: 'a', id: 'x1' }, { handle: 'b', id: 'x2' }, { handle: 'c' }] });
    expect(claim(before, { run: 'r2', at: AT, items: 1, newHandle }).items).toEqual([{ handle: 'a', id: 'x1' }, { handle: 'b', id: 'x2' }]);
    expect(withoutUnsentBeyond(before, 1).items).toEqual([{ handle: 'a', id: 'x1' }, { handle: 'b', id: 'x2' }]);
    expect(withoutUnsentBeyond(before, 3).items).toHaveLength(3);
    expect(withoutUnsentBeyond({ ...before, items: [{ handle: 'a' }, { handle: 'b' }] }, 1).items).toEqual([{ handle: 'a' }]);
  });

  it('records each posted item and resumes after the last one', () => {
    let e = claim(undefined, { run: 'r1', at: AT, items: 2, newHandle });
    e = itemPosted(e, 0, { id: 'p1', url: 'https://x/1', ref: { uri: 'at://1', cid: 'c1' } }, AT);
    expect(nextItem(e)).toBe(1);
    e = itemPosted(e, 1, { id: 'p2' }, AT);
    expect(nextItem(e)).toBe(2);
    const done = published({ ...e, error: 'old' }, AT);
    expect(done).toMatchObject({ state: 'published', publishedAt: AT });
    expect(done.error).toBeUndefined();
    expect(done.items[0]).toEqual({ handle: e.items[0].handle, id: 'p1', url: 'https://x/1', ref: { uri: 'at://1', cid: 'c1' }, at: AT });
  });

  it('moves to failed, unknown and missed with the reason kept', () => {
    const e = claim(undefined, { run: 'r1', at: AT, items: 1, newHandle });
    expect(failed(e, 'invalid: too long', AT)).toMatchObject({ state: 'failed', error: 'invalid: too long' });
    expect(unknown(e, 'cannot ask', AT)).toMatchObject({ state: 'unknown', error: 'cannot ask' });
    expect(missed(undefined, 'too late', 'r1', AT)).toMatchObject({ state: 'missed', note: 'too late', items: [] });
  });

  it('takes over a stale claim keeping its handles', () => {
    const stale = entry('claimed', { items: [{ handle: 'keep' }] });
    n = 30;
    expect(takeOver(stale, { run: 'r9', at: AT, items: 1, newHandle })).toMatchObject({ state: 'claimed', run: 'r9', claimedAt: AT, items: [{ handle: 'keep' }] });
    // The thread grew since the claim: the new item gets a handle of its own.
    expect(takeOver(stale, { run: 'r9', at: AT, items: 2, newHandle }).items).toEqual([{ handle: 'keep' }, { handle: 'h31' }]);
  });

  it('resolves unknown as published, or as retry with fresh handles and a fresh window', () => {
    const u = entry('unknown', { items: [{ handle: 'used', id: 'p1' }, { handle: 'maybe-used' }] });
    expect(resolve(u, 'published', 'dana', AT, 3_600_000, newHandle)).toMatchObject({ state: 'published', note: 'marked published by dana' });
    n = 20;
    const r = resolve(u, 'retry', 'dana', AT, 3_600_000, newHandle);
    expect(r).toMatchObject({ state: 'failed', note: 'retry requested by dana', retryUntil: T('2026-03-01T13:00:00Z') });
    expect(r.items).toEqual([{ handle: 'used', id: 'p1' }, { handle: 'h21' }]);
  });
});

describe('ledger file format', () => {
  it('round-trips through readable YAML', () => {
    const file: LedgerFile = {
      post: 'launch',
      file: 'posts/launch.yaml',
      at: AT,
      accounts: {
        masto: { ...entry('failed'), error: 'invalid: HTTP 422 — too long' },
        bsky: { ...entry('published'), publishedAt: AT, items: [{ handle: '3k2', id: 'at://did/app.bsky.feed.post/3k2', url: 'https://bsky.app/x', ref: { uri: 'at://u', cid: 'bafy' }, at: AT }] },
      },
    };
    const text = serializeLedgerFile(file);
    expect(text).toContain('# Written by `socialcal publish`');
    expect(text.indexOf('bsky:')).toBeLessThan(text.indexOf('masto:'));
    expect(text).toContain('    state: published\n');
    expect(parseLedgerFile(text, 'x')).toEqual(file);
  });

  it('names the file and the field when it is damaged', () => {
    expect(() => parseLedgerFile('post: a\naccounts:\n  bsky:\n    state: sent\n', 'published/a.yaml')).toThrow(
      'ledger file published/a.yaml is damaged: accounts.bsky.state "sent" is not one of claimed, published, failed, missed, unknown',
    );
  });

  it('round-trips freezes', () => {
    const freezes = [{ reason: 'incident', at: AT, by: 'dana' }, { reason: 'quiet', tags: ['promotional'], at: AT }];
    expect(parseFreezes(serializeFreezes(freezes))).toEqual(freezes);
  });
});
