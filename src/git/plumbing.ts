// Git plumbing that streams over stdin, which simple-git cannot do: reading many blobs in one
// process (cat-file --batch) and writing a commit without a work tree (fast-import).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { GitFailure } from './repo.js';

/**
 * The environment of these git processes. glibc's malloc gives memory back to the system as soon
 * as 128 KB sit free at the top of the heap; fast-import frees and takes again about 200 KB of
 * zlib state for every blob, so a commit of 200 ledger files spent 0.1–0.3 s of system time
 * growing and shrinking the heap (800 brk calls). A higher threshold keeps the memory until the
 * process exits, a few milliseconds later. Other C libraries ignore the variable; one the user
 * set is kept.
 */
export function plumbingEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { MALLOC_TRIM_THRESHOLD_: String(64 * 1024 * 1024), ...env, GIT_TERMINAL_PROMPT: '0' };
}

function run(cwd: string, args: string[], input: Buffer | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: plumbingEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new GitFailure(`git ${args[0]}`, e.message)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitFailure(`git ${args[0]}`, Buffer.concat(err).toString('utf8') || `exit ${code}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** The bytes of many blobs by id, in one git process. Missing ids are left out. */
export async function readBlobBytes(cwd: string, shas: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(shas)];
  if (unique.length === 0) return out;
  const buf = await run(cwd, ['cat-file', '--batch'], unique.join('\n') + '\n');
  let pos = 0;
  while (pos < buf.length) {
    const eol = buf.indexOf(0x0a, pos);
    const [sha, type, size] = buf.subarray(pos, eol).toString('latin1').split(' ');
    pos = eol + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    out.set(sha, buf.subarray(pos, pos + n));
    pos += n + 1;
  }
  return out;
}

/**
 * The contents of objects by name (an id, or `<commit>:<path>`), in the order asked, in one git
 * process: undefined where git has no such object. Names may repeat.
 */
export async function readObjects(cwd: string, names: string[]): Promise<(Buffer | undefined)[]> {
  if (names.length === 0) return [];
  if (names.some((n) => n.includes('\n'))) throw new GitFailure('git cat-file', 'an object name with a line break');
  const buf = await run(cwd, ['cat-file', '--batch'], names.join('\n') + '\n');
  const out: (Buffer | undefined)[] = [];
  let pos = 0;
  while (pos < buf.length && out.length < names.length) {
    const eol = buf.indexOf(0x0a, pos);
    // "<id> <type> <size>" and the content, or "<name> missing" (or "ambiguous") alone.
    const header = buf.subarray(pos, eol).toString('latin1');
    pos = eol + 1;
    const m = /^[0-9a-f]{40,64} [a-z]+ (\d+)$/.exec(header);
    if (!m) {
      out.push(undefined);
      continue;
    }
    const n = Number(m[1]);
    out.push(buf.subarray(pos, pos + n));
    pos += n + 1;
  }
  return out;
}

/** The contents of many blobs by id as UTF-8 text. Missing ids are left out. */
export async function readBlobs(cwd: string, shas: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const [sha, bytes] of await readBlobBytes(cwd, shas)) texts.set(sha, bytes.toString('utf8'));
  return texts;
}

export interface Identity {
  name: string;
  email: string;
}

export interface NewCommit {
  /** Parent commit; none for the first commit of an orphan branch. */
  parent?: string;
  /** Files to write, by path. */
  write: Map<string, string>;
  /** Paths to remove. */
  remove?: string[];
  message: string;
  author: Identity;
  when: Date;
}

/**
 * Creates a commit from a parent plus changed files, straight into the object database:
 * no checkout, no index, no work tree touched. Returns the new commit's id.
 */
export async function writeCommit(cwd: string, commit: NewCommit): Promise<string> {
  // fast-import must name a ref; a private one per call keeps parallel writers apart, and the
  // `reset` at the end leaves it unwritten. `get-mark` hands back the commit id: one process.
  const ref = `refs/socialcal/tmp/${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
  const data = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    text(`data ${b.length}\n`);
    parts.push(b);
    text('\n');
  };
  const who = `${clean(commit.author.name)} <${clean(commit.author.email)}> ${Math.floor(commit.when.getTime() / 1000)} +0000`;
  text(`commit ${ref}\nmark :1\nauthor ${who}\ncommitter ${who}\n`);
  data(commit.message);
  if (commit.parent) text(`from ${commit.parent}\n`);
  for (const path of commit.remove ?? []) text(`D ${path}\n`);
  for (const [path, content] of commit.write) {
    text(`M 100644 inline ${path}\n`);
    data(content);
  }
  text(`\nget-mark :1\nreset ${ref}\n\ndone\n`);
  const out = await run(cwd, ['fast-import', '--quiet', '--force', '--done', '--cat-blob-fd=1'], Buffer.concat(parts));
  const sha = out.toString('utf8').trim();
  if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new GitFailure('git fast-import', `no commit id came back: ${sha.slice(0, 80)}`);
  return sha;
}

function clean(s: string): string {
  return s.replace(/[<>\n]/g, '').trim();
}
