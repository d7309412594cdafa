// A staggered post: each (post, account) pair is due at its own time. Real git (a bare remote,
// clones) and in-memory platforms, as in runner.test.ts.
import { describe, expect, it } from 'vitest';
import { selectDue } from '../../src/publish/due.js';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { showFile } from '../support/git.js';
import { calendarRepo, configYaml, load } from './calendar.js';
import { T, blackout, post } from './fixtures.js';
import { MemoryPlatform } from './memory-adapter.js';

const ACCOUNTS = {
  bsky: 'platform: bluesky\nhandle: acme.test',
  masto: 'platform: mastodon\nhandle: "@acme@social.test"\nserver: https://social.test',
};
const AT = new Date('2027-01-20T11:00:00Z');
const after = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);
const noSleep = async () => undefined;

function options(platform: MemoryPlatform, now: Date, extra: Partial<PublishOptions> = {}): PublishOptions {
  return { now, clock: () => now, sleep: noSleep, adapterFor: async (a) => platform.adapter(a.name, a.platform), env: {}, ...extra };
}
const staggered = (extra = 'stagger: 45m', config = '') =>
  calendarRepo(configYaml(ACCOUNTS, config), [{ id: 'spread', at: '2027-01-20 11:00', channels: ['bsky', 'masto'], extra }]);
const states = (pairs: { account: string; state: string }[]) => pairs.map((p) => `${p.account}:${p.state}`);

describe('publishing a staggered post', () => {
  it('at T only the first channel goes out; at T+45m the second; then nothing', async () => {
    const repo = staggered();
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);

    const first = await publish(calendar, problems, options(platform, after(0)));
    expect(states(first.pairs)).toEqual(['bsky:published']);
    expect(platform.sent.map((s) => s.account)).toEqual(['bsky']);

    const early = await publish(calendar, problems, options(platform, after(44)));
    expect(early.pairs).toEqual([]);
    expect(early.nothingDue?.at(-1)).toBe('next ready post: spread at 2027-01-20T11:45:00.000Z (masto)');

    const second = await publish(calendar, problems, options(platform, after(45)));
    expect(second.pairs).toMatchObject([{ account: 'masto', state: 'published', at: '2027-01-20T11:45:00.000Z' }]);
    expect(platform.sent.map((s) => s.account)).toEqual(['bsky', 'masto']);

    expect((await publish(calendar, problems, options(platform, after(60)))).pairs).toEqual([]);
    const file = parseLedgerFile(showFile(repo.remote, 'socialcal-ledger', 'published/spread.yaml'), 'spread');
    expect([file.accounts.bsky.state, file.accounts.masto.state]).toEqual(['published', 'published']);
  });

  it('a run that dies while posting the second channel posts neither channel twice', async () => {
    const repo = staggered();
    const platform = new MemoryPlatform();
    const first = load(repo.clone());
    await publish(first.calendar, first.problems, options(platform, after(0)));
    // The T+45m run hangs after the platform accepted masto: killed before it could record it.
    platform.accountCues.set('masto', [{ hang: true }]);
    const dead = load(repo.clone());
    void publish(dead.calendar, dead.problems, options(platform, after(45)));
    await waitFor(() => platform.sent.length === 2);

    const next = load(repo.clone());
    const later = await publish(next.calendar, next.problems, options(platform, after(45 + 31)));
    expect(later.pairs.map((p) => [p.account, p.action, p.state])).toEqual([['masto', 'reconcile', 'published']]);
    expect(platform.sent.map((s) => s.account)).toEqual(['bsky', 'masto']);
  });

  it('--dry-run shows the pairs due at that moment, each with its own time', async () => {
    const repo = staggered('stagger: { masto: 0m, bsky: 2h }');
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const atT = await publish(calendar, problems, options(platform, after(1), { dryRun: true }));
    expect(atT.pairs).toMatchObject([{ account: 'masto', state: 'due', at: '2027-01-20T11:00:00.000Z' }]);
    const later = await publish(calendar, problems, options(platform, after(121), { dryRun: true }));
    expect(later.pairs.map((p) => [p.account, p.at])).toEqual([
      ['bsky', '2027-01-20T13:00:00.000Z'],
      ['masto', '2027-01-20T11:00:00.000Z'],
    ]);
    expect(platform.sent).toEqual([]);
  });

  it('the grace period runs from each channel\'s own time', async () => {
    const repo = staggered('stagger: 45m', 'publish: { grace: 30m }\n');
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, after(50)));
    expect(states(report.pairs)).toEqual(['bsky:missed', 'masto:published']);
    expect(report.pairs[0].reason).toContain('after 2027-01-20T11:00:00.000Z');
  });

  it('a stagger with an error holds the post instead of publishing it unstaggered', async () => {
    const repo = staggered('stagger: 45');
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, after(60)));
    expect(states(report.pairs)).toEqual(['bsky:held', 'masto:held']);
    expect(report.pairs[0].reason).toContain('has no unit');
    expect(platform.sent).toEqual([]);
  });
});

describe('due selection with a stagger', () => {
  const base = { clock: T('2027-01-20T12:00:00Z'), graceMs: 6 * 3_600_000, staleAfterMs: 1_800_000, ledger: new Map(), freezes: [], blackouts: [], blocked: new Map(), known: new Set(['bsky', 'masto']) };
  const spread = post('spread', '2027-01-20T11:00:00Z', { stagger: { offsets: { bsky: 0, masto: 45 * 60_000 }, written: '45m' } });

  it('a blackout holds only the channel whose time falls inside it', () => {
    const actions = selectDue({ ...base, posts: [spread], now: T('2027-01-20T11:50:00Z'), blackouts: [blackout('Keynote', '2027-01-20T11:30:00Z', '2027-01-20T11:40:00Z')] });
    expect(actions.map((a) => `${a.account}:${a.kind}`)).toEqual(['bsky:post', 'masto:post']);
    const inside = selectDue({ ...base, posts: [spread], now: T('2027-01-20T12:10:00Z'), blackouts: [blackout('Keynote', '2027-01-20T11:40:00Z', '2027-01-20T11:50:00Z')] });
    expect(inside.map((a) => `${a.account}:${a.kind}`)).toEqual(['bsky:post', 'masto:held']);
  });

  it('a channel staggered past the history window of the post\'s own time is still found', () => {
    const late = post('late', '2027-01-01T11:00:00Z', { stagger: { offsets: { bsky: 0, masto: 20 * 3_600_000 }, written: { masto: '20h' } } });
    const now = new Date(late.at.getTime() + 6 * 3_600_000 + 7 * 86_400_000 + 3_600_000);
    expect(selectDue({ ...base, posts: [late], now }).map((a) => `${a.account}:${a.kind}`)).toEqual(['masto:missed']);
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
