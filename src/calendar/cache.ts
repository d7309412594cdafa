import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Location } from './model.js';
import type { Problem } from './problems.js';

// The cache for warm runs, as ESLint's --cache: each post and campaign file's parse and schema
// result, keyed by the file's modification time and size (cheap, checked first) and its content
// hash (when the time changed, as after a git checkout). The whole cache belongs to one tool
// version and one socialcal.yaml; anything else, or a file that does not read as a cache, is
// started afresh. The findings of rules that look at one post at a time are kept with the post's
// file (see src/rules/remember.ts); rules that look across posts run on the whole calendar.

/** Where the cache lives, by the ecosystem's convention (find-cache-dir, Babel, ESLint's loaders). */
export const CACHE_DIR = join('node_modules', '.cache', 'socialcal');
const CACHE_FILE = 'calendar.json';
/** Bumped when the shape of an entry changes. */
const FORMAT = 2;

/** What parsing one file gave: the validated data, or nothing, and the problems found. */
export interface ParseOutcome {
  data?: unknown;
  problems: Problem[];
}

export interface CacheEntry extends ParseOutcome {
  mtimeMs: number;
  size: number;
  hash: string;
  /** Positions already looked up in this file (a finding's field path → line and column). */
  locations?: Record<string, [number, number]>;
  /** Findings of the per-post rules about this file's posts, valid while `key` (their other inputs) holds. */
  rules?: RuleFindings;
}

export interface RuleFindings {
  key: string;
  /** Rule id → its findings; a rule not named found nothing. */
  found: Record<string, Problem[]>;
}

interface CacheFile {
  format: number;
  key: string;
  entries: Record<string, CacheEntry>;
}

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface ParseCache {
  /** The entry for `path` when its modification time and size are unchanged. */
  fresh(path: string, stamp: FileStamp): CacheEntry | undefined;
  /** The entry for `path` when its content is unchanged (the time may differ). */
  same(path: string, stamp: FileStamp | undefined, hash: string): CacheEntry | undefined;
  store(path: string, stamp: FileStamp | undefined, hash: string, outcome: ParseOutcome): CacheEntry;
  /** Marks `path` as seen in this run; entries of files not seen are dropped on save. */
  seen(path: string): void;
  /** The entry of a file seen in this run, if it has one. */
  entry(path: string): CacheEntry | undefined;
  /** Keeps the per-post rules' findings about a file's posts with its entry. */
  ruled(entry: CacheEntry, findings: RuleFindings): void;
  /** Records a position found in `entry` so later runs need not parse the file for it. */
  located(entry: CacheEntry, key: string, at: Location): void;
  /** Writes the cache if anything changed; a cache that cannot be written is skipped silently. */
  save(): void;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * Opens the cache of the calendar at `root` for this tool `version` and config content.
 * Never throws: a missing, unreadable or corrupt cache is an empty one.
 */
export function openCache(root: string, version: string, configBytes: Uint8Array | undefined): ParseCache {
  const file = join(root, CACHE_DIR, CACHE_FILE);
  const key = `${version}\0${configBytes ? contentHash(configBytes) : 'none'}`;
  const previous = readCache(file, key);
  const entries: Record<string, CacheEntry> = previous ?? Object.create(null);
  const seen = new Set<string>();
  let changed = previous === undefined;

  return {
    fresh(path, stamp) {
      const entry = entries[path];
      return entry && entry.mtimeMs === stamp.mtimeMs && entry.size === stamp.size ? entry : undefined;
    },
    same(path, stamp, hash) {
      const entry = entries[path];
      if (!entry || entry.hash !== hash) return undefined;
      if (stamp && (entry.mtimeMs !== stamp.mtimeMs || entry.size !== stamp.size)) {
        entry.mtimeMs = stamp.mtimeMs;
        entry.size = stamp.size;
        changed = true;
      }
      return entry;
    },
    store(path, stamp, hash, outcome) {
      const entry: CacheEntry = { mtimeMs: stamp?.mtimeMs ?? -1, size: stamp?.size ?? -1, hash, ...outcome };
      entries[path] = entry;
      changed = true;
      return entry;
    },
    seen(path) {
      seen.add(path);
    },
    entry(path) {
      return seen.has(path) ? entries[path] : undefined;
    },
    ruled(entry, findings) {
      entry.rules = findings;
      changed = true;
    },
    located(entry, at, location) {
      entry.locations ??= Object.create(null) as Record<string, [number, number]>;
      entry.locations[at] = [location.line, location.column];
      changed = true;
    },
    save() {
      for (const path of Object.keys(entries)) {
        if (!seen.has(path)) {
          delete entries[path];
          changed = true;
        }
      }
      if (!changed) return;
      const body: CacheFile = { format: FORMAT, key, entries };
      writeCacheFile(file, JSON.stringify(body));
    },
  };
}

/**
 * Writes a file of the cache folder whole (a temp file renamed over it, so a reader never sees
 * half of it). One that cannot be written is skipped silently: a read-only node_modules, a file
 * in the folder's place, a full disk — the next run does the work again.
 */
export function writeCacheFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
  }
}

function readCache(file: string, key: string): Record<string, CacheEntry> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isCacheFile(body) || body.format !== FORMAT || body.key !== key) return undefined;
  return Object.assign(Object.create(null) as Record<string, CacheEntry>, body.entries);
}

function isCacheFile(body: unknown): body is CacheFile {
  if (body === null || typeof body !== 'object') return false;
  const { format, key, entries } = body as Record<string, unknown>;
  if (typeof format !== 'number' || typeof key !== 'string' || entries === null || typeof entries !== 'object' || Array.isArray(entries)) return false;
  return Object.values(entries as Record<string, unknown>).every(isEntry);
}

function isEntry(entry: unknown): entry is CacheEntry {
  if (entry === null || typeof entry !== 'object') return false;
  const e = entry as Record<string, unknown>;
  return (
    typeof e.mtimeMs === 'number' &&
    typeof e.size === 'number' &&
    typeof e.hash === 'string' &&
    Array.isArray(e.problems) &&
    e.problems.every(isProblem) &&
    (e.data === undefined || (typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data))) &&
    (e.rules === undefined || isRuleFindings(e.rules))
  );
}

function isRuleFindings(r: unknown): boolean {
  if (r === null || typeof r !== 'object') return false;
  const { key, found } = r as Record<string, unknown>;
  if (typeof key !== 'string' || found === null || typeof found !== 'object') return false;
  return Object.values(found).every((list) => Array.isArray(list) && list.every(isProblem));
}

/** Whether a value read back from JSON has a Problem's required fields. */
export function isProblem(p: unknown): boolean {
  if (p === null || typeof p !== 'object') return false;
  const { file, line, column, message, code } = p as Record<string, unknown>;
  return typeof file === 'string' && typeof line === 'number' && typeof column === 'number' && typeof message === 'string' && typeof code === 'string';
}
