import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';

// The one place that decides whether a path may be read as calendar content or media: it must
// stay inside the calendar after symlinks are resolved, never reach into git's own files (they
// can hold CI tokens), and be a regular file (a FIFO or device would hang or never end).
// The loader, the media checks, `export html`, publishing and plan's revision reader all ask here.

/** The largest calendar file socialcal reads (a bigger one is reported, not parsed). */
export const MAX_FILE_BYTES = 1024 * 1024;

export type PathRefusal =
  | { reason: 'outside'; target: string }
  | { reason: 'git'; target: string }
  | { reason: 'missing' }
  | { reason: 'not-a-file'; type: string };

export type PathCheck = { ok: true; abs: string; rel: string } | ({ ok: false } & PathRefusal);

/** A repo-relative path with `..` resolved, or undefined when it leaves the repository or is absolute. */
export function insidePath(path: string): string | undefined {
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('~')) return undefined;
  const normal = normalize(path).split(sep).join('/');
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') return undefined;
  return normal;
}

const MENTIONS_GIT = /\.git/i;

/** True when a repo-relative path has a `.git` part (any case: macOS and Windows fold it). */
export function isGitPath(rel: string): boolean {
  if (!MENTIONS_GIT.test(rel)) return false; // nearly every path: no split needed
  return rel.split(/[\\/]/).some((part) => part.toLowerCase() === '.git');
}

/**
 * Resolves `path` (relative to the calendar `root`, which must already be a real path) and
 * says whether it may be read: inside the root after symlinks, outside git's directory.
 * Does not look at the file type; `readRegularFile` and `statRegularFile` do.
 */
export function checkRepoPath(root: string, path: string): PathCheck {
  const rel = insidePath(path);
  if (!rel) return { ok: false, reason: 'outside', target: path };
  if (isGitPath(rel)) return { ok: false, reason: 'git', target: rel };
  let real: string;
  try {
    real = realpathSync(join(root, rel));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  const realRel = relative(root, real);
  if (realRel === '' || realRel.startsWith('..') || isAbsolute(realRel)) return { ok: false, reason: 'outside', target: real };
  if (isGitPath(realRel) || gitDirsInside(root).some((dir) => realRel === dir || realRel.startsWith(dir + sep))) {
    return { ok: false, reason: 'git', target: realRel.split(sep).join('/') };
  }
  return { ok: true, abs: real, rel };
}

/**
 * Whether a new file may be written at `path`: the deepest folder of it that exists must be
 * inside the calendar after symlinks and outside git's files, so `new` never writes through a
 * symlinked folder to somewhere else. Create the file exclusively (flag 'wx') so a symlink at
 * the file itself is not followed either.
 */
export function checkRepoWrite(root: string, path: string): PathCheck {
  const rel = insidePath(path);
  if (!rel) return { ok: false, reason: 'outside', target: path };
  if (isGitPath(rel)) return { ok: false, reason: 'git', target: rel };
  let dir = dirname(join(root, rel));
  while (!existsSync(dir) && dir !== root && dirname(dir) !== dir) dir = dirname(dir);
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  const realRel = relative(root, real);
  if (realRel.startsWith('..') || isAbsolute(realRel)) return { ok: false, reason: 'outside', target: real };
  if (isGitPath(realRel) || gitDirsInside(root).some((d) => realRel === d || realRel.startsWith(d + sep))) {
    return { ok: false, reason: 'git', target: realRel.split(sep).join('/') };
  }
  return { ok: true, abs: join(real, relative(dir, join(root, rel))), rel };
}

const gitDirCache = new Map<string, string[]>();

/**
 * Git directories inside `root` that are not named `.git`: a worktree's or submodule's `.git`
 * file (`gitdir: …`) and GIT_DIR can point anywhere, including into the calendar.
 */
function gitDirsInside(root: string): string[] {
  const key = `${root}\0${process.env.GIT_DIR ?? ''}`;
  let dirs = gitDirCache.get(key);
  if (dirs) return dirs;
  const candidates: string[] = [];
  try {
    if (lstatSync(join(root, '.git')).isFile()) {
      const line = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(join(root, '.git'), 'utf8'))?.[1];
      if (line) candidates.push(resolve(root, line));
    }
  } catch {
    // no .git file here: the calendar may sit below the repository's top level
  }
  if (process.env.GIT_DIR) candidates.push(resolve(process.env.GIT_DIR));
  dirs = candidates.flatMap((dir) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return [];
    }
    const rel = relative(root, real);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? [rel] : [];
  });
  gitDirCache.set(key, dirs);
  return dirs;
}

export type FileRead = { bytes: Uint8Array; stamp: { mtimeMs: number; size: number } } | { tooLarge: number } | { notAFile: string } | { missing: true };

/**
 * Opens `abs` non-blocking, so a FIFO or device never hangs, and hands a regular file's
 * descriptor and size to `use`; anything else is reported by what it is.
 */
function withRegularFile<T>(abs: string, use: (fd: number, size: number, mtimeMs: number) => T): T | { notAFile: string } | { missing: true } {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { missing: true };
  }
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? use(fd, stat.size, stat.mtimeMs) : { notAFile: typeName(stat) };
  } finally {
    closeSync(fd);
  }
}

/** Reads a regular file whole; the size is checked on the open file before anything is read. */
export function readRegularFile(abs: string, maxBytes: number): FileRead {
  return withRegularFile(abs, (fd, size, mtimeMs): FileRead => {
    if (size > maxBytes) return { tooLarge: size };
    const bytes = Buffer.allocUnsafeSlow(size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read), stamp: { mtimeMs, size } };
  });
}

/** Size and first bytes (for the type check) of a regular file, without reading all of it. */
export function peekRegularFile(abs: string, head = 32): { size: number; head: Uint8Array } | { notAFile: string } | { missing: true } {
  return withRegularFile(abs, (fd, size) => {
    const bytes = Buffer.alloc(Math.min(head, size));
    const n = bytes.length ? readSync(fd, bytes, 0, bytes.length, 0) : 0;
    return { size, head: bytes.subarray(0, n) };
  });
}

function typeName(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Words for a refusal, for messages: "resolves into .git (.git/config)". */
export function describeRefusal(refusal: PathRefusal): string {
  switch (refusal.reason) {
    case 'outside':
      return `leads outside the repository (${refusal.target})`;
    case 'git':
      return `leads into git's own files (${refusal.target})`;
    case 'missing':
      return 'does not exist';
    case 'not-a-file':
      return `is ${refusal.type}, not a regular file`;
  }
}
