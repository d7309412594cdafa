import type { FieldPath, Post } from './model.js';
import { didYouMean } from './problems.js';
import { formatWall, parseDuration } from './time.js';

// Stagger: one post's channels each at their own time. `stagger: 45m` puts every channel 45
// minutes after the one before it, in the order of `channels`; a map gives accounts their own
// offset from `at` (`{ bluesky: 0m, linkedin: 45m }`), and channels it leaves out go at `at`.
// Pure: the loader reports the issues, everyone else asks `channelAt`.

/** As written in the file. */
export type StaggerInput = string | number | Record<string, string | number>;

export interface Stagger {
  /** Account → ms after `at`; every channel of the post, 0 included. */
  offsets: Record<string, number>;
  /** As written, for files and CSV. */
  written: StaggerInput;
}

/** One message spread over more than a day is a new post (or a `repeat`), not a stagger. */
export const MAX_STAGGER_MS = 24 * 3_600_000;

export interface StaggerIssue {
  path: FieldPath;
  code: 'stagger-invalid' | 'stagger-account' | 'stagger-single';
  data: Record<string, string>;
}

/** Reads `stagger` against the post's channels: the offsets when usable, and what is wrong. */
export function readStagger(input: StaggerInput, channels: readonly string[]): { stagger?: Stagger; issues: StaggerIssue[] } {
  const issues: StaggerIssue[] = [];
  const offsets: Record<string, number> = Object.create(null);
  for (const c of channels) offsets[c] = 0;
  if (typeof input === 'object') {
    for (const [account, value] of Object.entries(input)) {
      const path = ['stagger', account];
      if (!channels.includes(account)) {
        issues.push({
          path,
          code: 'stagger-account',
          data: { name: account, suggestion: didYouMean(account, channels) ?? '', known: channels.join(', ') },
        });
        continue;
      }
      const ms = offset(value, path, issues, 1);
      if (ms !== undefined) offsets[account] = ms;
    }
  } else {
    const step = offset(input, ['stagger'], issues, Math.max(1, channels.length - 1));
    if (step !== undefined) channels.forEach((c, i) => (offsets[c] = offsets[c] || i * step));
  }
  if (new Set(channels).size < 2) {
    issues.push({ path: ['stagger'], code: 'stagger-single', data: { channel: channels[0] ?? '' } });
  }
  const usable = !issues.some((i) => i.code !== 'stagger-single');
  return { ...(usable ? { stagger: { offsets, written: input } } : {}), issues };
}

/** One duration of `stagger`, checked; `times` is how often it adds up (the interval form). */
function offset(value: string | number, path: FieldPath, issues: StaggerIssue[], times: number): number | undefined {
  const text = String(value).trim();
  const bad = (detail: string, hint: string) => {
    issues.push({ path, code: 'stagger-invalid', data: { detail, hint } });
    return undefined;
  };
  if (text === '0') return 0;
  if (/^\d+(\.\d+)?$/.test(text)) return bad(`"${text}" has no unit`, `write minutes or hours: \`${text}m\` or \`${text}h\``);
  if (text.startsWith('-')) return bad(`"${text}" is negative: a channel cannot go out before \`at\``, 'move `at` to the earliest channel\'s time and stagger the others after it');
  const ms = parseDuration(text);
  if (ms === undefined || !/^\d+(\.\d+)?\s*(m|min|h)$/.test(text)) return bad(`"${text}" is not a duration`, 'write minutes or hours: `45m`, `2h`');
  if (ms % 60_000 !== 0) return bad(`"${text}" is not a whole number of minutes`, 'write minutes or hours: `45m`, `2h`');
  if (ms * times > MAX_STAGGER_MS) {
    return bad(
      times > 1 ? `${text} between ${times + 1} channels spreads the post over more than 24 hours` : `"${text}" is more than 24 hours after \`at\``,
      'keep a stagger within a day; for a later repeat of the message, write another post or use `repeat`',
    );
  }
  return ms;
}

/** When the post goes out on `account`. */
export function channelAt(post: Pick<Post, 'at' | 'stagger'>, account: string): Date {
  const ms = post.stagger?.offsets[account];
  return ms ? new Date(post.at.getTime() + ms) : post.at;
}

/** Every channel with its own time, in the order of `channels`. */
export function channelTimes(post: Pick<Post, 'at' | 'stagger' | 'channels'>): { account: string; at: Date }[] {
  return post.channels.map((account) => ({ account, at: channelAt(post, account) }));
}

/** A post's channels that go out at one time: the whole post, or one part of a staggered one. */
export interface ChannelGroup {
  post: Post;
  at: Date;
  channels: string[];
  /** Only for a staggered post: `first` goes at `at`, `later` after it. */
  stagger?: 'first' | 'later';
}

/** The post once per distinct channel time, in time order: what calendar views and ICS show. */
export function channelGroups(post: Post): ChannelGroup[] {
  if (!post.stagger) return [{ post, at: post.at, channels: post.channels }];
  const groups = new Map<number, ChannelGroup>();
  for (const { account, at } of channelTimes(post)) {
    const group = groups.get(at.getTime());
    if (group) group.channels.push(account);
    else groups.set(at.getTime(), { post, at, channels: [account], stagger: at.getTime() === post.at.getTime() ? 'first' : 'later' });
  }
  return [...groups.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Every channel's time as ISO instant and wall time in `zone`, with its offset in minutes: what views and --json show. */
export function channelSchedule(post: Pick<Post, 'at' | 'stagger' | 'channels'>, zone: string): { account: string; at: string; local: string; offsetMinutes: number }[] {
  return channelTimes(post).map(({ account, at }) => ({
    account,
    at: at.toISOString(),
    local: formatWall(at, zone),
    offsetMinutes: (at.getTime() - post.at.getTime()) / 60_000,
  }));
}

/** The latest channel's offset (0 without a stagger). */
export function staggerSpan(post: Pick<Post, 'stagger'>): number {
  return post.stagger ? Math.max(0, ...Object.values(post.stagger.offsets)) : 0;
}

/** Where a finding about the account's time points: its `stagger` entry when staggered, else `at`. */
export function channelPath(post: Pick<Post, 'stagger'>, account: string): FieldPath {
  if (!post.stagger?.offsets[account]) return ['at'];
  return typeof post.stagger.written === 'object' ? ['stagger', account] : ['stagger'];
}

/** `stagger` as one line of text (CSV cells): `45m`, or `bluesky: 0m, linkedin: 45m`. */
export function staggerText(written: StaggerInput): string {
  if (typeof written !== 'object') return String(written);
  return Object.entries(written).map(([k, v]) => `${k}: ${v}`).join(', ');
}

/** Reads `staggerText` back (CSV cells). */
export function parseStaggerText(text: string): StaggerInput {
  const t = text.trim();
  if (!t.includes(':')) return t;
  return Object.fromEntries(
    t.split(',').map((part) => {
      const i = part.indexOf(':');
      return [part.slice(0, i).trim(), part.slice(i + 1).trim()];
    }),
  );
}
