import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkRepoPath, insidePath, isGitPath, isSymlink, peekRegularFile, readRegularFile } from './repo-path.js';
import { MAX_FILE_BYTES } from './yaml-file.js';
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
  /** The parse cache of this run, when caching is on. */
  cache?: ParseCache;
}

/** Opens the parse cache for the calendar at `root`, given its socialcal.yaml content. */
export type CacheOpener = (root: string, configBytes: Uint8Array | undefined) => ParseCache;

const YAML_FILE = /\.ya?ml$/i;

/** Reads the calendar files of the repository at `root` from disk. */
export function readCalendarFiles(root: string, openCache?: CacheOpener): CalendarFiles {
  const realRoot = safeRealpath(root) ?? root;
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
  return { root: realRoot, files, media, cache };
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
function walk(root: string, dir: string): { path: string; symlink: boolean }[] {
  const out: { path: string; symlink: boolean }[] = [];
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true });
  } catch {
    return out;
  }
  // Thousands of files share a few folders: each folder's repo-relative prefix is worked out once.
  const prefixes = new Map<string, string>();
  for (const entry of entries) {
    if (!YAML_FILE.test(entry.name) || !(entry.isFile() || entry.isSymbolicLink() || entry.isFIFO())) continue;
    const parent = (entry as { parentPath?: string }).parentPath ?? join(root, dir);
    let prefix = prefixes.get(parent);
    if (prefix === undefined) prefixes.set(parent, (prefix = relative(root, parent).split(sep).join('/')));
    const path = `${prefix}/${entry.name}`;
    if (isGitPath(path)) continue;
    out.push({ path, symlink: entry.isSymbolicLink() });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function mediaOnDisk(root: string, path: string): MediaInfo {
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

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
