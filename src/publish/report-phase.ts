// Phase 4 of a run: what the run did, pair by pair, for people (views) and scripts (--json).
import type { Calendar, Freeze, PlatformId } from '../calendar/model.js';
import type { OutgoingItem } from '../platforms/types.js';
import type { PairAction } from './due.js';
import type { AccountEntry } from './ledger.js';
import { outgoingItems } from './outgoing.js';
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

/** A run went well when nothing failed, was missed, is unknown or stayed claimed. */
export function runOk(pairs: PairReport[]): boolean {
  return pairs.every((p) => !['failed', 'missed', 'unknown', 'claimed'].includes(p.state));
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
    at: a.post.at.toISOString(),
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
