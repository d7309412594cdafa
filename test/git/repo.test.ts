import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plumbingEnv, readBlobs, readObjects, writeCommit } from '../../src/git/plumbing.js';
import { compareAndSwapRef, fetchBranch, isShallow, listFiles, pushCommit, repoInfo, repoRoot, resolveRef, resolveRefs, trackingRef } from '../../src/git/repo.js';
import { cloneRepo, commitFiles, git, repoWithRemote, showFile, tempDir } from '../support/git.js';

const author = { name: 'socialcal', email: 'socialcal@localhost' };
const when = new Date('2026-03-01T12:00:00Z');

describe('git layer', () => {
  it('finds the repository root, and nothing outside a repository', async () => {
    const { work } = repoWithRemote({ 'a/b.txt': 'x' });
    expect(await repoRoot(`${work}/a`)).toBe(work);
    expect(await repoRoot(tempDir())).toBeUndefined();
  });

  it('writes an orphan commit without touching the work tree or index, and pushes it', async () => {
    const { remote, work } = repoWithRemote({ 'socialcal.yaml': 'timezone: UTC\n' });
    const head = git(work, 'rev-parse', 'HEAD');
    const sha = await writeCommit(work, { write: new Map([['published/a.yaml', 'post: a\n']]), message: 'first', author, when });
    expect(git(work, 'rev-list', '--count', sha)).toBe('1');
    expect(git(work, 'log', '-1', '--format=%an <%ae> %at %s', sha)).toBe('socialcal <socialcal@localhost> 1772366400 first');
    expect(git(work, 'status', '--porcelain')).toBe('');
    expect(git(work, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(work, 'for-each-ref', '--format=%(refname)', 'refs/socialcal')).toBe('');

    expect(await pushCommit(work, 'origin', sha, 'ledger')).toBe('pushed');
    expect(showFile(remote, 'ledger', 'published/a.yaml')).toBe('post: a');
    expect(await resolveRef(work, trackingRef('origin', 'ledger'))).toBe(sha);
  });

  it('builds on a parent: changes and removals, other files kept', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const one = await writeCommit(work, { write: new Map([['published/a.yaml', 'a'], ['published/b.yaml', 'b'], ['freeze.yaml', 'f']]), message: '1', author, when });
    const two = await writeCommit(work, { parent: one, write: new Map([['published/c.yaml', 'c']]), remove: ['published/a.yaml'], message: '2', author, when });
    const files = await listFiles(work, two);
    expect(files.map((f) => f.path).sort()).toEqual(['freeze.yaml', 'published/b.yaml', 'published/c.yaml']);
    const blobs = await readBlobs(work, files.map((f) => f.sha));
    expect(files.map((f) => blobs.get(f.sha)).sort()).toEqual(['b', 'c', 'f']);
    expect((await listFiles(work, two, { dir: 'published' })).length).toBe(2);
  });

  it('writes a 200-file commit with the same id as git commit from an index (the malloc setting changes nothing but speed)', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const files = new Map(Array.from({ length: 200 }, (_, i) => [`ledger/posts/p${i}.yaml`, `accounts:\n  bsky:\n    state: published\n    n: ${i}\n`] as const));
    const sha = await writeCommit(work, { write: files, message: 'many\n', author, when });
    // The general way: blobs through hash-object, a temporary index, write-tree, commit-tree.
    const index = `${tempDir()}/index`;
    const env = { ...process.env, GIT_INDEX_FILE: index, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email, GIT_AUTHOR_DATE: '1772366400 +0000', GIT_COMMITTER_DATE: '1772366400 +0000' };
    const sh = (args: string[], input?: string) => execFileSync('git', args, { cwd: work, env, input, encoding: 'utf8' }).trim();
    const dir = tempDir();
    const paths = [...files].map(([, text], i) => (writeFileSync(`${dir}/${i}`, text), `${dir}/${i}`));
    const blobs = sh(['hash-object', '-w', '--stdin-paths'], paths.join('\n') + '\n').split('\n');
    const lines = [...files.keys()].map((path, i) => `100644 ${blobs[i]}\t${path}`);
    sh(['update-index', '--add', '--index-info'], lines.join('\n') + '\n');
    expect(sh(['commit-tree', sh(['write-tree']), '-m', 'many'])).toBe(sha);
  });

  it('repoInfo answers what repoRoot and isShallow answer, in one process', async () => {
    const { remote, work } = repoWithRemote({ 'a/b.txt': 'x' });
    commitFiles(work, { 'c.txt': 'c' }, 'second');
    git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    const shallow = cloneRepo(remote, { depth: 1 });
    for (const dir of [work, `${work}/a`, shallow]) {
      expect(await repoInfo(dir)).toEqual({ root: await repoRoot(dir), shallow: await isShallow(dir) });
    }
    expect((await repoInfo(shallow))?.shallow).toBe(true);
    expect(await repoInfo(tempDir())).toBeUndefined();
  });

  it('resolveRefs answers what resolveRef answers for each ref: exact names only, tags peeled, missing and non-commit refs left out', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const one = await writeCommit(work, { write: new Map([['f', '1']]), message: '1', author, when });
    git(work, 'update-ref', 'refs/socialcal/ledger', one);
    git(work, 'update-ref', 'refs/heads/ledger-2', one);
    git(work, 'tag', '-a', '-m', 'annotated', 'v1', one);
    git(work, 'tag', 'tree-tag', `${one}^{tree}`);
    const refs = ['refs/heads/main', 'refs/socialcal/ledger', 'refs/heads/ledger', 'refs/heads/nope', 'refs/tags/v1', 'refs/tags/tree-tag', 'refs/socialcal'];
    const general = new Map<string, string>();
    for (const ref of refs) {
      const sha = await resolveRef(work, ref);
      if (sha) general.set(ref, sha);
    }
    expect([...general.keys()].sort()).toEqual(['refs/heads/main', 'refs/socialcal/ledger', 'refs/tags/v1']);
    expect(await resolveRefs(work, refs)).toEqual(general);
    expect(await resolveRefs(work, [])).toEqual(new Map());
  });

  it('readObjects answers in the order asked, repeats and missing names included, as readBlobs reads each', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const files = new Map([['a.yaml', 'a: 1\n'], ['dir/with space.yaml', 'Grüße\n\n'], ['empty', ''], ['.ledger-id', 'abc\n']]);
    const commit = await writeCommit(work, { write: files, message: 'm', author, when });
    const entries = await listFiles(work, commit);
    const byPath = new Map(entries.map((e) => [e.path, e.sha]));
    const names = [byPath.get('dir/with space.yaml')!, '0'.repeat(40), `${commit}:.ledger-id`, byPath.get('a.yaml')!, `${commit}:no-such-file`, byPath.get('empty')!, byPath.get('a.yaml')!, `${commit}:dir/with space.yaml`];
    const texts = await readBlobs(work, entries.map((e) => e.sha));
    const read = (await readObjects(work, names)).map((b) => b?.toString('utf8'));
    expect(read).toEqual([texts.get(byPath.get('dir/with space.yaml')!), undefined, 'abc\n', 'a: 1\n', undefined, '', 'a: 1\n', 'Grüße\n\n']);
    expect(await readObjects(work, [])).toEqual([]);
  });

  it('runs plumbing with a high malloc trim threshold unless the user set one, and never prompts', () => {
    expect(plumbingEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_TRIM_THRESHOLD_: String(64 * 1024 * 1024), GIT_TERMINAL_PROMPT: '0' });
    expect(plumbingEnv({ MALLOC_TRIM_THRESHOLD_: '4096', GIT_TERMINAL_PROMPT: '1' })).toEqual({ MALLOC_TRIM_THRESHOLD_: '4096', GIT_TERMINAL_PROMPT: '0' });
  });

  it('reads blobs with any bytes, including newlines and non-ASCII', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const text = 'line 1\nGrüße 👩‍💻\n\n';
    const sha = await writeCommit(work, { write: new Map([['f.yaml', text], ['g.yaml', '']]), message: 'm', author, when });
    const files = await listFiles(work, sha);
    const blobs = await readBlobs(work, files.map((f) => f.sha));
    expect(blobs.get(files.find((f) => f.path === 'f.yaml')!.sha)).toBe(text);
    expect(blobs.get(files.find((f) => f.path === 'g.yaml')!.sha)).toBe('');
  });

  it('refuses a push when the branch moved, and fetches the newer tip', async () => {
    const { remote, work } = repoWithRemote({ 'x.txt': 'x' });
    const other = cloneRepo(remote);
    const base = await writeCommit(work, { write: new Map([['f', '1']]), message: 'base', author, when });
    expect(await pushCommit(work, 'origin', base, 'ledger')).toBe('pushed');

    expect(await fetchBranch(other, 'origin', 'ledger')).toBe(true);
    const theirs = await writeCommit(other, { parent: base, write: new Map([['f', 'theirs']]), message: 'theirs', author, when });
    expect(await pushCommit(other, 'origin', theirs, 'ledger')).toBe('pushed');

    const mine = await writeCommit(work, { parent: base, write: new Map([['f', 'mine']]), message: 'mine', author, when });
    expect(await pushCommit(work, 'origin', mine, 'ledger')).toBe('rejected');
    expect(await fetchBranch(work, 'origin', 'ledger')).toBe(true);
    expect(await resolveRef(work, trackingRef('origin', 'ledger'))).toBe(theirs);
  });

  it('refuses a second orphan push of a branch someone else created first', async () => {
    const { remote, work } = repoWithRemote({ 'x.txt': 'x' });
    const other = cloneRepo(remote);
    const a = await writeCommit(work, { write: new Map([['f', 'a']]), message: 'a', author, when });
    const b = await writeCommit(other, { write: new Map([['f', 'b']]), message: 'b', author, when });
    expect(await pushCommit(work, 'origin', a, 'ledger')).toBe('pushed');
    expect(await pushCommit(other, 'origin', b, 'ledger')).toBe('rejected');
  });

  it('answers false for a branch the remote does not have, and drops a stale tracking ref', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const sha = git(work, 'rev-parse', 'HEAD');
    git(work, 'update-ref', trackingRef('origin', 'gone'), sha);
    expect(await fetchBranch(work, 'origin', 'gone')).toBe(false);
    expect(await resolveRef(work, trackingRef('origin', 'gone'))).toBeUndefined();
  });

  it('fetches only the tip into a shallow clone, and can build on it and push', async () => {
    const { remote, work } = repoWithRemote({ 'x.txt': 'x' });
    let parent: string | undefined;
    for (let i = 0; i < 3; i++) {
      parent = await writeCommit(work, { parent, write: new Map([[`published/p${i}.yaml`, `${i}`]]), message: `${i}`, author, when });
    }
    await pushCommit(work, 'origin', parent!, 'ledger');
    commitFiles(work, { 'y.txt': 'y' }, 'more');
    git(work, 'push', '--quiet', 'origin', 'main');

    const shallow = cloneRepo(remote, { depth: 1 });
    expect(await isShallow(shallow)).toBe(true);
    expect(await fetchBranch(shallow, 'origin', 'ledger')).toBe(true);
    expect(git(shallow, 'rev-list', '--count', trackingRef('origin', 'ledger'))).toBe('1');
    const next = await writeCommit(shallow, { parent: await resolveRef(shallow, trackingRef('origin', 'ledger')), write: new Map([['published/p3.yaml', '3']]), message: '3', author, when });
    expect(await pushCommit(shallow, 'origin', next, 'ledger')).toBe('pushed');
    expect(git(remote, 'rev-list', '--count', 'ledger')).toBe('4');
    expect(git(remote, 'ls-tree', '--name-only', 'ledger', 'published/')).toBe('published/p0.yaml\npublished/p1.yaml\npublished/p2.yaml\npublished/p3.yaml');
  });

  it('moves a local ref only from the expected value', async () => {
    const { work } = repoWithRemote({ 'x.txt': 'x' });
    const a = await writeCommit(work, { write: new Map([['f', 'a']]), message: 'a', author, when });
    const b = await writeCommit(work, { parent: a, write: new Map([['f', 'b']]), message: 'b', author, when });
    expect(await compareAndSwapRef(work, 'refs/heads/ledger', a, undefined)).toBe(true);
    expect(await compareAndSwapRef(work, 'refs/heads/ledger', b, undefined)).toBe(false);
    expect(await compareAndSwapRef(work, 'refs/heads/ledger', b, a)).toBe(true);
    expect(await compareAndSwapRef(work, 'refs/heads/ledger', a, a)).toBe(false);
  });
});
