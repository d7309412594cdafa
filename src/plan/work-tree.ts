import { closeSync, constants, openSync, readSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, mediaOnDisk, walk, type CalendarFile, type CalendarFiles, type MediaInfo } from '../calendar/files.js';
import { isSymlink, MAX_FILE_BYTES, readRegularFile } from '../calendar/repo-path.js';

// The working tree for a plan without the parse cache, read with less work per file than
// readCalendarFiles (src/calendar/files.ts): the unchanged posts, thousands of them, are read
// one after another into one shared block of memory, without a stat or a buffer of their own
// (a run without the cache keeps no stamps). Anything unusual — a symlink, a FIFO, a file too
// large — and the caller reads the calendar the general way instead. Otherwise the same files,
// bytes, issues and media answers as readCalendarFiles (test/plan/work-tree.test.ts).

/** The working tree's calendar files; undefined when a file needs readCalendarFiles' checks. */
export function readWorkingTree(root: string, changed: ReadonlySet<string>): (CalendarFiles & { symlinks: false }) | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  if ([CONFIG_FILE, 'campaigns', 'posts'].some((name) => isSymlink(join(realRoot, name)))) return undefined;
  const files: CalendarFile[] = [];
  const config = readOne(realRoot, CONFIG_FILE, 'config');
  if (config) files.push(config);
  const campaigns = walkRegular(realRoot, 'campaigns');
  const posts = walkRegular(realRoot, 'posts');
  if (!campaigns || !posts) return undefined;
  for (const path of campaigns) {
    const file = readOne(realRoot, path, 'campaign');
    if (file) files.push(file);
  }
  const arena = new Arena();
  for (const path of posts) {
    if (changed.has(path)) {
      const file = readOne(realRoot, path, 'post');
      if (file) files.push(file);
      continue;
    }
    const bytes = arena.read(join(realRoot, path));
    if (bytes === 'unusual') return undefined;
    if (bytes) files.push({ path, kind: 'post', bytes });
  }
  const infos = new Map<string, MediaInfo>();
  const media = (path: string): MediaInfo => {
    let info = infos.get(path);
    if (!info) infos.set(path, (info = mediaOnDisk(realRoot, path)));
    return info;
  };
  return { root: realRoot, files, media, symlinks: false };
}

/** As readCalendarFiles reads one file that is not a symlink. */
function readOne(root: string, path: string, kind: CalendarFile['kind']): CalendarFile | undefined {
  const read = readRegularFile(join(root, path), MAX_FILE_BYTES);
  if ('missing' in read) return undefined;
  if ('notAFile' in read) return { path, kind, issue: { code: 'file-not-regular', type: read.notAFile } };
  if ('tooLarge' in read) return { path, kind, issue: { code: 'file-too-large', size: read.tooLarge } };
  return { path, kind, bytes: read.bytes, stamp: read.stamp };
}

/**
 * The YAML files under `dir`, sorted, as readCalendarFiles walks them; undefined when one is a
 * symlink or a FIFO (readCalendarFiles checks those one by one).
 */
function walkRegular(root: string, dir: string): string[] | undefined {
  const out: string[] = [];
  for (const entry of walk(root, dir)) {
    if (entry.symlink || entry.fifo) return undefined;
    out.push(entry.path);
  }
  return out;
}

/** Files read one after another into blocks of memory they share. */
class Arena {
  private block = Buffer.alloc(0);
  private used = 0;

  /** The file's bytes; undefined when it is gone; 'unusual' when it is larger than a calendar file may be or cannot be read. */
  read(abs: string): Uint8Array | undefined | 'unusual' {
    // Room for the largest file a calendar may hold and one byte more (to see that a file is larger).
    if (this.block.length - this.used <= MAX_FILE_BYTES) {
      this.block = Buffer.allocUnsafeSlow(Math.max(1 << 20, 2 * (MAX_FILE_BYTES + 1)));
      this.used = 0;
    }
    let fd: number;
    try {
      fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unusual';
    }
    const start = this.used;
    let end = start;
    try {
      for (;;) {
        const n = readSync(fd, this.block, end, MAX_FILE_BYTES + 1 - (end - start), end - start);
        if (n === 0) break;
        end += n;
        if (end - start > MAX_FILE_BYTES) return 'unusual';
      }
    } catch {
      return 'unusual';
    } finally {
      closeSync(fd);
    }
    this.used = end;
    return this.block.subarray(start, end);
  }
}

