import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkRepoPath, insidePath, isGitPath, isSymlink, MAX_FILE_BYTES, peekRegularFile, readRegularFile } from './repo-path.js';
import type { CacheEntry, FileStamp, ParseCache } from './cache.js';

// The I/O edge of loading: which calendar files exist and what media they can reference.
// Another source (a git revision, for `plan`) can provide the same shape from memory.

export const CONFIG_FILE = 'socialcal.yaml';

export interface CalendarFile {
  /** Repo-relative, forward slashes. */
  path: string;
  kind: 'config' | 'campaign' | 'post';
  /** Undefined when the file could not be read safely; `issue` says why. */
  bytes?: Uint8Array;
  issue?: FileIssue;
  /** Modification time and size when read from disk, for the cache. */
  stamp?: FileStamp;
  /** The cached parse result when the file is unchanged since the last run; `bytes` is then not read. */
  cached?: CacheEntry;
}

export type FileIssue =
  | { code: 'file-too-large'; size: number }
  | { code: 'file-outside'; target: string; folder?: boolean }
  | { code: 'file-in-git'; target: string }
  | { code: 'file-not-regular'; type: string };

export interface MediaInfo {
  exists: boolean;
  size?: number;
  /** The path (or a symlink on it) leads outside the repository. */
  outside?: boolean;
  /** The path (or a symlink on it) leads into git's own files. */
  git?: boolean;
  /** Set when the path exists but is not a regular file: what it is instead. */
  notAFile?: string;
  /** The file's first bytes, for checking that its content matches its extension. */
  head?: Uint8Array;
}

export interface CalendarFiles {
  root: string;
  /** The config (when present), campaigns and posts, sorted by path. */
  files: CalendarFile[];
  media(path: string): MediaInfo;
  /** Every media path `media` was asked about so far, with what it answered. */
  consulted?: ReadonlyMap<string, MediaInfo>;
  /** The parse cache of this run, when caching is on. */
  cache?: ParseCache;
}

/** Opens the parse cache for the calendar at `root`, given its socialcal.yaml content. */
export type CacheOpener = (root: string, configBytes: Uint8Array | undefined) => ParseCache;

const YAML_FILE = /\.ya?ml$/i;

/** Reads the calendar files of the repository at `root` from disk. */
export function readCalendarFiles(root: string, openCache?: CacheOpener): CalendarFiles {
  const realRoot = realCalendarRoot(root);
  const files: CalendarFile[] = [];
  const config = readOne(realRoot, CONFIG_FILE, 'config', isSymlink(join(realRoot, CONFIG_FILE)));
  if (config) files.push(config);
  const cache = openCache?.(realRoot, config?.bytes);
  for (const [dir, kind] of [
    ['campaigns', 'campaign'],
    ['posts', 'post'],
  ] as const) {
    // The folder itself may be a symlink; what is inside it is checked entry by entry.
    if (isSymlink(join(realRoot, dir))) {
      const checked = checkRepoPath(realRoot, dir);
      if (!checked.ok && checked.reason !== 'missing') {
        files.push({ path: dir, kind, issue: checked.reason === 'git' ? { code: 'file-in-git', target: checked.target } : { code: 'file-outside', target: checked.reason === 'outside' ? checked.target : dir, folder: true } });
        continue;
      }
    }
    for (const { path, symlink } of walk(realRoot, dir)) {
      const file = (cache && !symlink && unchanged(realRoot, path, kind, cache)) || readOne(realRoot, path, kind, symlink);
      if (file) files.push(file);
    }
  }
  const infos = new Map<string, MediaInfo>();
  const media = (path: string): MediaInfo => {
    let info = infos.get(path);
    if (!info) infos.set(path, (info = mediaOnDisk(realRoot, path)));
    return info;
  };
  return { root: realRoot, files, media, consulted: infos, cache };
}

/** A calendar file's repo-relative path, modification time and size. */
export type Stamp = [path: string, mtimeMs: number, size: number];

/**
 * The stamps of every file `readCalendarFiles` reads, in its order, from a fresh look at the
 * disk; undefined when the calendar has a symlink or an unusual file where it looks (those are
 * checked by reading them, so no stamp can stand for them).
 */
export function calendarStamps(root: string): Stamp[] | undefined {
  const out: Stamp[] = [];
  const config = plainStamp(root, CONFIG_FILE);
  if (config === null) return undefined;
  if (config) out.push(config);
  for (const dir of ['campaigns', 'posts']) {
    if (isSymlink(join(root, dir))) return undefined;
    for (const { path, symlink } of walk(root, dir)) {
      const stamp = !symlink && plainStamp(root, path);
      if (!stamp) return undefined;
      out.push(stamp);
    }
  }
  return out;
}

/**
 * The stamps of the files a load read, when every one of them has one (read from disk, not
 * through a symlink, without an issue) and neither folder is a symlink; else undefined.
 */
export function stampsOf(source: CalendarFiles): Stamp[] | undefined {
  const out: Stamp[] = [];
  if (isSymlink(join(source.root, 'campaigns')) || isSymlink(join(source.root, 'posts'))) return undefined;
  for (const file of source.files) {
    if (!file.stamp || file.issue) return undefined;
    out.push([file.path, file.stamp.mtimeMs, file.stamp.size]);
  }
  return out;
}

/** A regular file's stamp; undefined when it does not exist, null when it is anything else. */
function plainStamp(root: string, path: string): Stamp | undefined | null {
  let stat;
  try {
    stat = lstatSync(`${root}/${path}`);
  } catch {
    return undefined;
  }
  return stat.isFile() && stat.size <= MAX_FILE_BYTES ? [path, stat.mtimeMs, stat.size] : null;
}

/** A regular file whose time and size match its cache entry: its result, without reading it. */
function unchanged(root: string, path: string, kind: CalendarFile['kind'], cache: ParseCache): CalendarFile | undefined {
  let stamp: FileStamp;
  try {
    const stat = statSync(join(root, path));
    if (!stat.isFile()) return undefined;
    stamp = { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
  const cached = cache.fresh(path, stamp);
  return cached ? { path, kind, stamp, cached } : undefined;
}

function readOne(root: string, path: string, kind: CalendarFile['kind'], symlink: boolean): CalendarFile | undefined {
  let abs = join(root, path);
  if (symlink) {
    const checked = checkRepoPath(root, path);
    if (!checked.ok) {
      if (checked.reason === 'git') return { path, kind, issue: { code: 'file-in-git', target: checked.target } };
      if (checked.reason === 'outside') return { path, kind, issue: { code: 'file-outside', target: checked.target } };
      if (checked.reason === 'missing') return { path, kind, issue: { code: 'file-outside', target: 'nowhere' } };
    } else abs = checked.abs;
  }
  const read = readRegularFile(abs, MAX_FILE_BYTES);
  if ('missing' in read) return undefined;
  if ('notAFile' in read) return { path, kind, issue: { code: 'file-not-regular', type: read.notAFile } };
  if ('tooLarge' in read) return { path, kind, issue: { code: 'file-too-large', size: read.tooLarge } };
  return { path, kind, bytes: read.bytes, stamp: symlink ? undefined : read.stamp };
}

/** YAML files under `dir`, at any depth, sorted. Symlinked folders are not followed; nothing under a `.git` folder. */
export function walk(root: string, dir: string): { path: string; symlink: boolean; fifo: boolean }[] {
  const out: { path: string; symlink: boolean; fifo: boolean }[] = [];
  // Folder by folder: Node's recursive readdir costs about twice as much for the same entries,
  // and since Node 24 it walks into symlinked folders (whose files would then be read unchecked).
  const visit = (rel: string): void => {
    for (const entry of readdirSync(`${root}/${rel}`, { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(path);
      else if (YAML_FILE.test(entry.name) && (entry.isFile() || entry.isSymbolicLink() || entry.isFIFO()) && !isGitPath(path)) {
        out.push({ path, symlink: entry.isSymbolicLink(), fifo: entry.isFIFO() });
      }
    }
  };
  try {
    visit(dir);
  } catch {
    // As a folder that cannot be listed: nothing from it.
    return [];
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What the media file at `path` is, as loading sees it (exported for the check memo, which asks again). */
export function mediaOnDisk(root: string, path: string): MediaInfo {
  const checked = checkRepoPath(root, path);
  if (!checked.ok) {
    if (checked.reason === 'outside') return { exists: insidePath(path) !== undefined, outside: true };
    if (checked.reason === 'git') return { exists: true, git: true };
    return { exists: false };
  }
  const peek = peekRegularFile(checked.abs);
  if ('missing' in peek) return { exists: false };
  if ('notAFile' in peek) return { exists: true, notAFile: peek.notAFile };
  return { exists: true, size: peek.size, head: peek.head };
}

/** The calendar root with symlinks resolved, as loading uses it (the path itself when that fails). */
export function realCalendarRoot(root: string): string {
  return safeRealpath(root) ?? root;
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
