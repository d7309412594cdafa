// One publish run: select what is due, claim it on the ledger branch (commit + push), post with
// the handles stored in the claim, record the results (commit + push). Reconciles claims that
// dead runs left behind before anything is sent again.
import { randomBytes } from 'node:crypto';
import type { Account, Calendar, Freeze, PlatformId, Post, PublishStateName } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { credentialVars } from '../platforms/credentials.js';
import { createAdapter, type Adapter } from '../platforms/index.js';
import type { OutgoingItem } from '../platforms/types.js';
import { runRules } from '../rules/index.js';
import { isExpired, postsInWindow, selectDue, type PairAction } from './due.js';
import { committer } from './identity.js';
import { ledgerPath, type AccountEntry, type LedgerFile } from './ledger.js';
import { outgoingItems } from './outgoing.js';
import { runLanes } from './pool.js';
import { reconcilePair } from './reconcile.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { describe, sendPair, type SendDeps } from './send.js';
import { claim, failed, missed, nextItem, takeOver } from './states.js';
import { LedgerStore, readSnapshot, writeLedgerText, type LedgerChange, type LedgerSnapshot } from './store.js';

export const DEFAULT_STALE_AFTER_MS = 30 * 60_000;

export interface PublishOptions {
  /** The schedule's now (`--now`); defaults to the clock. */
  now?: Date;
  dryRun?: boolean;
  /** Only these accounts (`--accounts`, for sharding across jobs). */
  accounts?: string[];
  /** A claim without a result older than this is from a run that died. */
  staleAfterMs?: number;
  env?: NodeJS.ProcessEnv;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: RetryPolicy;
  /** How accounts get their adapter (tests swap in their own). */
  adapterFor?: (account: Account, env: NodeJS.ProcessEnv) => Promise<Adapter>;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export type PairState = PublishStateName | 'held' | 'busy' | 'due' | 'released';

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

interface Claimed {
  action: Extract<PairAction, { kind: 'post' | 'reconcile' }>;
  adapter: Adapter;
  items: OutgoingItem[];
  entry: AccountEntry;
}

interface Outcome {
  action: PairAction;
  /** What to write for the pair; undefined = give the pair back (remove this run's claim). */
  entry?: AccountEntry;
  /** The entry before this run claimed it, restored on release. */
  previous?: AccountEntry;
  reason?: string;
  /** How the report shows it when `entry` does not say (a pair this run could not start). */
  shown?: PairState;
  written: boolean;
}

export async function publish(calendar: Calendar, problems: Problem[], opts: PublishOptions = {}): Promise<PublishReport> {
  const t0 = performance.now();
  const clock = opts.clock ?? (() => new Date());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  const settings = calendar.config.publish;
  const now = opts.now ?? clock();
  const graceMs = settings.graceMinutes * 60_000;
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  // Stop starting posts well before other runs could take this run's claims for abandoned. A
  // short --stale-after (recovering after a crash) judges others' claims, not this run's pace.
  const ownDeadlineMs = Math.max(staleAfterMs, DEFAULT_STALE_AFTER_MS) / 2;
  const run = runId(clock());
  const secrets = collectSecrets(calendar, env);
  const deps: SendDeps = { policy: opts.retry ?? DEFAULT_RETRY, sleep, now: clock, random: opts.random, secrets };
  const timings = { gitMs: 0, postingMs: 0, totalMs: 0 };
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      timings.gitMs += performance.now() - t;
    }
  };

  const adapters = new Map<string, Promise<Adapter>>();
  const adapterOf = (name: string) => {
    let a = adapters.get(name);
    if (!a) {
      const account = calendar.config.accounts[name];
      a = (opts.adapterFor ?? ((acc, e) => createAdapter(acc, e, { root: calendar.root })))(account, env);
      a.catch(() => undefined);
      adapters.set(name, a);
    }
    return a;
  };

  const inWindow = postsInWindow(calendar.posts, now, graceMs);
  // Adapter modules take a while to load (about 150 ms for Bluesky): load them while git
  // fetches the ledger. Errors surface later, only for accounts that turn out to be due.
  if (!opts.dryRun) {
    for (const name of new Set(inWindow.filter((p) => p.status === 'ready').flatMap((p) => p.channels))) {
      try {
        if (calendar.config.accounts[name]) void adapterOf(name);
      } catch {
        // Reported where the account is used.
      }
    }
  }
  const store = await LedgerStore.open({ cwd: calendar.root, branch: settings.ledgerBranch, remote: settings.remote }, committer(settings, env));
  const first = await timed(() =>
    store.sync().catch(async (error) => {
      // A preview should work offline: show what the last fetch knew.
      if (!opts.dryRun) throw error;
      log(`warning: could not fetch the ledger branch (${(error as Error).message}); using the local copy`);
      return readSnapshot(store.cwd, store.ref);
    }),
  );
  const blocked = blockedPosts(calendar, [...problems, ...runRules(calendar, { now, ledger: await timed(() => first.view()) })]);
  const window = inWindow.map((p) => p.id);
  const select = async (snapshot: LedgerSnapshot) =>
    selectDue({
      posts: calendar.posts,
      now,
      clock: clock(),
      graceMs,
      staleAfterMs,
      ledger: await snapshot.load(window),
      freezes: snapshot.freezes,
      blackouts: calendar.config.blackouts,
      blocked,
      accounts: opts.accounts,
      known: new Set(Object.keys(calendar.config.accounts)),
    });
  const base = { run, now: now.toISOString(), branch: settings.ledgerBranch };

  if (opts.dryRun) {
    const actions = await select(first);
    const pairs = actions.map((a) => ({ ...pairReport(calendar, a, a.kind === 'post' || a.kind === 'reconcile' ? 'due' : stateOfAction(a)), ...(a.kind === 'post' || a.kind === 'reconcile' ? { items: preview(outgoingItems(calendar, a.post, a.account)) } : {}) }));
    timings.totalMs = performance.now() - t0;
    return { ...base, dryRun: true, freezes: first.freezes, pairs, timings, ok: true };
  }

  // 1. Claim: one commit for the batch. A rejected push means another run moved first.
  let freezes: Freeze[] = first.freezes;
  let selected: PairAction[] = [];
  let claimed: Claimed[] = [];
  let early: Outcome[] = [];
  await timed(() =>
    store.update(
      async (snapshot) => {
        freezes = snapshot.freezes;
        selected = await select(snapshot);
        claimed = [];
        early = [];
        const changes = new Map<string, Map<string, AccountEntry | undefined>>();
        const set = (post: Post, account: string, entry: AccountEntry) => {
          const m = changes.get(post.id) ?? new Map();
          m.set(account, entry);
          changes.set(post.id, m);
        };
        const at = clock();
        for (const action of selected) {
          if (action.kind === 'missed') {
            const entry = missed(action.entry, action.reason, run, at);
            set(action.post, action.account, entry);
            early.push({ action, entry, written: true });
            continue;
          }
          if (action.kind !== 'post' && action.kind !== 'reconcile') continue;
          let adapter: Adapter;
          try {
            adapter = await adapterOf(action.account);
          } catch (error) {
            // Cannot even start (missing secret, unsupported platform): nothing was sent.
            const reason = describe(error, secrets);
            if (action.kind === 'post') {
              const entry = failed(claim(action.entry, { run, at, items: action.entry?.items.length ?? 0, newHandle: () => '' }), reason, at);
              set(action.post, action.account, entry);
              early.push({ action, entry, written: true });
            } else {
              early.push({ action, reason, shown: 'failed', written: true });
            }
            continue;
          }
          const items = outgoingItems(calendar, action.post, action.account);
          const how = { run, at, items: items.length, newHandle: () => adapter.newHandle() };
          const entry = action.kind === 'post' ? claim(action.entry, how) : takeOver(action.entry, how);
          set(action.post, action.account, entry);
          claimed.push({ action, adapter, items, entry });
        }
        const change = await ledgerChange(snapshot, calendar, changes, claimMessage(claimed, early, run));
        return { change, result: undefined };
      },
      { now: clock, sleep },
    ),
  );
  if (claimed.length) log(`claimed ${claimed.length} post${claimed.length === 1 ? '' : 's'} on ${settings.ledgerBranch} (run ${run})`);

  // 2. Post (or reconcile, then post): each account's posts in schedule order, accounts side by
  // side up to `concurrency` per platform; one failure never stops the others.
  const tPost = performance.now();
  const settled = await runLanes(claimed, (c) => c.action.account, (c) => c.adapter.platform, settings.concurrency, (c) => execute(c));
  timings.postingMs = performance.now() - tPost;
  const outcomes: Outcome[] = settled.map((r, i) => {
    const c = claimed[i];
    if (r.status === 'fulfilled') return r.value;
    // A bug or a crash inside an adapter: the post may have gone out; stay claimed for reconcile.
    return { action: c.action, entry: { ...c.entry, error: describe(r.reason, secrets), updatedAt: clock() }, previous: c.action.entry, written: false };
  });

  async function execute(c: Claimed): Promise<Outcome> {
    const { action, adapter, items } = c;
    let entry = c.entry;
    // A run must not post once its claim could look abandoned to others: give it back instead.
    if (clock().getTime() - entry.claimedAt.getTime() > ownDeadlineMs) {
      return { action, previous: action.entry, written: false, reason: 'this run took too long; left for the next run' };
    }
    if (action.kind === 'reconcile') {
      const r = await reconcilePair(adapter, items, entry, deps);
      log(`${action.post.id} → ${action.account}: reconciled (${r.outcome})`);
      if (r.outcome !== 'resume') return { action, entry: r.entry, previous: action.entry, written: false };
      entry = r.entry;
      if (!action.mayPost && nextItem(entry) === 0) {
        if (isExpired({ now, graceMs }, action.post, entry)) return { action, entry: missed(entry, action.hold ?? 'the grace period ran out before it could be sent', run, clock()), previous: action.entry, written: false };
        return { action, previous: undefined, written: false, reason: action.hold };
      }
    }
    const result = await sendPair(adapter, items, entry, deps);
    log(`${action.post.id} → ${action.account}: ${result.state}${result.error ? ` (${result.error})` : ''}`);
    return { action, entry: result, previous: action.entry, written: false };
  }

  // 3. Record results: only where this run's claim still stands.
  const mine = outcomes.filter((o) => !o.written);
  const lost: Outcome[] = [];
  if (mine.length) {
    await timed(() =>
      store.update(
        async (snapshot) => {
          lost.length = 0;
          const files = await snapshot.load(mine.map((o) => o.action.post.id));
          const changes = new Map<string, Map<string, AccountEntry | undefined>>();
          for (const o of mine) {
            const current = files.get(o.action.post.id)?.accounts[o.action.account];
            if (!current || current.run !== run || current.state !== 'claimed') {
              lost.push(o);
              continue;
            }
            const m = changes.get(o.action.post.id) ?? new Map();
            m.set(o.action.account, o.entry ?? o.previous);
            changes.set(o.action.post.id, m);
          }
          return { change: await ledgerChange(snapshot, calendar, changes, resultMessage(mine, run)), result: undefined };
        },
        { now: clock, sleep },
      ),
    );
  }
  for (const o of lost) log(`warning: ${o.action.post.id} → ${o.action.account}: another run took over this claim; its record was kept`);

  const byPair = new Map([...early, ...outcomes].map((o) => [`${o.action.post.id}\0${o.action.account}`, o]));
  const pairs = selected.map((a) => {
    const o = byPair.get(`${a.post.id}\0${a.account}`);
    if (!o) return pairReport(calendar, a, stateOfAction(a));
    const state: PairState = o.shown ?? o.entry?.state ?? 'released';
    return pairReport(calendar, a, state, o.entry, o.reason);
  });
  timings.totalMs = performance.now() - t0;
  const ok = pairs.every((p) => !['failed', 'missed', 'unknown', 'claimed'].includes(p.state));
  return { ...base, dryRun: false, freezes, pairs, timings, ok };
}

/** Post id → the first error-level problem in its file or its campaign's file. */
export function blockedPosts(calendar: Calendar, problems: Problem[]): Map<string, string> {
  const byFile = new Map<string, Problem>();
  for (const p of problems) if (p.severity === 'error' && !byFile.has(p.file)) byFile.set(p.file, p);
  const out = new Map<string, string>();
  if (byFile.size === 0) return out;
  for (const post of calendar.posts) {
    const campaignFile = post.campaign ? calendar.campaigns.get(post.campaign)?.file : undefined;
    const p = byFile.get(post.file) ?? (campaignFile ? byFile.get(campaignFile) : undefined);
    if (p) out.set(post.id, `${p.file}:${p.line}:${p.column}: ${p.message}`);
  }
  return out;
}

async function ledgerChange(snapshot: LedgerSnapshot, calendar: Calendar, changes: Map<string, Map<string, AccountEntry | undefined>>, message: string): Promise<LedgerChange> {
  const files = await snapshot.load(changes.keys());
  const write = new Map<string, string>();
  const remove: string[] = [];
  for (const [postId, accounts] of changes) {
    const post = calendar.postsById.get(postId);
    const old = files.get(postId);
    const next: LedgerFile = { post: postId, file: post?.file ?? old?.file, at: post?.at ?? old?.at, accounts: { ...old?.accounts } };
    for (const [account, entry] of accounts) {
      if (entry) next.accounts[account] = entry;
      else delete next.accounts[account];
    }
    if (Object.keys(next.accounts).length) write.set(ledgerPath(postId), writeLedgerText(next));
    else if (old) remove.push(ledgerPath(postId));
  }
  return { write, remove, message };
}

function claimMessage(claimed: Claimed[], early: Outcome[], run: string): string {
  const missedCount = early.filter((o) => o.entry?.state === 'missed').length;
  const failedCount = early.filter((o) => o.written && o.entry?.state === 'failed').length;
  const parts = [`claim ${claimed.length} post${claimed.length === 1 ? '' : 's'}`];
  if (missedCount) parts.push(`${missedCount} missed`);
  if (failedCount) parts.push(`${failedCount} failed`);
  const lines = [...claimed.map((c) => `${c.action.post.id} → ${c.action.account}${c.action.kind === 'reconcile' ? ' (reconcile)' : ''}`), ...early.filter((o) => o.written).map((o) => `${o.action.post.id} → ${o.action.account}: ${o.entry?.state}`)];
  return `socialcal publish: ${parts.join(', ')}\n\n${lines.join('\n')}\n\nRun: ${run}\n`;
}

function resultMessage(outcomes: Outcome[], run: string): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.entry?.state ?? 'released', (counts.get(o.entry?.state ?? 'released') ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = outcomes.map((o) => `${o.action.post.id} → ${o.action.account}: ${o.entry?.state ?? 'released'}`);
  return `socialcal publish: ${summary}\n\n${lines.join('\n')}\n\nRun: ${run}\n`;
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

function collectSecrets(calendar: Calendar, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const account of Object.values(calendar.config.accounts)) {
    for (const name of Object.values(credentialVars(account))) {
      const v = env[name];
      if (v) out.push(v);
    }
  }
  return out;
}

function runId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}
