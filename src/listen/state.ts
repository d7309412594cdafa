// What `listen` keeps per query on the ledger branch (listening/<query>.yaml): hourly counts
// for a bounded window, a cursor per account, a sample of recent mentions, and the alerts
// raised. Applying a pull is pure, so a run whose push lost a race simply applies it again
// on top of the other run's state: posts the other run counted are behind its cursor.
import { parse, stringify } from 'yaml';
import type { ListeningQuery, ListeningSettings } from '../calendar/model.js';
import { LedgerFormatError } from '../publish/ledger.js';
import { detectSpike, type SpikeVerdict } from './spike.js';

export const LISTENING_DIR = 'listening';
/** The file of a query; its name encoded so any name stays one file inside listening/. */
export const listeningPath = (query: string) => `${LISTENING_DIR}/${encodeURIComponent(query)}.yaml`;
const HOUR_MS = 3_600_000;
const SAMPLE_SIZE = 10;

/** A post that matched a query. */
export interface Mention {
  uri: string;
  url?: string;
  author: string;
  text: string;
  at: Date;
  account: string;
}

export interface Cursor {
  /** The newest mention time counted. */
  since: Date;
  /** Mentions at exactly `since` already counted (several can share a second). */
  edge: string[];
}

/** One spike: consecutive hours over the threshold are one alert (one notification, one freeze). */
export interface Alert {
  /** First and latest hour (UTC, `YYYY-MM-DDTHH`). */
  from: string;
  last: string;
  kinds: string[];
  peak: number;
  mean: number;
  at: Date;
  /** Tags frozen because of it. */
  froze: string[];
}

export interface QueryState {
  query: string;
  /** From when hourly counts are complete: earlier hours are unknown, not zero. */
  trackedFrom?: Date;
  hours: Record<string, number>;
  cursors: Record<string, Cursor>;
  sample: Mention[];
  alerts: Alert[];
}

export const hourKey = (d: Date) => d.toISOString().slice(0, 13);
const hourStart = (key: string) => new Date(`${key}:00:00.000Z`);

export function emptyState(query: string): QueryState {
  return { query, hours: {}, cursors: {}, sample: [], alerts: [] };
}

/**
 * Counts mentions not counted before (newer than the account's cursor) into their hours.
 * `complete`: the fetch reached the cursor or the end of results; on a first pull that means
 * the whole kept window was read, so its quiet hours are real zeros.
 */
export function applyPull(state: QueryState, account: string, fetched: Mention[], opts: { now: Date; keepHours: number; complete: boolean }): { state: QueryState; added: Mention[] } {
  const windowStart = hourStart(hourKey(new Date(opts.now.getTime() - (opts.keepHours - 1) * HOUR_MS)));
  const cursor = state.cursors[account];
  const seen = new Set<string>();
  const added: Mention[] = [];
  for (const m of fetched) {
    if (seen.has(m.uri) || m.at < windowStart) continue;
    seen.add(m.uri);
    if (cursor && (m.at < cursor.since || (m.at.getTime() === cursor.since.getTime() && cursor.edge.includes(m.uri)))) continue;
    added.push(m);
  }
  const hours = { ...state.hours };
  // A post dated in the future (a skewed clock) counts in the current hour.
  for (const m of added) {
    const key = hourKey(m.at > opts.now ? opts.now : m.at);
    hours[key] = (hours[key] ?? 0) + 1;
  }
  const cursors = { ...state.cursors };
  const newest = Math.max(cursor?.since.getTime() ?? -Infinity, ...added.map((m) => m.at.getTime()));
  if (Number.isFinite(newest)) {
    const since = new Date(newest);
    const edge = [...(cursor && cursor.since.getTime() === newest ? cursor.edge : []), ...added.filter((m) => m.at.getTime() === newest).map((m) => m.uri)];
    cursors[account] = { since, edge };
  } else if (!cursor) {
    cursors[account] = { since: opts.now, edge: [] };
  }
  let trackedFrom = state.trackedFrom;
  if (!trackedFrom) {
    const oldest = added.length ? new Date(Math.min(...added.map((m) => m.at.getTime()))) : opts.now;
    trackedFrom = opts.complete ? windowStart : hourStart(hourKey(oldest));
  }
  const sample = [...added, ...state.sample].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, SAMPLE_SIZE);
  return { state: { ...state, trackedFrom, hours, cursors, sample }, added };
}

export interface Evaluation {
  verdict: SpikeVerdict;
  /** Hours of history the baseline had. */
  historyHours: number;
  /** Too little history to alert yet. */
  warmingUp: boolean;
  /** A spike that was not already alerted (the previous hour was not one): notify and freeze now. */
  newAlert?: Alert;
  state: QueryState;
}

/** Judges the current hour, records a spike as an alert (continuing one when the previous hour was one too). */
export function evaluate(state: QueryState, query: ListeningQuery, settings: ListeningSettings, now: Date): Evaluation {
  const current = hourKey(now);
  const currentStart = hourStart(current).getTime();
  const tracked = state.trackedFrom ? hourStart(hourKey(state.trackedFrom)).getTime() : currentStart;
  const historyHours = Math.max(0, Math.round((currentStart - tracked) / HOUR_MS));
  const baseline: number[] = [];
  for (let h = Math.min(historyHours, settings.baselineHours); h >= 1; h--) baseline.push(state.hours[hourKey(new Date(currentStart - h * HOUR_MS))] ?? 0);
  const verdict = detectSpike(baseline, state.hours[current] ?? 0, query.spike);
  const warmingUp = historyHours < settings.warmupHours;
  if (!verdict.spike || warmingUp) return { verdict, historyHours, warmingUp, state };
  const previous = hourKey(new Date(currentStart - HOUR_MS));
  const last = state.alerts.at(-1);
  if (last && (last.last === current || last.last === previous)) {
    const continued = { ...last, last: current, peak: Math.max(last.peak, verdict.count), kinds: [...new Set([...last.kinds, ...verdict.kinds])] };
    return { verdict, historyHours, warmingUp, state: { ...state, alerts: [...state.alerts.slice(0, -1), continued] } };
  }
  const alert: Alert = { from: current, last: current, kinds: verdict.kinds, peak: verdict.count, mean: verdict.mean, at: now, froze: query.freeze };
  return { verdict, historyHours, warmingUp, newAlert: alert, state: { ...state, alerts: [...state.alerts, alert] } };
}

/** Drops hours and alerts older than the kept window. */
export function prune(state: QueryState, now: Date, keepHours: number): QueryState {
  const oldest = hourKey(new Date(now.getTime() - (keepHours - 1) * HOUR_MS));
  const hours = Object.fromEntries(Object.entries(state.hours).filter(([k]) => k >= oldest));
  const alerts = state.alerts.filter((a) => a.last >= oldest);
  const trackedFrom = state.trackedFrom && hourKey(state.trackedFrom) < oldest ? hourStart(oldest) : state.trackedFrom;
  return { ...state, hours, alerts, ...(trackedFrom ? { trackedFrom } : {}) };
}

const HEADER = '# Written by `socialcal listen`: hourly mention counts, cursors, a sample and alerts. Do not edit by hand.\n';

export function serializeState(s: QueryState): string {
  const hours = Object.fromEntries(Object.entries(s.hours).sort(([a], [b]) => a.localeCompare(b)));
  return (
    HEADER +
    stringify(
      {
        query: s.query,
        ...(s.trackedFrom ? { trackedFrom: s.trackedFrom.toISOString() } : {}),
        hours,
        cursors: Object.fromEntries(Object.entries(s.cursors).map(([k, c]) => [k, { since: c.since.toISOString(), edge: c.edge }])),
        sample: s.sample.map((m) => ({ ...m, at: m.at.toISOString() })),
        alerts: s.alerts.map((a) => ({ ...a, at: a.at.toISOString() })),
      },
      { lineWidth: 0 },
    )
  );
}

export function parseState(text: string, where: string): QueryState {
  const data = parse(text, { schema: 'core' }) as Record<string, any> | null;
  if (!data || typeof data.query !== 'string') throw new LedgerFormatError(where, 'no `query:` field');
  const date = (v: unknown) => {
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) throw new LedgerFormatError(where, `"${String(v)}" is not a time`);
    return d;
  };
  return {
    query: data.query,
    ...(data.trackedFrom ? { trackedFrom: date(data.trackedFrom) } : {}),
    hours: Object.fromEntries(Object.entries(data.hours ?? {}).map(([k, v]) => [k, Number(v)])),
    cursors: Object.fromEntries(Object.entries(data.cursors ?? {}).map(([k, c]: [string, any]) => [k, { since: date(c.since), edge: (c.edge ?? []).map(String) }])),
    sample: (data.sample ?? []).map((m: any) => ({ uri: String(m.uri), ...(m.url ? { url: String(m.url) } : {}), author: String(m.author ?? ''), text: String(m.text ?? ''), at: date(m.at), account: String(m.account ?? '') })),
    alerts: (data.alerts ?? []).map((a: any) => ({ from: String(a.from), last: String(a.last), kinds: (a.kinds ?? []).map(String), peak: Number(a.peak), mean: Number(a.mean), at: date(a.at), froze: (a.froze ?? []).map(String) })),
  };
}
