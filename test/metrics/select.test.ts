import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import type { AccountEntry, LedgerFile } from '../../src/publish/ledger.js';
import type { PostMetrics } from '../../src/metrics/model.js';
import { metricsKey, selectWork } from '../../src/metrics/select.js';

const DAY = 86_400_000;
const NOW = new Date('2027-03-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const account = (name: string, platform: Account['platform']): Account => ({ name, platform, credentials: {}, settings: {} });
const accounts = { bsky: account('bsky', 'bluesky'), masto: account('masto', 'mastodon'), hook: account('hook', 'discord') };

function entry(publishedAt: Date, ids: string[], state: AccountEntry['state'] = 'published'): AccountEntry {
  return { state, run: 'r', claimedAt: publishedAt, updatedAt: publishedAt, publishedAt, attempts: 1, items: ids.map((id) => ({ handle: `h-${id}`, id, at: publishedAt })) };
}
const file = (post: string, accs: Record<string, AccountEntry>): LedgerFile => ({ post, accounts: accs });
const metrics = (postId: string, acc: string, snapshots: PostMetrics['snapshots'], item = 0): PostMetrics => ({ postId, account: acc, platform: 'bluesky', item, publishedAt: '2027-01-01T00:00:00Z', snapshots });

describe('which published items a pull reads', () => {
  const ledger = new Map([
    ['new', file('new', { bsky: entry(ago(2 * 3_600_000), ['b1', 'b2']), hook: entry(ago(2 * 3_600_000), ['d1']) })],
    ['old', file('old', { bsky: entry(ago(40 * DAY), ['b3']), masto: entry(ago(40 * DAY), ['m3']) })],
    ['failed', file('failed', { bsky: entry(ago(DAY), [], 'failed') })],
    ['gone-account', file('gone-account', { removed: entry(ago(DAY), ['r1']) })],
  ]);
  const settled = metrics('old', 'bsky', [{ age: '30d', at: ago(10 * DAY).toISOString(), counts: {} }]);

  it('reads published items, skips settled ones, webhooks and accounts no longer configured, and says why', () => {
    const work = selectWork({ ledger, history: new Map([[metricsKey('old', 'bsky', 0), settled]]), accounts, now: NOW });
    expect(work.map((w) => [w.account, w.skipped, w.items.map((i) => `${i.postId}/${i.item}`)])).toEqual([
      ['bsky', undefined, ['new/0', 'new/1']],
      ['hook', 'discord gives no engagement counts', []],
      // Never read, 40 days old: due its 30d snapshot.
      ['masto', undefined, ['old/0']],
      ['removed', 'not in socialcal.yaml any more', []],
    ]);
    const [first, second] = work[0].items;
    expect(first).toMatchObject({ posted: { id: 'b1' }, fills: true, ownReplies: 1 });
    expect(second).toMatchObject({ posted: { id: 'b2' }, fills: true, ownReplies: 0 });
  });

  it('--since re-reads settled posts published since then and leaves older ones out', () => {
    const history = new Map([[metricsKey('old', 'bsky', 0), settled]]);
    const all = selectWork({ ledger, history, accounts, now: NOW, since: ago(60 * DAY), only: ['bsky'] });
    expect(all.map((w) => w.items.map((i) => i.postId))).toEqual([['new', 'new', 'old']]);
    const recent = selectWork({ ledger, history, accounts, now: NOW, since: ago(7 * DAY), only: ['bsky'] });
    expect(recent.map((w) => w.items.map((i) => i.postId))).toEqual([['new', 'new']]);
  });

  it('skips an item read within the hour unless a fixed age is due, and reads due ages first', () => {
    const readRecently = metrics('new', 'bsky', [
      { age: '1h', at: ago(30 * 60_000).toISOString(), counts: {} },
      { age: 'latest', at: ago(30 * 60_000).toISOString(), counts: {} },
    ]);
    const staleLatest = metrics('new', 'bsky', [
      { age: '1h', at: ago(90 * 60_000).toISOString(), counts: {} },
      { age: 'latest', at: ago(90 * 60_000).toISOString(), counts: {} },
    ], 1);
    const history = new Map([
      [metricsKey('new', 'bsky', 0), readRecently],
      [metricsKey('new', 'bsky', 1), staleLatest],
    ]);
    const work = selectWork({ ledger, history, accounts, now: NOW, only: ['bsky', 'masto'] });
    // new/0 was read half an hour ago: skipped. The old post, due its 30d snapshot, comes first.
    expect(work.find((w) => w.account === 'bsky')!.items.map((i) => [i.postId, i.item, i.fills])).toEqual([
      ['old', 0, true],
      ['new', 1, false],
    ]);
    // A longer freshness window skips new/1 too; the due snapshot is read whatever the window.
    expect(selectWork({ ledger, history, accounts, now: NOW, only: ['bsky'], freshMs: 2 * 3_600_000 })[0].items.map((i) => i.postId)).toEqual(['old']);
  });
});
