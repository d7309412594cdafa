import type { CacheEntry, FileStamp, ParseCache } from '../calendar/cache.js';

// serve's parse cache, kept in memory for the run: each post and campaign file is parsed once,
// and again only when its content changes (the loader asks by time and size, then by content
// hash, as with the cache on disk). A preview of unsaved text or a check before a write parses
// just that file: the rest of the calendar comes from here.

export interface ParseStats {
  /** Files parsed and validated (a cache miss). */
  parsed: number;
  /** Files whose earlier result was reused. */
  reused: number;
}

export class MemoryParseCache implements ParseCache {
  private readonly entries = new Map<string, CacheEntry>();
  readonly stats: ParseStats = { parsed: 0, reused: 0 };

  fresh(path: string, stamp: FileStamp): CacheEntry | undefined {
    const entry = this.entries.get(path);
    return this.hit(entry && entry.mtimeMs === stamp.mtimeMs && entry.size === stamp.size ? entry : undefined);
  }

  same(path: string, stamp: FileStamp | undefined, hash: string): CacheEntry | undefined {
    const entry = this.entries.get(path);
    if (!entry || entry.hash !== hash) return undefined;
    if (stamp) {
      entry.mtimeMs = stamp.mtimeMs;
      entry.size = stamp.size;
    }
    return this.hit(entry);
  }

  store(path: string, stamp: FileStamp | undefined, hash: string, outcome: { data?: unknown; problems: CacheEntry['problems'] }): CacheEntry {
    const entry: CacheEntry = { mtimeMs: stamp?.mtimeMs ?? -1, size: stamp?.size ?? -1, hash, ...outcome };
    this.stats.parsed++;
    // Text that is not on disk (a preview) is not kept: its positions could not be looked up again.
    if (stamp) this.entries.set(path, entry);
    return entry;
  }

  seen(): void {
    // Entries of deleted files are never asked for again; nothing is written, so nothing to prune.
  }

  // Rule findings are not kept across serve's runs: this cache lives as long as the server, which
  // may see socialcal.yaml change under it (the cache on disk is dropped then; this one is not).
  entry(): CacheEntry | undefined {
    return undefined;
  }

  ruled(): void {}

  located(entry: CacheEntry, key: string, at: { line: number; column: number }): void {
    entry.locations ??= Object.create(null) as Record<string, [number, number]>;
    entry.locations[key] = [at.line, at.column];
  }

  save(): void {
    // In memory only.
  }

  /**
   * This cache, except that `path` is always parsed from the text given and never kept: for
   * a file's unsaved text, whose positions must come from that text and not from the disk.
   */
  without(path: string): ParseCache {
    return {
      fresh: (p, stamp) => (p === path ? undefined : this.fresh(p, stamp)),
      same: (p, stamp, hash) => (p === path ? undefined : this.same(p, stamp, hash)),
      store: (p, stamp, hash, outcome) => this.store(p, p === path ? undefined : stamp, hash, outcome),
      seen: () => undefined,
      entry: () => undefined,
      ruled: () => undefined,
      located: (entry, key, at) => this.located(entry, key, at),
      save: () => undefined,
    };
  }

  private hit(entry: CacheEntry | undefined): CacheEntry | undefined {
    if (entry) this.stats.reused++;
    return entry;
  }
}
