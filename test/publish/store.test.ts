import { describe, expect, it } from 'vitest';
import { LedgerStore, readSnapshot } from '../../src/publish/store.js';
import { writeCommit } from '../../src/git/plumbing.js';
import { LEDGER_ID_FILE } from '../../src/publish/ledger.js';
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

  it('sync reads tip, marker, freezes, ledger id and (asked) every ledger file together, the same as reading each on its own', async () => {
    const { work } = repoWithRemote({ 'README.md': 'calendar\n' });
    const opts = { now: () => new Date('2027-01-20T12:00:00Z'), sleep: async () => undefined };
    // A ledger another clone wrote (plain git, so nothing of it is known in this process).
    const files = new Map(Array.from({ length: 30 }, (_, i) => [`published/p${i}.yaml`, ledgerText(`p${i}`, i % 2 ? 'published' : 'claimed')] as const));
    const when = new Date('2027-01-20T11:00:00Z');
    const first = await writeCommit(work, { write: new Map([[LEDGER_ID_FILE, 'feedc0de00000001\n']]), message: 'id', author, when });
    const tip = await writeCommit(work, { parent: first, write: new Map([...files, ['freeze.yaml', 'freezes:\n  - reason: crisis\n    at: 2027-01-20T12:00:00.000Z\n'], ['metrics/posts/a.yaml', 'post: a\n']]), message: 'one', author, when });
    const other = await writeCommit(work, { write: new Map([[LEDGER_ID_FILE, 'feedc0de00000002\n']]), message: 'another ledger', author, when });
    git(work, 'push', '--quiet', 'origin', `${tip}:refs/heads/socialcal-ledger`, `${first}:refs/socialcal/ledger`);

    const store = await LedgerStore.open({ cwd: work, branch: 'socialcal-ledger', remote: 'origin' }, author);
    const synced = await store.sync({ allTexts: true });
    const general = await readSnapshot(work, 'refs/remotes/origin/socialcal-ledger');
    await general.fetchTexts();
    expect(synced.tip).toBe(tip);
    expect(synced.ledgerId).toBe('feedc0de00000001');
    expect(synced.ledgerId).toBe(general.ledgerId);
    expect(synced.freezes).toEqual(general.freezes);
    expect(synced.freezes).toHaveLength(1);
    expect([...synced.blobs].sort()).toEqual([...general.blobs].sort());
    expect([...synced.others]).toEqual([...general.others]);
    for (let i = 0; i < 30; i++) expect(synced.file(`p${i}`)).toEqual(general.file(`p${i}`));
    // The marker's ledger id, read in the same pass, matches: the write goes through.
    await store.update(async () => ({ change: { write: new Map([['published/p0.yaml', ledgerText('p0', 'published')]]), message: 'two' }, result: undefined }), opts);
    expect(git(work, 'log', '--format=%s', 'refs/remotes/origin/socialcal-ledger')).toBe('two\none\nid');

    // A marker from another ledger: the same pass reads its id, and the store refuses to write.
    git(work, 'push', '--quiet', '--force', 'origin', `${other}:refs/socialcal/ledger`);
    const wary = await LedgerStore.open({ cwd: work, branch: 'socialcal-ledger', remote: 'origin' }, author);
    await wary.sync();
    await expect(wary.update(async () => ({ change: { write: new Map([['published/p1.yaml', ledgerText('p1', 'claimed')]]), message: 'three' }, result: undefined }), opts)).rejects.toMatchObject({ name: 'LedgerReplacedError' });
  });
});
