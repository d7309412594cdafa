// Results a run knew but could not record on the ledger branch (the push kept failing): kept in
// the repository's git directory, so the next run from this clone records them before it
// selects anything. One file per run; removed once recorded.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commonGitDir } from '../git/repo.js';
import { parseLedgerFile, serializeLedgerFile, type AccountEntry } from './ledger.js';

export interface Result {
  post: string;
  account: string;
  /** Undefined: give the pair back (remove the run's claim). */
  entry: AccountEntry | undefined;
}

export interface PendingResults {
  run: string;
  file: string;
  results: Result[];
}

/** `<git dir>/socialcal/pending`; `cwd` is the top of the work tree. */
export async function pendingDir(cwd: string): Promise<string> {
  // A plain clone's git dir is .git (no git process needed); worktrees ask git for the shared one.
  const plain = join(cwd, '.git');
  const gitDir = (await stat(plain).catch(() => undefined))?.isDirectory() ? plain : await commonGitDir(cwd);
  return join(gitDir, 'socialcal', 'pending');
}

/** Writes a run's known results; returns the file's path. */
export async function savePending(cwd: string, run: string, results: Result[]): Promise<string> {
  const dir = await pendingDir(cwd);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${run}.json`);
  const byPost = new Map<string, Record<string, AccountEntry>>();
  for (const r of results) if (r.entry) byPost.set(r.post, { ...byPost.get(r.post), [r.account]: r.entry });
  const files = [...byPost].map(([post, accounts]) => serializeLedgerFile({ post, accounts }));
  await writeFile(file, JSON.stringify({ run, files }, null, 2) + '\n');
  return file;
}

/** Every pending file in this clone, oldest run first. */
export async function readPending(cwd: string): Promise<PendingResults[]> {
  const dir = await pendingDir(cwd);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: PendingResults[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, name);
    const data = JSON.parse(await readFile(file, 'utf8')) as { run: string; files: string[] };
    const results = data.files.flatMap((text) => {
      const parsed = parseLedgerFile(text, file);
      return Object.entries(parsed.accounts).map(([account, entry]) => ({ post: parsed.post, account, entry }));
    });
    out.push({ run: data.run, file, results });
  }
  return out;
}

export async function removePending(p: PendingResults): Promise<void> {
  await rm(p.file, { force: true });
}
