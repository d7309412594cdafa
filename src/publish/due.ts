// Which (post, account) pairs a run acts on, and why the others wait. Pure: no disk, no network.
import type { Blackout, Freeze, Post } from '../calendar/model.js';
import { channelAt, staggerSpan } from '../calendar/stagger.js';
import type { AccountEntry, LedgerFile } from './ledger.js';
import { recordedElsewhere } from './post-identity.js';

/** Posts further back than grace plus this are history: publish no longer looks at them. */
export const HISTORY_MS = 7 * 24 * 3_600_000;

export type PairAction =
  /** Post it (first time, or again after a failure that is known not to have posted). */
  | { kind: 'post'; post: Post; account: string; entry?: AccountEntry }
  /** A claim left without a result by a run that is gone: ask the platform before anything else. */
  | { kind: 'reconcile'; post: Post; account: string; entry: AccountEntry; mayPost: boolean; hold?: string }
  /** Too late: recorded as missed, never posted. */
  | { kind: 'missed'; post: Post; account: string; reason: string; entry?: AccountEntry }
  /** Due, but held back for now (freeze, blackout, errors in its file). */
  | { kind: 'held'; post: Post; account: string; reason: string }
  /** Claimed by another run that is still within its lease. */
  | { kind: 'busy'; post: Post; account: string; entry: AccountEntry }
  /** The outcome could not be known; waits for `publish --resolve`. */
  | { kind: 'unknown'; post: Post; account: string; entry: AccountEntry }
  /** Never published as it stands (its id names another post in the ledger); `check` reports why. */
  | { kind: 'refused'; post: Post; account: string; reason: string };

export interface DueInput {
  /** The calendar's posts (any order). */
  posts: Post[];
  /** The schedule's "now" (`--now` in replays). */
  now: Date;
  /** The real clock, for claim leases. */
  clock: Date;
  graceMs: number;
  /** A claim older than this, without a result, belongs to a run that died. */
  staleAfterMs: number;
  ledger: Map<string, LedgerFile>;
  freezes: Freeze[];
  blackouts: Blackout[];
  /** Post id → why it may not be published (first error-level problem in its files). */
  blocked: Map<string, string>;
  /** Only these accounts (`--accounts`); all when undefined. */
  accounts?: string[];
  /** Accounts that exist in the config; other channels are reported by `check`. */
  known: Set<string>;
}

/** Posts with a channel whose time lies in the window publish acts on: due now, not yet history. */
export function postsInWindow(posts: Post[], now: Date, graceMs: number): Post[] {
  const from = now.getTime() - graceMs - HISTORY_MS;
  // A staggered post's first channel goes at `at`, its last `staggerSpan` later.
  return posts.filter((p) => p.status === 'ready' && p.at.getTime() <= now.getTime() && p.at.getTime() + staggerSpan(p) >= from);
}

/** Whether the pair's own time (`at` plus its stagger) lies in that window. */
function pairInWindow(post: Post, account: string, now: Date, graceMs: number): boolean {
  const at = channelAt(post, account).getTime();
  return at <= now.getTime() && at >= now.getTime() - graceMs - HISTORY_MS;
}

export function selectDue(input: DueInput): PairAction[] {
  const out: PairAction[] = [];
  for (const post of postsInWindow(input.posts, input.now, input.graceMs)) {
    const file = input.ledger.get(post.id);
    const other = file && recordedElsewhere(post, file);
    for (const account of post.channels) {
      if (!input.known.has(account)) continue;
      if (input.accounts && !input.accounts.includes(account)) continue;
      if (!pairInWindow(post, account, input.now, input.graceMs)) continue;
      if (other) {
        out.push({ kind: 'refused', post, account, reason: `${other} — give this post a new id` });
        continue;
      }
      const action = decide(input, post, account, file?.accounts[account]);
      if (action) out.push(action);
    }
  }
  return out;
}

function decide(input: DueInput, post: Post, account: string, entry: AccountEntry | undefined): PairAction | undefined {
  const hold = holdReason(input, post, account);
  const expired = isExpired(input, post, account, entry);
  switch (entry?.state) {
    case 'published':
    case 'missed':
      return undefined;
    case 'unknown':
      return { kind: 'unknown', post, account, entry };
    case 'claimed': {
      const stale = input.clock.getTime() - entry.claimedAt.getTime() >= input.staleAfterMs;
      if (!stale) return { kind: 'busy', post, account, entry };
      return { kind: 'reconcile', post, account, entry, mayPost: !hold && !expired, ...(hold ? { hold } : {}) };
    }
    default:
      if (expired) return { kind: 'missed', post, account, reason: missedReason(input, channelAt(post, account), hold, entry), ...(entry ? { entry } : {}) };
      if (hold) return { kind: 'held', post, account, reason: hold };
      return { kind: 'post', post, account, ...(entry ? { entry } : {}) };
  }
}

/** The pair is past the grace period after its own time (or past a `--resolve …=retry` window, whichever is later). */
export function isExpired(input: Pick<DueInput, 'now' | 'graceMs'>, post: Post, account: string, entry?: AccountEntry): boolean {
  const until = Math.max(channelAt(post, account).getTime() + input.graceMs, entry?.retryUntil?.getTime() ?? 0);
  return input.now.getTime() > until;
}

/** Why a due pair may not go out right now, or undefined. */
export function holdReason(input: Pick<DueInput, 'now' | 'freezes' | 'blackouts' | 'blocked'>, post: Post, account: string): string | undefined {
  const problem = input.blocked.get(post.id);
  if (problem) return `errors in its file: ${problem}`;
  const freeze = input.freezes.find((f) => !f.tags || f.tags.some((t) => post.tags.includes(t)));
  if (freeze) return `publishing is frozen${freeze.tags ? ` for tag ${freeze.tags.filter((t) => post.tags.includes(t)).join(', ')}` : ''}: ${freeze.reason}`;
  const blackout = input.blackouts.find((b) => blackoutApplies(b, post, account, input.now));
  if (blackout) return `blackout "${blackout.name}"${blackout.reason ? `: ${blackout.reason}` : ''}`;
  return undefined;
}

/** A blackout holds a pair when the pair's time or the present falls inside it, and its tags and accounts match. */
export function blackoutApplies(b: Blackout, post: Post, account: string, now: Date): boolean {
  if (b.tags?.length && !b.tags.some((t) => post.tags.includes(t))) return false;
  if (b.accounts?.length && !b.accounts.includes(account)) return false;
  const inside = (t: Date) => t.getTime() >= b.from.getTime() && t.getTime() <= b.to.getTime();
  return inside(channelAt(post, account)) || inside(now);
}

function missedReason(input: Pick<DueInput, 'graceMs'>, at: Date, hold: string | undefined, entry: AccountEntry | undefined): string {
  const grace = `${Math.round(input.graceMs / 60_000)} min`;
  if (entry?.state === 'failed') return `still failing when the grace period (${grace}) ran out; last error: ${entry.error ?? 'unknown'}`;
  if (hold) return `held until the grace period (${grace}) ran out: ${hold}`;
  return `not published within the grace period (${grace}) after ${at.toISOString()}`;
}
