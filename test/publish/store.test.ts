import { describe, expect, it } from 'vitest';
import { LedgerStore, readSnapshot } from '../../src/publish/store.js';
import { git, repoWithRemote } from '../support/git.js';

// After its own push the store knows the new ledger without asking git; it must be exactly
// what git would answer.

const author = { name: 'socialcal test', email: 'test@localhost' };
const ledgerText = (id: string, state: string) => `post: ${id}\naccounts:\n  bsky:\n    state: ${state}\n`;

describe('ledger store', () => {
  it('carries its own commit forward exactly as git reads it back', async () => {
    const { work } = repoWithRemote({ 'README.md': 'calendar\n' });
    const store = await LedgerStore.open({ cwd: work, branch: 'socialcal-ledger', remote: 'origin' }, author);
    const opts = { now: () => new Date('2027-01-20T12:00:00Z'), sleep: async () => undefined };

    await store.update(async () => ({
      change: { write: new Map([['published/a.yaml', ledgerText('a', 'claimed')], ['published/b.yaml', ledgerText('b', 'claimed')]]), message: 'claim' },
      result: undefined,
    }), opts);
    let carried: Awaited<ReturnType<typeof readSnapshot>> | undefined;
    await store.update(async (snapshot) => {
      carried = snapshot;
      return {
        change: { write: new Map([['published/a.yaml', ledgerText('a', 'published')], ['freeze.yaml', 'freezes:\n  - reason: crisis\n    at: 2027-01-20T12:00:00.000Z\n'], ['metrics/posts/a.yaml', 'post: a\n']]), remove: ['published/b.yaml'], message: 'record' },
        result: undefined,
      };
    }, opts);

    const tip = git(work, 'rev-parse', 'refs/remotes/origin/socialcal-ledger');
    const fromGit = await readSnapshot(work, 'refs/remotes/origin/socialcal-ledger');
    expect(fromGit.tip).toBe(tip);
    // The snapshot the second update was given came from the first commit, not from git.
    const firstCommit = git(work, 'rev-parse', 'refs/remotes/origin/socialcal-ledger~1');
    expect(carried!.tip).toBe(firstCommit);
    const atFirst = await readSnapshot(work, firstCommit);
    expect([...carried!.blobs.entries()].sort()).toEqual([...atFirst.blobs.entries()].sort());

    // And a store's carry-over of the second commit matches git too, freezes included.
    const after = carried!.after(tip, {
      write: new Map([['published/a.yaml', ledgerText('a', 'published')], ['freeze.yaml', 'freezes:\n  - reason: crisis\n    at: 2027-01-20T12:00:00.000Z\n'], ['metrics/posts/a.yaml', 'post: a\n']]),
      remove: ['published/b.yaml'],
      message: 'record',
    });
    expect([...after.blobs.entries()].sort()).toEqual([...fromGit.blobs.entries()].sort());
    expect(after.freezes).toEqual(fromGit.freezes);
    // Files of other commands (metrics, inbox) are carried too, and read back by path.
    expect([...after.others.entries()].sort()).toEqual([...fromGit.others.entries()].sort());
    expect([...fromGit.others.keys()]).toEqual(['metrics/posts/a.yaml']);
    expect(await fromGit.readFiles(['metrics/posts/a.yaml', 'metrics/posts/missing.yaml'])).toEqual(new Map([['metrics/posts/a.yaml', 'post: a\n']]));
    expect(after.freezes[0].reason).toBe('crisis');
    await fromGit.fetchTexts();
    expect(fromGit.file('a')?.accounts.bsky.state).toBe('published');
  });
});
