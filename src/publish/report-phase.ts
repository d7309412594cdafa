// Phase 4 of a run: what the run did, pair by pair, for people (views) and scripts (--json).
import type { Calendar, Freeze, PlatformId, Post } from '../calendar/model.js';
import type { OutgoingItem } from '../platforms/types.js';
import type { PairAction } from './due.js';
import type { AccountEntry } from './ledger.js';
import { outgoingItems } from './outgoing.js';
import { channelAt, channelTimes } from '../calendar/stagger.js';
import type { Outcome, PairState } from './run-context.js';

export type { PairState } from './run-context.js';

export interface PreviewItem {
  text: string;
  media: { file: string; alt?: string }[];
}

export interface PairReport {
  post: string;
  file: string;
  account: string;
  platform: PlatformId;
  at: string;
  state: PairState;
  /** This run's part: claimed and posted, reconciled, recorded missed, or only reported. */
  action: PairAction['kind'];
  urls?: string[];
  error?: string;
  reason?: string;
  /** Dry run: exactly what the account would receive. */
  items?: PreviewItem[];
}

export interface PublishReport {
  run: string;
  now: string;
  dryRun: boolean;
  branch: string;
  freezes: Freeze[];
  pairs: PairReport[];
  /** When nothing was due: why (drafts in the window, the next ready post). */
  nothingDue?: string[];
  /** Results this run could not push, kept in this local file for the next run (the run is not ok). */
  pending?: string;
  timings: { gitMs: number; postingMs: number; totalMs: number };
  /** False when any pair failed, was missed or has an unknown outcome. */
  ok: boolean;
}

/** One line per selected pair: its outcome when this run acted on it, else what was decided. */
export function reportPairs(calendar: Calendar, selected: PairAction[], outcomes: Outcome[]): PairReport[] {
  const byPair = new Map(outcomes.map((o) => [`${o.action.post.id}\0${o.action.account}`, o]));
  return selected.map((a) => {
    const o = byPair.get(`${a.post.id}\0${a.account}`);
    if (!o) return pairReport(calendar, a, stateOfAction(a));
    const state: PairState = o.shown ?? o.entry?.state ?? 'released';
    return pairReport(calendar, a, state, o.entry, o.reason);
  });
}

/** A dry run's pairs: due ones with exactly what each account would receive. */
export function previewPairs(calendar: Calendar, actions: PairAction[]): PairReport[] {
  return actions.map((a) => {
    const due = a.kind === 'post' || a.kind === 'reconcile';
    return { ...pairReport(calendar, a, due ? 'due' : stateOfAction(a)), ...(due ? { items: preview(outgoingItems(calendar, a.post, a.account)) } : {}) };
  });
}

/** Whether a dry run would end well: the same verdict a real run would give, where it can be known. */
export function previewOk(pairs: PairReport[]): boolean {
  return pairs.every((p) => !['missed', 'unknown', 'refused'].includes(p.state));
}

/** Why nothing went out: posts in the window that are not ready, and the next post that is. */
export function whyNothingDue(calendar: Calendar, now: Date, graceMs: number, accounts?: string[]): string[] {
  const mine = (p: Post) => !accounts || p.channels.some((c) => accounts.includes(c));
  const from = now.getTime() - graceMs;
  const notReady = calendar.posts.filter((p) => p.status !== 'ready' && mine(p) && p.at.getTime() <= now.getTime() && p.at.getTime() >= from);
  const out: string[] = [];
  for (const status of ['draft', 'idea'] as const) {
    const ids = notReady.filter((p) => p.status === status).map((p) => p.id);
    if (ids.length) out.push(`${ids.length} post${ids.length === 1 ? '' : 's'} due within the grace period ${ids.length === 1 ? 'is' : 'are'} still ${status === 'draft' ? 'a draft' : 'an idea'} (only status: ready is published): ${ids.join(', ')}`);
  }
  const next = nextPair(calendar.posts.filter((p) => p.status === 'ready' && mine(p)), now, accounts);
  out.push(next ? `next ready post: ${next.post.id} at ${next.at.toISOString()}${next.post.stagger ? ` (${next.account})` : ''}` : 'no ready post is scheduled after now');
  return out;
}

/** The earliest (post, account) pair after now; posts are in time order and a stagger is at most a day. */
function nextPair(posts: Post[], now: Date, accounts?: string[]): { post: Post; account: string; at: Date } | undefined {
  let best: { post: Post; account: string; at: Date } | undefined;
  for (const post of posts) {
    if (best && post.at.getTime() > best.at.getTime()) break;
    for (const { account, at } of channelTimes(post)) {
      if (accounts && !accounts.includes(account)) continue;
      if (at.getTime() > now.getTime() && (!best || at.getTime() < best.at.getTime())) best = { post, account, at };
    }
  }
  return best;
}

/** A run went well when nothing failed, was missed, is unknown, stayed claimed or was refused. */
export function runOk(pairs: PairReport[]): boolean {
  return pairs.every((p) => !['failed', 'missed', 'unknown', 'claimed', 'refused'].includes(p.state));
}

function stateOfAction(a: PairAction): PairState {
  switch (a.kind) {
    case 'held':
      return 'held';
    case 'busy':
      return 'busy';
    case 'unknown':
      return 'unknown';
    case 'missed':
      return 'missed';
    case 'refused':
      return 'refused';
    default:
      return 'due';
  }
}

function pairReport(calendar: Calendar, a: PairAction, state: PairState, entry?: AccountEntry, reason?: string): PairReport {
  const e = entry ?? ('entry' in a ? a.entry : undefined);
  const urls = e?.items.map((i) => i.url).filter((u): u is string => Boolean(u));
  const why = reason ?? ('reason' in a ? a.reason : undefined) ?? (a.kind === 'busy' ? `claimed by run ${a.entry.run} at ${a.entry.claimedAt.toISOString()}` : undefined) ?? (state === 'missed' ? e?.note : undefined);
  return {
    post: a.post.id,
    file: a.post.file,
    account: a.account,
    platform: calendar.config.accounts[a.account].platform,
    at: channelAt(a.post, a.account).toISOString(),
    state,
    action: a.kind,
    ...(urls?.length && state === 'published' ? { urls } : {}),
    ...(e?.error && ['failed', 'unknown', 'claimed'].includes(state) ? { error: e.error } : {}),
    ...(why ? { reason: why } : {}),
  };
}

function preview(items: OutgoingItem[]): PreviewItem[] {
  return items.map((i) => ({ text: i.text, media: i.media.map((m) => ({ file: m.file, ...(m.alt !== undefined ? { alt: m.alt } : {}) })) }));
}
