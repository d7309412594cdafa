import type { CalendarFile, CalendarFiles } from '../calendar/files.js';
import { buildCalendar, type LoadResult } from '../calendar/load.js';
import type { Post } from '../calendar/model.js';
import type { PostInput } from '../calendar/schema.js';
import { meta as duplicateText, normalizeText } from '../rules/duplicate-text.js';
import { MAX_NEIGHBOURHOOD, neighbourWindows } from './plan.js';

// The head side of a plan that changes posts only: the config, the campaigns, the changed
// posts, and the unchanged posts the plan could need (its neighbours in time, a post reusing a
// changed post's id), picked by a line scan of each unchanged file instead of loading them all.
// The scan errs one way only: a file it cannot read with certainty is loaded.

/** What the scan reads from an unchanged post file: its id and its `at` as wall time (ms, read as UTC). */
export interface ScannedPost {
  id: string;
  wall: number;
}

/**
 * Wall time to instant is at most this far apart, in any zone at any date (the largest offsets
 * in the time zone database, local mean times of the 19th century included, stay under 16 h).
 */
const ZONE_SLACK = 24 * 3_600_000;

const DUPLICATE_TEXT = duplicateText.id;

/** A plain wall time: what the loader reads as one instant of the post's zone (no offset, no milestone). */
const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Keys that give a post other times than its `at` (or none): such a file is always loaded. */
const TIMING_KEYS = new Set(['repeat', 'evergreen', 'queue', 'stagger']);
/** A top-level key line: `key:` then the value, if any, after a space. */
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
const AT_VALUE = /^(['"]?)(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\1(?:[ \t]+#.*)?[ \t]*$/;
const ID_VALUE = /^(['"]?)([A-Za-z0-9][A-Za-z0-9._-]*)\1(?:[ \t]+#.*)?[ \t]*$/;
/** Plain scalars YAML may read as something else than the string written (a number, a boolean, null). */
const NOT_A_STRING = /^(?:[0-9].*|true|false|null|yes|no|on|off|y|n)$/i;

/**
 * The head calendar a posts-only plan needs (see the top of this file); the whole calendar when
 * the change is large or the config does not load. `changed` are the paths the change touches.
 */
export function loadPlanHead(source: CalendarFiles, changed: ReadonlySet<string>): LoadResult {
  const fixed = source.files.filter((f) => f.kind !== 'post' || changed.has(f.path));
  const others = source.files.filter((f) => f.kind === 'post' && !changed.has(f.path));
  if (others.length === 0) return buildCalendar(source);
  const first = buildCalendar({ ...source, files: fixed }).calendar;
  if (!first || first.posts.length > MAX_NEIGHBOURHOOD) return buildCalendar(source);
  const meets = neighbourWindows(first.config, first.posts);
  // Further away than the other rules reach, only a post with a changed post's text counts (duplicate text).
  const near = neighbourWindows(first.config, first.posts, (id) => id !== DUPLICATE_TEXT);
  const sameText = textMatcher(first.posts);
  // Ids a post of another file could clash with: the changed posts' (and their file names).
  const ids = new Set<string>([...first.posts, ...first.queued].flatMap((p) => [p.id, p.series ?? p.id]));
  for (const path of changed) ids.add(baseName(path));
  const scans = others.map((file) => ({ file, scanned: scanPost(file) }));
  // Two files with one id: the loader keeps the first and reports the other, so both are loaded.
  const count = new Map<string, number>();
  for (const { scanned } of scans) if (scanned) count.set(scanned.id, (count.get(scanned.id) ?? 0) + 1);
  const needed = new Set<string>();
  const skipped = new Map<string, CalendarFile[]>();
  for (const { file, scanned } of scans) {
    const from = scanned ? scanned.wall - ZONE_SLACK : 0;
    const to = scanned ? scanned.wall + ZONE_SLACK : 0;
    if (!scanned || ids.has(scanned.id) || ids.has(baseName(file.path)) || count.get(scanned.id)! > 1 || near(from, to) || (meets(from, to) && sameText(file))) needed.add(file.path);
    else skipped.set(scanned.id, [...(skipped.get(scanned.id) ?? []), file]);
  }
  const load = () => buildCalendar({ ...source, files: source.files.filter((f) => f.kind !== 'post' || changed.has(f.path) || needed.has(f.path)) });
  let head = load();
  // A loaded file the scan could not read may reuse a left-out file's id: then that one is loaded too.
  const clashes = head.calendar ? [...head.calendar.posts, ...head.calendar.queued].flatMap((p) => skipped.get(p.series ?? p.id) ?? []) : [];
  if (clashes.length > 0) {
    for (const file of clashes) needed.add(file.path);
    head = load();
  }
  // A file left out is still part of the calendar: its cache entry is kept.
  for (const file of others) if (!needed.has(file.path)) source.cache?.seen(file.path);
  return head;
}

/**
 * Whether a post file may have one of `posts`' texts (or override texts) as duplicate-text
 * compares them: a cached file's texts are compared; any other file must hold, in lower case,
 * every run of ASCII letters and digits of one such text (what YAML quoting leaves intact), and
 * a file with a backslash (an escape could spell a letter) may always.
 */
function textMatcher(posts: Post[]): (file: CalendarFile) => boolean {
  const texts = new Set(posts.flatMap((p) => [p.text, ...Object.values(p.overrides).map((o) => o.text)]).filter((t): t is string => t !== undefined).map(normalizeText));
  texts.delete('');
  const runs = [...texts].map((t) => [...new Set(t.match(/[a-z0-9]+/g) ?? [])]);
  return (file) => {
    if (texts.size === 0) return false;
    if (file.cached) {
      const data = file.cached.data as PostInput | undefined;
      if (!data) return true;
      return [data.text, ...Object.values(data.overrides ?? {}).map((o) => o.text)].some((t) => t !== undefined && texts.has(normalizeText(t)));
    }
    if (!file.bytes) return true;
    const text = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length).toString('utf8');
    if (text.includes('\\')) return true;
    const lower = text.toLowerCase();
    return runs.some((list) => list.every((run) => lower.includes(run)));
  };
}

/**
 * The id and wall time of a post file that has one plain `at` and nothing that moves or
 * repeats it; undefined when the scan cannot tell for certain (the file must then be loaded).
 * A cached file is read from its cached parse, any other by a scan of its top-level lines.
 */
export function scanPost(file: CalendarFile): ScannedPost | undefined {
  if (file.cached) return file.cached.data === undefined ? undefined : fromInput(file.cached.data as PostInput, file.path);
  if (!file.bytes || file.issue) return undefined;
  return scanBytes(file.bytes, file.path);
}

function fromInput(data: PostInput, path: string): ScannedPost | undefined {
  if (data.repeat !== undefined || data.evergreen !== undefined || data.queue !== undefined || data.stagger !== undefined) return undefined;
  if (typeof data.at !== 'string') return undefined;
  const wall = wallMs(data.at.trim());
  if (wall === undefined) return undefined;
  return { id: data.id ?? baseName(path), wall };
}

/** The line scan: every line at column 0 is a comment or a plain `key:`; else the file is not certain. */
export function scanText(text: string, path: string): ScannedPost | undefined {
  let at: string | undefined;
  let id: string | undefined;
  let keys = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    // A lone carriage return is a line break to YAML, not to this scan.
    if (line.includes('\r')) return undefined;
    const c = line.charCodeAt(0);
    // Empty, indented (inside a value) or a comment; a tab or anything else at column 0 must be a key.
    if (Number.isNaN(c) || c === 32 || c === 35) continue;
    if (line.trimEnd() === '---' && keys === 0) continue;
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    keys++;
    const [, key, value = ''] = m;
    if (TIMING_KEYS.has(key)) return undefined;
    if (key === 'at') {
      if (at !== undefined) return undefined;
      const v = AT_VALUE.exec(value.trim());
      if (!v) return undefined;
      at = v[2];
    } else if (key === 'id') {
      if (id !== undefined) return undefined;
      const v = ID_VALUE.exec(value.trim());
      if (!v || (v[1] === '' && NOT_A_STRING.test(v[2]))) return undefined;
      id = v[2];
    }
  }
  if (at === undefined) return undefined;
  const wall = wallMs(at);
  return wall === undefined ? undefined : { id: id ?? baseName(path), wall };
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

/**
 * `scanText` on the file's bytes without decoding the whole file: only the `at` and `id` values
 * (and a `---` line) become strings. A file with a carriage return or a line or paragraph
 * separator (U+2028, U+2029: JavaScript's `.` stops there) is decoded and scanned by `scanText`.
 * The same answer as `scanText` of the UTF-8 text (test/plan/scan.test.ts compares the two).
 */
export function scanBytes(bytes: Uint8Array, path: string): ScannedPost | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.indexOf(CR) >= 0 || hasLineSeparator(buf)) return scanText(buf.toString('utf8'), path);
  let at: string | undefined;
  let id: string | undefined;
  let keys = 0;
  const n = buf.length;
  let start = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (start < n) {
    let end = buf.indexOf(NEWLINE, start);
    if (end < 0) end = n;
    const lineStart = start;
    start = end + 1;
    const c = lineStart < end ? buf[lineStart] : -1;
    // Empty, indented (inside a value) or a comment; a tab or anything else at column 0 must be a key.
    if (c === -1 || c === SPACE || c === HASH) continue;
    if (c === DASH) {
      // Only `---` (and trailing white space) before the first key; anything else starting with a dash is no key.
      if (keys === 0 && buf.toString('utf8', lineStart, end).trimEnd() === '---') continue;
      return undefined;
    }
    // A plain key: [A-Za-z_][A-Za-z0-9_-]* then `:`, then the end of the line or a space or tab.
    if (!isKeyStart(c)) return undefined;
    let i = lineStart + 1;
    while (i < end && isKeyChar(buf[i])) i++;
    if (i === end || buf[i] !== COLON) return undefined;
    const keyEnd = i;
    if (i + 1 < end && buf[i + 1] !== SPACE && buf[i + 1] !== TAB) return undefined;
    keys++;
    const length = keyEnd - lineStart;
    if (length === 2 && buf[lineStart] === 0x61 && buf[lineStart + 1] === 0x74) {
      // at
      if (at !== undefined) return undefined;
      const v = AT_VALUE.exec(buf.toString('utf8', keyEnd + 1, end).trim());
      if (!v) return undefined;
      at = v[2];
    } else if (length === 2 && buf[lineStart] === 0x69 && buf[lineStart + 1] === 0x64) {
      // id
      if (id !== undefined) return undefined;
      const v = ID_VALUE.exec(buf.toString('utf8', keyEnd + 1, end).trim());
      if (!v || (v[1] === '' && NOT_A_STRING.test(v[2]))) return undefined;
      id = v[2];
    } else if (length >= 5 && length <= 9 && TIMING_KEYS.has(buf.toString('latin1', lineStart, keyEnd))) return undefined;
  }
  if (at === undefined) return undefined;
  const wall = wallMs(at);
  return wall === undefined ? undefined : { id: id ?? baseName(path), wall };
}

/** U+2028 or U+2029 in UTF-8 (E2 80 A8, E2 80 A9). */
function hasLineSeparator(buf: Buffer): boolean {
  for (let i = buf.indexOf(0xe2); i >= 0; i = buf.indexOf(0xe2, i + 1)) if (buf[i + 1] === 0x80 && (buf[i + 2] === 0xa8 || buf[i + 2] === 0xa9)) return true;
  return false;
}

function isKeyStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === DASH;
}

function wallMs(text: string): number | undefined {
  const m = WALL.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
}
