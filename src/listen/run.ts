// One `listen` run: read what each query's accounts find since their cursors, count it into
// hourly buckets on the ledger branch, judge the current hour against the baseline, and on a
// new spike record the alert — with a freeze of the query's tags in the same commit — then
// tell the webhooks. A race with another run is settled by the ledger store: the loser
// applies its reads again on top of the winner's state.
import type { Account, Calendar, Freeze, ListeningQuery, ListeningSettings } from '../calendar/model.js';
import { EXIT, SocialcalError } from '../errors.js';
import { createAdapter, type Adapter } from '../platforms/index.js';
import { addFreeze } from '../publish/freeze.js';
import { committer } from '../publish/identity.js';
import { FREEZE_FILE, serializeFreezes } from '../publish/ledger.js';
import { LedgerStore, ledgerLocation } from '../publish/store.js';
import { notifyWebhooks } from './notify.js';
import { fetchMentions, type Fetched } from './sources.js';
import { applyPull, emptyState, evaluate, hourKey, listeningPath, LISTENING_DIR, parseState, prune, serializeState, type Alert, type Mention, type QueryState } from './state.js';
import type { SpikeVerdict } from './spike.js';

export const LISTEN_ACTOR = 'socialcal listen';

export interface ListenOptions {
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Only these queries. */
  queries?: string[];
  adapterFor?: (account: Account, env: NodeJS.ProcessEnv) => Promise<Adapter>;
  sleep?: (ms: number) => Promise<void>;
}

export interface QueryReport {
  query: string;
  /** Mentions counted for the first time by this run. */
  added: number;
  hour: string;
  verdict: SpikeVerdict;
  historyHours: number;
  warmingUp: boolean;
  /** A spike first seen by this run. */
  alert?: Alert;
  /** The current hour continues a spike alerted earlier. */
  continuing: boolean;
  /** The newest new mentions (up to 5). */
  newest: Mention[];
  /** Accounts that could not be read, with why. */
  errors: string[];
  /** Some term had more new posts than a run reads: counts are a lower bound. */
  truncated: boolean;
}

export interface ListenReport {
  queries: QueryReport[];
  /** Freezes this run added. */
  froze: Freeze[];
  /** Webhook messages that could not be sent. */
  notifyProblems: string[];
}

export function listeningOf(calendar: Calendar): ListeningSettings {
  const settings = calendar.config.listening;
  if (!settings) {
    throw new SocialcalError('socialcal.yaml has no `listening:` section', 'add named queries under listening.queries (see docs/engage.md), then run `socialcal listen` again', EXIT.usage);
  }
  return settings;
}

export async function listen(calendar: Calendar, opts: ListenOptions = {}): Promise<ListenReport> {
  const settings = listeningOf(calendar);
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const queries = opts.queries ? settings.queries.filter((q) => opts.queries!.includes(q.name)) : settings.queries;
  const store = await LedgerStore.open(ledgerLocation(calendar.root, calendar.config.publish), committer(calendar.config.publish, env));
  const before = await readStates(await store.sync());

  const make = opts.adapterFor ?? ((a: Account, e: NodeJS.ProcessEnv) => createAdapter(a, e, { root: calendar.root }));
  const adapters = new Map<string, Promise<Adapter>>();
  const adapterOf = (name: string) => {
    if (!adapters.has(name)) adapters.set(name, make(calendar.config.accounts[name], env));
    return adapters.get(name)!;
  };
  const windowStart = new Date(now.getTime() - settings.keepHours * 3_600_000);
  const reads = new Map<string, Map<string, Fetched>>();
  const errors = new Map<string, string[]>();
  for (const query of queries) {
    const got = new Map<string, Fetched>();
    for (const account of query.accounts) {
      const since = before.get(query.name)?.cursors[account]?.since;
      try {
        got.set(account, await fetchMentions(await adapterOf(account), query, since && since > windowStart ? since : windowStart));
      } catch (error) {
        errors.set(query.name, [...(errors.get(query.name) ?? []), `${account}: ${(error as Error).message}`]);
      }
    }
    reads.set(query.name, got);
  }

  const outcome = await store.update(
    async (snapshot) => {
      const states = await readStates(snapshot);
      const write = new Map<string, string>();
      const reports: QueryReport[] = [];
      let freezes = snapshot.freezes;
      const froze: Freeze[] = [];
      for (const query of queries) {
        let state = states.get(query.name) ?? emptyState(query.name);
        const original = states.has(query.name) ? serializeState(state) : undefined;
        const added: Mention[] = [];
        let truncated = false;
        for (const [account, fetched] of reads.get(query.name) ?? []) {
          const applied = applyPull(state, account, fetched.mentions, { now, keepHours: settings.keepHours, complete: fetched.complete });
          state = applied.state;
          added.push(...applied.added);
          truncated ||= !fetched.complete;
        }
        const judged = evaluate(state, query, settings, now);
        state = prune(judged.state, now, settings.keepHours);
        const text = serializeState(state);
        if (text !== original) write.set(listeningPath(query.name), text);
        const alert = judged.newAlert;
        if (alert && query.freeze.length && !alreadyFrozen(freezes, query.freeze)) {
          const freeze: Freeze = { reason: freezeReason(query, judged.verdict), tags: query.freeze, at: now, by: LISTEN_ACTOR };
          freezes = addFreeze(freezes, freeze);
          froze.push(freeze);
        }
        const continuing = judged.verdict.spike && !judged.warmingUp && !alert;
        reports.push({
          query: query.name,
          added: added.length,
          hour: hourKey(now),
          verdict: judged.verdict,
          historyHours: judged.historyHours,
          warmingUp: judged.warmingUp,
          ...(alert ? { alert } : {}),
          continuing,
          newest: added.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 5),
          errors: errors.get(query.name) ?? [],
          truncated,
        });
      }
      if (froze.length) write.set(FREEZE_FILE, serializeFreezes(freezes));
      const spikes = reports.filter((r) => r.alert);
      const message = spikes.length
        ? `socialcal listen: spike in ${spikes.map((r) => `"${r.query}" (${r.verdict.count} mentions this hour, baseline ${r.verdict.mean}/h)`).join(', ')}${froze.length ? ` — froze tags ${froze.flatMap((f) => f.tags ?? []).join(', ')}` : ''}\n\nBy: ${LISTEN_ACTOR}\n`
        : `socialcal listen: ${reports.map((r) => `${r.query} +${r.added}`).join(', ')}`;
      return { change: write.size ? { write, message } : undefined, result: { reports, froze } };
    },
    { now: () => now, sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) },
  );

  const notifyProblems: string[] = [];
  const spikes = outcome.reports.filter((r) => r.alert);
  if (spikes.length && (settings.notify.slack || settings.notify.discord)) {
    notifyProblems.push(...(await notifyWebhooks(settings.notify, env, spikeMessage(spikes, outcome.froze))));
  }
  return { queries: outcome.reports, froze: outcome.froze, notifyProblems };
}

async function readStates(snapshot: { filesUnder(dir: string): Promise<Map<string, string>> }): Promise<Map<string, QueryState>> {
  const out = new Map<string, QueryState>();
  for (const [path, text] of await snapshot.filesUnder(LISTENING_DIR)) {
    const state = parseState(text, `${path} on the ledger branch`);
    out.set(state.query, state);
  }
  return out;
}

/** A freeze of everything, or of these tags already, stays as a person set it. */
function alreadyFrozen(freezes: Freeze[], tags: string[]): boolean {
  return freezes.some((f) => !f.tags || tags.every((t) => f.tags!.includes(t)));
}

export function freezeReason(query: ListeningQuery, v: SpikeVerdict): string {
  return `listen: spike in "${query.name}" — ${v.count} mentions this hour against a baseline of ${v.mean}/h; a person lifts this with socialcal unfreeze`;
}

/** The webhook message (plain text: Slack and Discord both render it). */
export function spikeMessage(spikes: QueryReport[], froze: Freeze[]): string {
  const lines = spikes.map((r) => `Spike in "${r.query}": ${r.verdict.count} mentions this hour (baseline ${r.verdict.mean}/h; ${r.verdict.kinds.join(' and ')})`);
  if (froze.length) lines.push(`Publishing frozen for tags ${froze.flatMap((f) => f.tags ?? []).join(', ')} until someone runs socialcal unfreeze.`);
  const sample = spikes.flatMap((r) => r.newest.slice(0, 3)).map((m) => `• ${m.author}: ${m.text.replace(/\s+/g, ' ').slice(0, 140)}${m.url ? ` ${m.url}` : ''}`);
  return [...lines, ...sample].join('\n');
}
