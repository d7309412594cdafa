import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { MAX_FILE_BYTES } from './yaml-file.js';

// The I/O edge of loading: which calendar files exist and what media they can reference.
// Another source (a git revision, for `plan`) can provide the same shape from memory.

export const CONFIG_FILE = 'socialcal.yaml';

export interface CalendarFile {
  /** Repo-relative, forward slashes. */
  path: string;
  kind: 'config' | 'campaign' | 'post';
  /** Undefined when the file could not be read safely; `issue` says why. */
  bytes?: Uint8Array;
  issue?: { code: 'file-too-large'; size: number } | { code: 'file-outside'; target: string };
}

export interface MediaInfo {
  exists: boolean;
  size?: number;
  /** The path (or a symlink on it) leads outside the repository. */
  outside?: boolean;
}

export interface CalendarFiles {
  root: string;
  /** The config (when present), campaigns and posts, sorted by path. */
  files: CalendarFile[];
  media(path: string): MediaInfo;
}

const YAML_FILE = /\.ya?ml$/i;

/** Reads the calendar files of the repository at `root` from disk. */
export function readCalendarFiles(root: string): CalendarFiles {
  const realRoot = safeRealpath(root) ?? root;
  const files: CalendarFile[] = [];
  const config = readOne(realRoot, CONFIG_FILE, 'config', isSymlink(join(realRoot, CONFIG_FILE)));
  if (config) files.push(config);
  for (const [dir, kind] of [
    ['campaigns', 'campaign'],
    ['posts', 'post'],
  ] as const) {
    for (const { path, symlink } of walk(realRoot, dir)) {
      const file = readOne(realRoot, path, kind, symlink);
      if (file) files.push(file);
    }
  }
  return { root: realRoot, files, media: (path) => mediaOnDisk(realRoot, path) };
}

function readOne(root: string, path: string, kind: CalendarFile['kind'], symlink: boolean): CalendarFile | undefined {
  const abs = join(root, path);
  if (symlink) {
    const target = safeRealpath(abs);
    if (!target || !isInside(root, target)) return { path, kind, issue: { code: 'file-outside', target: target ?? 'nowhere' } };
  }
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return undefined;
  }
  try {
    // Size first, from the open file, so a huge file is never read into memory.
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_FILE_BYTES) return { path, kind, issue: { code: 'file-too-large', size: stat.size } };
    const bytes = Buffer.allocUnsafeSlow(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { path, kind, bytes: bytes.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** YAML files under `dir`, at any depth, sorted. Symlinked folders are not followed. */
function walk(root: string, dir: string): { path: string; symlink: boolean }[] {
  const out: { path: string; symlink: boolean }[] = [];
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!YAML_FILE.test(entry.name) || !(entry.isFile() || entry.isSymbolicLink())) continue;
    const parent = (entry as { parentPath?: string }).parentPath ?? join(root, dir);
    out.push({ path: relative(root, join(parent, entry.name)).split(sep).join('/'), symlink: entry.isSymbolicLink() });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function mediaOnDisk(root: string, path: string): MediaInfo {
  const inside = insidePath(path);
  if (!inside) return { exists: false, outside: true };
  const abs = join(root, inside);
  const real = safeRealpath(abs);
  if (!real) return { exists: false };
  if (!isInside(root, real)) return { exists: true, outside: true };
  try {
    const stat = statSync(real);
    return stat.isFile() ? { exists: true, size: stat.size } : { exists: false };
  } catch {
    return { exists: false };
  }
}

/** A repo-relative path with `..` resolved, or undefined when it leaves the repository or is absolute. */
export function insidePath(path: string): string | undefined {
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('~')) return undefined;
  const normal = normalize(path).split(sep).join('/');
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') return undefined;
  return normal;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
