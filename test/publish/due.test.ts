import { describe, expect, it } from 'vitest';
import type { Freeze } from '../../src/calendar/model.js';
import { selectDue, type DueInput } from '../../src/publish/due.js';
import type { LedgerFile } from '../../src/publish/ledger.js';
import { blackout, entry, post, T } from './fixtures.js';

const NOW = '2026-03-01T12:00:00Z';
const HOUR = 3_600_000;

function input(extra: Partial<DueInput> = {}): DueInput {
  return {
    posts: [],
    now: T(NOW),
    clock: T(NOW),
    graceMs: 6 * HOUR,
    staleAfterMs: 30 * 60_000,
    ledger: new Map(),
    freezes: [],
    blackouts: [],
    blocked: new Map(),
    known: new Set(['bsky', 'masto']),
    ...extra,
  };
}

const ledger = (id: string, accounts: LedgerFile['accounts']) => new Map([[id, { post: id, accounts }]]);
const kinds = (i: DueInput) => selectDue(i).map((a) => `${a.post.id}/${a.account}:${a.kind}`);
const freeze = (reason: string, tags?: string[]): Freeze => ({ reason, at: T(NOW), ...(tags ? { tags } : {}) });

describe('selectDue', () => {
  const cases: [string, Partial<DueInput>, string[]][] = [
    ['a post due now goes to every account', { posts: [post('a', '2026-03-01T12:00:00Z')] }, ['a/bsky:post', 'a/masto:post']],
    ['a future post waits', { posts: [post('a', '2026-03-01T12:00:01Z')] }, []],
    ['late but within grace still goes', { posts: [post('a', '2026-03-01T06:00:00Z', { channels: ['bsky'] })] }, ['a/bsky:post']],
    ['past grace is missed', { posts: [post('a', '2026-03-01T05:59:59Z', { channels: ['bsky'] })] }, ['a/bsky:missed']],
    ['drafts and ideas never go', { posts: [post('a', NOW, { status: 'draft' }), post('b', NOW, { status: 'idea' })] }, []],
    ['history beyond grace + 7 days is ignored', { posts: [post('a', '2026-02-20T00:00:00Z')] }, []],
    ['--accounts limits the run', { posts: [post('a', NOW)], accounts: ['masto'] }, ['a/masto:post']],
    ['channels not in the config are skipped', { posts: [post('a', NOW, { channels: ['bsky', 'nope'] })] }, ['a/bsky:post']],
    ['already published is done', { posts: [post('a', NOW)], ledger: ledger('a', { bsky: entry('published') }) }, ['a/masto:post']],
    ['missed stays missed', { posts: [post('a', NOW, { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('missed') }) }, []],
    ['failed is tried again within grace', { posts: [post('a', NOW, { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('failed') }) }, ['a/bsky:post']],
    ['failed past grace becomes missed', { posts: [post('a', '2026-03-01T05:00:00Z', { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('failed') }) }, ['a/bsky:missed']],
    ['resolve=retry reopens the window', { posts: [post('a', '2026-03-01T05:00:00Z', { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('failed', { retryUntil: T('2026-03-01T13:00:00Z') }) }) }, ['a/bsky:post']],
    ['unknown waits for a person', { posts: [post('a', NOW, { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('unknown') }) }, ['a/bsky:unknown']],
    ['a fresh claim by another run is busy', { posts: [post('a', NOW, { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('claimed', { claimedAt: T('2026-03-01T11:50:00Z') }) }) }, ['a/bsky:busy']],
    ['a stale claim is reconciled', { posts: [post('a', NOW, { channels: ['bsky'] })], ledger: ledger('a', { bsky: entry('claimed', { claimedAt: T('2026-03-01T11:30:00Z') }) }) }, ['a/bsky:reconcile']],
    ['a freeze holds everything', { posts: [post('a', NOW, { channels: ['bsky'] })], freezes: [freeze('incident')] }, ['a/bsky:held']],
    ['a tag freeze holds only tagged posts', { posts: [post('a', NOW, { channels: ['bsky'], tags: ['promotional'] }), post('b', NOW, { channels: ['bsky'] })], freezes: [freeze('quiet', ['promotional'])] }, ['a/bsky:held', 'b/bsky:post']],
    ['a frozen post past grace is missed', { posts: [post('a', '2026-03-01T05:00:00Z', { channels: ['bsky'] })], freezes: [freeze('incident')] }, ['a/bsky:missed']],
    ['a blackout holds matching tags and accounts', { posts: [post('a', NOW, { tags: ['promotional'] }), post('b', NOW)], blackouts: [blackout('earnings', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', { tags: ['promotional'], accounts: ['bsky'] })] }, ['a/bsky:held', 'a/masto:post', 'b/bsky:post', 'b/masto:post']],
    ['a blackout over the present holds a late post', { posts: [post('a', '2026-03-01T10:00:00Z', { channels: ['bsky'] })], blackouts: [blackout('now', '2026-03-01T11:00:00Z', '2026-03-01T13:00:00Z')] }, ['a/bsky:held']],
    ['an ended blackout holds nothing', { posts: [post('a', NOW, { channels: ['bsky'] })], blackouts: [blackout('old', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z')] }, ['a/bsky:post']],
    ['errors in a post\'s file hold it', { posts: [post('a', NOW, { channels: ['bsky'] })], blocked: new Map([['a', 'posts/a.yaml:3:1: too long']]) }, ['a/bsky:held']],
  ];
  it.each(cases)('%s', (_name, extra, expected) => {
    expect(kinds(input(extra))).toEqual(expected);
  });

  it('says why a pair is held or missed', () => {
    const [held] = selectDue(input({ posts: [post('a', NOW, { channels: ['bsky'], tags: ['promotional'] })], freezes: [freeze('earnings call', ['promotional'])] }));
    expect(held).toMatchObject({ kind: 'held', reason: 'publishing is frozen for tag promotional: earnings call' });
    const [missed] = selectDue(input({ posts: [post('a', '2026-03-01T01:00:00Z', { channels: ['bsky'] })] }));
    expect(missed).toMatchObject({ kind: 'missed', reason: 'not published within the grace period (360 min) after 2026-03-01T01:00:00.000Z' });
  });

  it('lets a stale claim be reconciled but not re-posted while frozen or past grace', () => {
    const stale = entry('claimed', { claimedAt: T('2026-03-01T00:00:00Z') });
    const [frozen] = selectDue(input({ posts: [post('a', NOW, { channels: ['bsky'] })], ledger: ledger('a', { bsky: stale }), freezes: [freeze('stop')] }));
    expect(frozen).toMatchObject({ kind: 'reconcile', mayPost: false, hold: 'publishing is frozen: stop' });
    const [late] = selectDue(input({ posts: [post('a', '2026-03-01T05:00:00Z', { channels: ['bsky'] })], ledger: ledger('a', { bsky: stale }) }));
    expect(late).toMatchObject({ kind: 'reconcile', mayPost: false });
  });
});
