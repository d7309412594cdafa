import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { readCalendarFiles, type CalendarFiles } from '../calendar/files.js';
import { buildCalendar } from '../calendar/load.js';
import type { Calendar, LedgerView } from '../calendar/model.js';
import { sortProblems, type Problem } from '../calendar/problems.js';
import { checkRepoPath, checkRepoWrite, describeRefusal, isSymlink } from '../calendar/repo-path.js';
import { channelSchedule } from '../calendar/stagger.js';
import { siteData, type SiteData, type SitePost } from '../export/html/data.js';
import { firstWords } from '../export/select.js';
import { formatWall } from '../calendar/time.js';
import { contentMatches, mimeOf } from '../platforms/media-type.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { runRules } from '../rules/index.js';
import { postDetail, type PostDetail } from '../views/calendar/detail.js';
import { MemoryParseCache } from './parse-memory.js';

// The files behind `serve`: the calendar as the page shows it, one post's file for the editor,
// previews of unsaved text, and the writes. Every write is checked before it reaches the disk
// (inside the calendar, under posts/ or media/, and the file still loads without new errors),
// and goes to a temporary file renamed over the old one, so a failed write changes nothing.

export interface Snapshot {
  calendar: Calendar;
  problems: Problem[];
  ledger?: LedgerView;
  /** The files it was built from (parsed results in `parses`), for previews of unsaved text. */
  files: CalendarFiles;
  parses: MemoryParseCache;
}

export class WriteRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** The calendar as it is on disk now; only files changed since `parses` last saw them are parsed. */
export async function snapshot(root: string, now: Date, parses = new MemoryParseCache()): Promise<Snapshot> {
  const files = readCalendarFiles(root, () => parses);
  const { calendar, problems } = buildCalendar(files);
  if (!calendar) {
    const first = problems[0];
    throw new WriteRefused(first ? `${first.file}:${first.line}: ${first.message}` : 'socialcal.yaml could not be loaded', 500, problems);
  }
  const ledger = await readLedgerView(calendar);
  return { calendar, ledger, files, parses, problems: sortProblems([...problems, ...runRules(calendar, { now, ledger })]) };
}

/**
 * The loaded calendar, kept until a file changes (the server's watcher and its own writes call
 * `invalidate`) or it is half a minute old, so a page's burst of requests loads and checks the
 * calendar once. Writes never trust it: they read the file and compare versions first.
 */
export class SnapshotCache {
  private current?: { at: number; generation: number; value: Promise<Snapshot> };
  private generation = 0;
  /** Every file's parse result for the run: a changed file is parsed again, the others are not. */
  readonly parses = new MemoryParseCache();

  constructor(
    private readonly root: string,
    private readonly now: () => Date,
    private readonly maxAgeMs = 30_000,
  ) {}

  invalidate(): void {
    this.generation++;
  }

  get(): Promise<Snapshot> {
    const c = this.current;
    if (c && c.generation === this.generation && Date.now() - c.at < this.maxAgeMs) return c.value;
    const entry = { at: Infinity, generation: this.generation, value: snapshot(this.root, this.now(), this.parses) };
    this.current = entry;
    // Its age counts from when it finished loading: on a big calendar the load itself takes a while.
    entry.value.then(
      () => (entry.at = Date.now()),
      () => {
        if (this.current === entry) this.current = undefined;
      },
    );
    return entry.value;
  }
}

/** The post's previews and the findings in its file, from a loaded calendar. */
export function postView(s: Snapshot, id: string): { detail: PostDetail; problems: Problem[] } {
  const post = s.calendar.postsById.get(id)!;
  const problems = s.problems.filter((p) => p.file === post.file);
  return { detail: postDetail(s.calendar, post, { ledger: s.ledger, problems }), problems };
}

/** `staggered`: the later channels' times (`mastodon 11:45, linkedin 14:00`); the chip stays at `at`, and dragging it moves every channel. */
export type CalendarPost = Omit<SitePost, 'detail' | 'stagger'> & { tags: string[]; staggered?: string };
export type CalendarData = Omit<SiteData, 'posts'> & { posts: CalendarPost[]; broken: { file: string; line: number; message: string }[] };

// The site's campaigns, blackouts and freezes come from `export html`'s data; its posts carry
// previews of every account, which the grid does not need, so they are listed here without.
const BEFORE_ALL_POSTS = { to: new Date(-8.64e15) };
const drawn = new WeakMap<Snapshot, CalendarData>();

/** What the page draws: posts, campaigns, blackouts and freezes, and the post files that did not load. */
export function calendarData(s: Snapshot, now: Date): CalendarData {
  let data = drawn.get(s);
  if (data) return data;
  const zone = s.calendar.config.timezone;
  const site = siteData(s.calendar, { ledger: s.ledger, now, title: 'socialcal', filter: BEFORE_ALL_POSTS });
  const posts = s.calendar.posts.map((post) => {
    const local = formatWall(post.at, zone);
    const later = post.stagger ? channelSchedule(post, zone).filter((t) => t.offsetMinutes > 0) : [];
    const staggered = later.map((t) => `${t.account} ${t.local.slice(0, 10) === local.slice(0, 10) ? t.local.slice(11) : t.local}`).join(', ');
    return { id: post.id, day: local.slice(0, 10), time: local.slice(11), channels: post.channels, campaign: post.campaign, status: post.status, summary: firstWords(post.text, 12), tags: post.tags, ...(staggered ? { staggered } : {}) };
  });
  const loaded = new Set(s.calendar.posts.map((p) => p.file));
  const broken = s.problems.filter((p) => p.severity === 'error' && p.file.startsWith('posts/') && !loaded.has(p.file)).map((p) => ({ file: p.file, line: p.line, message: p.message }));
  data = { ...site, posts, broken };
  drawn.set(s, data);
  return data;
}

export interface PostFile {
  id: string;
  file: string;
  text: string;
  /** A hash of the text: a save names it, so a file changed on disk since is not overwritten blindly. */
  version: string;
}

export function readPostFile(s: Snapshot, id: string): PostFile {
  const post = s.calendar.postsById.get(id);
  if (!post) throw new WriteRefused(`no post with id "${id}"`, 404);
  const text = readText(s.calendar.root, post.file);
  return { id, file: post.file, text, version: version(text) };
}

export function version(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The post as `text` would make it: per-account previews and every finding in its file. */
export function previewPost(s: Snapshot, file: string, text: string, now: Date): { detail?: PostDetail; problems: Problem[] } {
  // Only `file` is parsed; the rules still see the whole calendar (spacing, duplicates, daily limits).
  const { calendar, problems } = buildCalendar({ ...overlay(s.files, file, text), cache: s.parses.without(file) });
  if (!calendar) return { problems: problems.filter((p) => p.file === file) };
  const all = [...problems, ...runRules(calendar, { now, ledger: s.ledger })].filter((p) => p.file === file);
  const post = calendar.posts.find((p) => p.file === file);
  return { detail: post ? postDetail(calendar, post, { ledger: s.ledger, problems: all }) : undefined, problems: sortProblems(all) };
}

/**
 * Writes a post file. `base` is the version the editor started from (undefined: the file must
 * not exist yet). Refused when the path is not a post file inside the calendar, when the file
 * changed since `base`, or when the new text brings errors the file did not have.
 */
export function writePostFile(root: string, file: string, text: string | undefined, base: string | undefined, parses = new MemoryParseCache()): void {
  const abs = postPath(root, file);
  const exists = existsSync(abs) || isSymlink(abs);
  if (base === undefined && exists) throw new WriteRefused(`${file} already exists`, 409);
  if (base !== undefined && !exists) throw new WriteRefused(`${file} was removed on disk`, 409);
  if (base !== undefined && version(readText(root, file)) !== base) {
    throw new WriteRefused(`${file} changed on disk since you opened it`, 409);
  }
  // Read from disk again (a write never trusts the snapshot); unchanged files come from `parses`.
  const files = { ...readCalendarFiles(root, () => parses), cache: parses.without(file) };
  const errors = (f: CalendarFiles) => buildCalendar(f).problems.filter((p) => p.file === file && p.severity === 'error');
  const known = new Set(errors(files).map(problemKey));
  const added = errors(overlay(files, file, text)).filter((p) => !known.has(problemKey(p)));
  if (added.length) throw new WriteRefused(`not saved: ${added[0].message} (${file}:${added[0].line})`, 422, added);
  if (text === undefined) unlinkSync(abs);
  else atomicWrite(abs, text);
}

const MEDIA_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Saves an uploaded image or video under media/ with a free name; returns its repo path. */
export function saveMedia(root: string, name: string, bytes: Uint8Array): string {
  const clean = basename(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '');
  if (!MEDIA_NAME.test(clean)) throw new WriteRefused(`"${name}" is not a usable file name`, 400);
  const type = mimeOf(clean);
  if (!type) throw new WriteRefused(`${clean}: not an image or video type socialcal knows (by its extension)`, 415);
  if (!contentMatches(type, bytes)) throw new WriteRefused(`${clean}: the content is not ${type}`, 415);
  if (bytes.length > MAX_UPLOAD_BYTES) throw new WriteRefused(`${clean}: larger than ${MAX_UPLOAD_BYTES} bytes`, 413);
  const ext = extname(clean);
  const stem = clean.slice(0, clean.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const rel = `media/${n === 1 ? clean : `${stem}-${n}${ext}`}`;
    const checked = checkRepoWrite(root, rel);
    if (!checked.ok) throw new WriteRefused(`cannot write ${rel}: ${describeRefusal(checked)}`, 403);
    if (existsSync(checked.abs) || isSymlink(checked.abs)) continue;
    atomicWrite(checked.abs, bytes);
    return rel;
  }
  throw new WriteRefused(`too many files named like ${clean} in media/`, 409);
}

/** A post file's absolute path, refused unless it is posts/…/*.yaml inside the calendar. */
function postPath(root: string, file: string): string {
  if (!/^posts\/(?:[^/]+\/)*[^/]+\.ya?ml$/i.test(file)) throw new WriteRefused(`${file}: serve writes only post files (posts/…/*.yaml)`, 403);
  const checked = checkRepoWrite(root, file);
  if (!checked.ok) throw new WriteRefused(`${file} ${describeRefusal(checked)}`, 403);
  return checked.abs;
}

function readText(root: string, file: string): string {
  const checked = checkRepoPath(root, file);
  if (!checked.ok) throw new WriteRefused(`${file} ${describeRefusal(checked)}`, checked.reason === 'missing' ? 404 : 403);
  return readFileSync(checked.abs, 'utf8');
}

function overlay(files: CalendarFiles, file: string, text: string | undefined): CalendarFiles {
  const rest = files.files.filter((f) => f.path !== file);
  if (text !== undefined) rest.push({ path: file, kind: 'post', bytes: new TextEncoder().encode(text) });
  return { ...files, files: rest };
}

function problemKey(p: Problem): string {
  return `${p.code}\0${p.path}\0${p.message}`;
}

/** Written next to the target and renamed over it: the file is whole before or after, never half. */
function atomicWrite(abs: string, content: string | Uint8Array): void {
  mkdirSync(dirname(abs), { recursive: true });
  const temp = `${abs}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, content, { flag: 'wx' });
    renameSync(temp, abs);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
