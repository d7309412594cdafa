// The metrics history on disk (docs/metrics.md): one YAML file per post under metrics/posts/,
// mirroring published/, and metrics/followers.yaml. One snapshot a line, in a fixed order, so a
// pull's diff shows exactly which readings it added. Written by hand (not by a YAML library) to
// keep that layout stable; read back with the YAML 1.2 core schema.
import { parse } from 'yaml';
import { z } from 'zod';
import { EXIT, SocialcalError } from '../errors.js';
import { COUNT_NAMES, mergeFollowerCounts, SNAPSHOT_AGES, type Counts, type FollowerCount, type MetricsHistory, type PostMetrics, type Snapshot, type SnapshotAge } from './model.js';

export const METRICS_DIR = 'metrics';
export const FOLLOWERS_FILE = `${METRICS_DIR}/followers.yaml`;
const POSTS_DIR = `${METRICS_DIR}/posts`;

export const metricsPath = (postId: string) => `${POSTS_DIR}/${postId}.yaml`;

/** `metrics/posts/launch.yaml` → `launch`; undefined for other paths. */
export function metricsPostIdOf(path: string): string | undefined {
  const m = /^metrics\/posts\/(.+)\.yaml$/.exec(path);
  return m ? m[1] : undefined;
}

const POST_HEADER = '# Written by `socialcal metrics` (docs/metrics.md). Do not edit by hand.\n';
const FOLLOWERS_HEADER = '# Written by `socialcal metrics`: follower count per account, the last reading of each UTC day (docs/metrics.md).\n';

/** One post's file: every account and thread item it has metrics for. `items` must all be of that post. */
export function serializePostMetrics(postId: string, items: PostMetrics[]): string {
  const lines = [POST_HEADER.trimEnd(), `post: ${scalar(postId)}`, 'accounts:'];
  const byAccount = new Map<string, PostMetrics[]>();
  for (const m of [...items].sort((a, b) => a.item - b.item)) byAccount.set(m.account, [...(byAccount.get(m.account) ?? []), m]);
  for (const account of [...byAccount.keys()].sort()) {
    const entries = byAccount.get(account)!;
    lines.push(`  ${scalar(account)}:`, `    platform: ${scalar(entries[0].platform)}`);
    const first = entries.find((e) => e.item === 0);
    if (first) lines.push(...itemLines(first, '    '));
    const replies = entries.filter((e) => e.item > 0);
    if (replies.length) {
      lines.push('    thread:');
      for (const reply of replies) lines.push(`      ${reply.item}:`, ...itemLines(reply, '        '));
    }
  }
  return lines.join('\n') + '\n';
}

function itemLines(m: PostMetrics, indent: string): string[] {
  const lines = [`${indent}publishedAt: ${m.publishedAt}`];
  if (m.url) lines.push(`${indent}url: ${scalar(m.url)}`);
  lines.push(`${indent}snapshots:${m.snapshots.length ? '' : ' {}'}`);
  for (const s of m.snapshots) lines.push(`${indent}  ${s.age}: ${snapshotLine(s)}`);
  return lines;
}

function snapshotLine(s: Snapshot): string {
  const parts = [`at: ${s.at}`];
  for (const name of COUNT_NAMES) if (s.counts[name] !== undefined) parts.push(`${name}: ${s.counts[name]}`);
  return `{${parts.join(', ')}}`;
}

export function serializeFollowers(followers: FollowerCount[]): string {
  const lines = [FOLLOWERS_HEADER.trimEnd(), 'accounts:'];
  let account: string | undefined;
  for (const f of mergeFollowerCounts([], followers)) {
    if (f.account !== account) lines.push(`  ${scalar(f.account)}:`);
    account = f.account;
    lines.push(`    ${f.at}: ${f.followers}`);
  }
  if (account === undefined) lines[1] = 'accounts: {}';
  return lines.join('\n') + '\n';
}

/** Every file of the history, by path: what a commit of the whole history would write. */
export function historyFiles(history: MetricsHistory): Map<string, string> {
  const byPost = new Map<string, PostMetrics[]>();
  for (const m of history.posts) byPost.set(m.postId, [...(byPost.get(m.postId) ?? []), m]);
  const files = new Map<string, string>();
  for (const [postId, items] of byPost) files.set(metricsPath(postId), serializePostMetrics(postId, items));
  if (history.followers.length) files.set(FOLLOWERS_FILE, serializeFollowers(history.followers));
  return files;
}

const count = z.number().int().nonnegative();
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'expected an ISO 8601 UTC time like 2026-03-08T10:00:00Z');
const snapshotSchema = z.strictObject({ at: iso, ...Object.fromEntries(COUNT_NAMES.map((n) => [n, count.optional()])) } as { at: typeof iso } & Record<(typeof COUNT_NAMES)[number], z.ZodOptional<typeof count>>);
const snapshotsSchema = z.strictObject(Object.fromEntries(SNAPSHOT_AGES.map((a) => [a, snapshotSchema.optional()])) as Record<SnapshotAge, z.ZodOptional<typeof snapshotSchema>>);
const itemSchema = z.object({ publishedAt: iso, url: z.string().optional(), snapshots: snapshotsSchema.default({}) });
const postFileSchema = z.object({
  post: z.union([z.string(), z.number()]).transform(String),
  accounts: z.record(z.string(), itemSchema.partial({ publishedAt: true }).extend({ platform: z.string(), thread: z.record(z.string().regex(/^[1-9]\d*$/, 'thread items are numbered 1, 2, …'), itemSchema).optional() })).default({}),
});
const followersFileSchema = z.object({ accounts: z.record(z.string(), z.record(iso, count).nullable()).default({}) });

/** One post's file back into items; `where` names it in errors. */
export function parsePostMetrics(text: string, where: string): PostMetrics[] {
  return readWritten(text) ?? parsePostFile(text, where);
}

/** Any YAML of the file's shape, hand edits included; checked field by field. */
function parsePostFile(text: string, where: string): PostMetrics[] {
  const data = checked(postFileSchema, text, where);
  const out: PostMetrics[] = [];
  for (const [account, entry] of Object.entries(data.accounts)) {
    const base = { postId: data.post, account, platform: entry.platform };
    if (entry.publishedAt) out.push({ ...base, ...item(entry as z.infer<typeof itemSchema>), item: 0 });
    for (const [n, reply] of Object.entries(entry.thread ?? {})) out.push({ ...base, ...item(reply), item: Number(n) });
  }
  return out;
}

function item(entry: z.infer<typeof itemSchema>): Pick<PostMetrics, 'publishedAt' | 'url' | 'snapshots'> {
  const snapshots = SNAPSHOT_AGES.flatMap((age): Snapshot[] => {
    const s = entry.snapshots[age];
    if (!s) return [];
    const { at, ...counts } = s;
    return [{ age, at, counts: counts as Counts }];
  });
  return { publishedAt: entry.publishedAt, ...(entry.url ? { url: entry.url } : {}), snapshots };
}

// The layout serializePostMetrics writes, read line by line: ten times faster than a YAML
// parser plus schema checks, which matters for `report` over years of posts. Any line out of
// that layout (a hand edit) makes it give up, and the full YAML reading takes over.
const LINE = /^( *)([^\s:"][^:]*|"(?:[^"\\]|\\.)*"):(?: (.*))?$/;
const SNAPSHOT = /^\{at: (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)((?:, [a-z]+: \d+)*)\}$/;
const AGES = new Set<string>(SNAPSHOT_AGES);
const NAMES = new Set<string>(COUNT_NAMES);

function readWritten(text: string): PostMetrics[] | undefined {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith('#')) i++;
  const head = LINE.exec(lines[i++] ?? '');
  if (!head || head[1] || head[2] !== 'post' || head[3] === undefined || lines[i++] !== 'accounts:') return undefined;
  const postId = unquote(head[3]);
  if (postId === undefined) return undefined;
  const out: PostMetrics[] = [];
  let account: string | undefined;
  let platform: string | undefined;
  let current: PostMetrics | undefined;
  let depth = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) return undefined;
    const [, indent, rawKey, value] = m;
    // Ages and thread numbers are written bare; names go through scalar().
    const key = /^\w+$/.test(rawKey) ? rawKey : unquote(rawKey);
    if (key === undefined) return undefined;
    const level = indent.length;
    if (level === 2 && value === undefined) {
      account = key;
      platform = undefined;
      current = undefined;
    } else if (level === 4 && key === 'platform' && value !== undefined && account !== undefined) {
      platform = unquote(value);
    } else if ((level === 4 || level === 8) && key === 'publishedAt' && value !== undefined && account !== undefined && platform !== undefined) {
      if (level === 4) depth = 0;
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.test(value)) return undefined;
      current = { postId, account, platform, item: level === 4 ? 0 : depth, publishedAt: value, snapshots: [] };
      out.push(current);
    } else if (level === 6 && /^[1-9]\d*$/.test(key) && value === undefined) {
      depth = Number(key);
    } else if ((level === 4 || level === 8) && key === 'url' && value !== undefined && current) {
      const url = unquote(value);
      if (url === undefined) return undefined;
      current.url = url;
    } else if ((level === 4 || level === 8) && key === 'snapshots' && (value === undefined || value === '{}') && current) {
      continue;
    } else if (level === 4 && key === 'thread' && value === undefined) {
      continue;
    } else if ((level === 6 || level === 10) && AGES.has(key) && value !== undefined && current) {
      const s = SNAPSHOT.exec(value);
      if (!s) return undefined;
      const counts: Counts = {};
      for (const part of s[2].split(', ').slice(1)) {
        const [name, n] = part.split(': ');
        if (!NAMES.has(name)) return undefined;
        counts[name as (typeof COUNT_NAMES)[number]] = Number(n);
      }
      current.snapshots.push({ age: key as SnapshotAge, at: s[1], counts });
    } else return undefined;
  }
  // Snapshots in their fixed order, each age once, as the schema reading guarantees.
  for (const m of out) {
    const ages = m.snapshots.map((s) => SNAPSHOT_AGES.indexOf(s.age));
    if (ages.some((a, k) => k > 0 && a <= ages[k - 1])) return undefined;
  }
  return out;
}

/** A plain scalar as is, a double-quoted one through JSON; undefined for anything else. */
function unquote(s: string): string | undefined {
  if (!s.startsWith('"')) return /^[A-Za-z_][\w./:@%?=&+~-]*$/.test(s) && !/^(true|false|null|~)$/i.test(s) ? s : undefined;
  try {
    const v = JSON.parse(s);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function parseFollowers(text: string, where: string): FollowerCount[] {
  const data = checked(followersFileSchema, text, where);
  const out: FollowerCount[] = [];
  for (const [account, series] of Object.entries(data.accounts)) for (const [at, followers] of Object.entries(series ?? {})) out.push({ account, at, followers });
  return mergeFollowerCounts([], out);
}

/** The history from its files (paths under metrics/); other paths are ignored. */
export function parseHistoryFiles(files: Map<string, string>, where: string): MetricsHistory {
  const posts: PostMetrics[] = [];
  let followers: FollowerCount[] = [];
  for (const [path, text] of files) {
    if (path === FOLLOWERS_FILE) followers = parseFollowers(text, `${path} on ${where}`);
    else if (metricsPostIdOf(path) !== undefined) posts.push(...parsePostMetrics(text, `${path} on ${where}`));
  }
  posts.sort((a, b) => (a.postId !== b.postId ? (a.postId < b.postId ? -1 : 1) : a.account !== b.account ? (a.account < b.account ? -1 : 1) : a.item - b.item));
  return { posts, followers };
}

function checked<T extends z.ZodType>(schema: T, text: string, where: string): z.infer<T> {
  let data: unknown;
  try {
    data = parse(text, { schema: 'core' });
  } catch (error) {
    throw new MetricsFormatError(where, (error as Error).message.split('\n')[0]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new MetricsFormatError(where, `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return result.data;
}

export class MetricsFormatError extends SocialcalError {
  constructor(where: string, detail: string) {
    super(
      `metrics file ${where} is damaged: ${detail}`,
      'restore it from the ledger branch\'s history (git log on that branch), or delete the file there: the next `socialcal metrics` pulls the latest counts again (fixed-age snapshots already past are lost)',
      EXIT.usage,
    );
    this.name = 'MetricsFormatError';
  }
}

/** A YAML plain scalar when that reads back as the same string, else a double-quoted one. */
function scalar(s: string): string {
  const plain = /^[A-Za-z_][\w./:@%?=&+~-]*$/.test(s) && !/^(true|false|null|~)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}
