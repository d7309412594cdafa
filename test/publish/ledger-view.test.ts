import { describe, expect, it } from 'vitest';
import { writeCommit } from '../../src/git/plumbing.js';
import { pushCommit } from '../../src/git/repo.js';
import { serializeFreezes, serializeLedgerFile } from '../../src/publish/ledger.js';
import { readLedgerView } from '../../src/publish/ledger-view.js';
import { git, tempDir, writeFiles } from '../support/git.js';
import { calendarFiles, calendarRepo, configYaml, load } from './calendar.js';
import { entry, T } from './fixtures.js';

const author = { name: 'socialcal', email: 'socialcal@localhost' };
const CONFIG = configYaml({ bsky: 'platform: bluesky\nhandle: a.test' });
const file = (id: string, state: 'published' | 'failed') =>
  serializeLedgerFile({ post: id, accounts: { bsky: { ...entry(state), items: [{ handle: 'h', id: `at://${id}`, url: `https://bsky.app/${id}` }] } } });

describe('readLedgerView', () => {
  it('is undefined without git, and without a ledger branch', async () => {
    const plain = tempDir();
    writeFiles(plain, calendarFiles(CONFIG, []));
    expect(await readLedgerView(load(plain).calendar)).toBeUndefined();
    const repo = calendarRepo(CONFIG, []);
    expect(await readLedgerView(load(repo.work).calendar)).toBeUndefined();
  });

  it('reads states, links and freezes from the remote-tracking ref before the local branch', async () => {
    const repo = calendarRepo(CONFIG, []);
    const local = await writeCommit(repo.work, { write: new Map([['published/a.yaml', file('a', 'failed')]]), message: 'old', author, when: T('2027-01-01T00:00:00Z') });
    git(repo.work, 'update-ref', 'refs/heads/socialcal-ledger', local);
    const { calendar } = load(repo.work);
    expect((await readLedgerView(calendar))!.status('a', 'bsky')).toMatchObject({ state: 'failed' });

    const remote = await writeCommit(repo.work, {
      write: new Map([['published/a.yaml', file('a', 'published')], ['freeze.yaml', serializeFreezes([{ reason: 'incident', at: T('2027-01-02T00:00:00Z'), by: 'dana' }])]]),
      message: 'new',
      author,
      when: T('2027-01-02T00:00:00Z'),
    });
    await pushCommit(repo.work, 'origin', remote, 'socialcal-ledger');
    const view = (await readLedgerView(calendar))!;
    expect(view.status('a', 'bsky')).toEqual({ state: 'published', at: T('2026-03-01T09:00:00Z'), url: 'https://bsky.app/a' });
    expect(view.status('a', 'other')).toBeUndefined();
    expect(view.status('nope', 'bsky')).toBeUndefined();
    expect(view.freezes).toEqual([{ reason: 'incident', at: T('2027-01-02T00:00:00Z'), by: 'dana' }]);
  });

  it('reads thousands of ledger files', async () => {
    const repo = calendarRepo(CONFIG, []);
    const write = new Map<string, string>();
    for (let i = 0; i < 5000; i++) write.set(`published/post-${i}.yaml`, file(`post-${i}`, i % 2 ? 'published' : 'failed'));
    const sha = await writeCommit(repo.work, { write, message: 'many', author, when: T('2027-01-01T00:00:00Z') });
    git(repo.work, 'update-ref', 'refs/heads/socialcal-ledger', sha);
    const { calendar } = load(repo.work);
    const view = (await readLedgerView(calendar))!;
    const states = Array.from({ length: 5000 }, (_, i) => view.status(`post-${i}`, 'bsky')!.state);
    expect(states.filter((s) => s === 'published')).toHaveLength(2500);
  });
});
