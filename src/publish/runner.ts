// One publish run, in phases: select what is due and claim it on the ledger branch (commit +
// push), post with the handles stored in the claim, record the results (commit + push), report.
// Claims that dead runs left behind are reconciled before anything is sent again.
import { randomBytes } from 'node:crypto';
import type { Account, Calendar } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { accountSecrets } from '../platforms/credentials.js';
import { createAdapter, type Adapter } from '../platforms/index.js';
import { runRules } from '../rules/index.js';
import { claimDue } from './claim-phase.js';
import { postsInWindow, selectDue } from './due.js';
import { committer } from './identity.js';
import { postClaimed } from './post-phase.js';
import { recordOutcomes, recordPending } from './record-phase.js';
import { previewOk, previewPairs, reportPairs, runOk, whyNothingDue, type PublishReport } from './report-phase.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { RunContext } from './run-context.js';
import { LedgerStore, ledgerLocation, MissingRemoteError, readSnapshot, type LedgerSnapshot } from './store.js';
import type { Identity } from '../git/plumbing.js';

export type { PairReport, PairState, PreviewItem, PublishReport } from './report-phase.js';

export const DEFAULT_STALE_AFTER_MS = 30 * 60_000;
/**
 * The shortest time after which another run may take a claim over, whatever `--stale-after`
 * says: a live run starts no post after half of it (OWN_DEADLINE_MS), so the other half is the
 * margin for the post in flight. A shorter flag would let a second run reconcile, and on a
 * platform without lookup post again, while the first is still sending.
 */
export const MIN_STALE_AFTER_MS = DEFAULT_STALE_AFTER_MS;
export const OWN_DEADLINE_MS = MIN_STALE_AFTER_MS / 2;

export interface PublishOptions {
  /** The schedule's now (`--now`); defaults to the clock. */
  now?: Date;
  dryRun?: boolean;
  /** Only these accounts (`--accounts`, for sharding across jobs). */
  accounts?: string[];
  /** A claim without a result older than this is from a run that died (never less than MIN_STALE_AFTER_MS). */
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
  /** A person confirmed that the ledger branch starts afresh (`--new-ledger`). */
  newLedger?: boolean;
}

export async function publish(calendar: Calendar, problems: Problem[], opts: PublishOptions = {}): Promise<PublishReport> {
  const t0 = performance.now();
  const git = new Stopwatch();
  const settings = calendar.config.publish;
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? (() => new Date());
  const now = opts.now ?? clock();
  const graceMs = settings.graceMinutes * 60_000;
  const adapterOf = adapterCache(calendar, env, opts.adapterFor);
  const log = opts.log ?? (() => undefined);
  const inWindow = postsInWindow(calendar.posts, now, graceMs);
  // Adapter modules take a while to load (about 150 ms for Bluesky): load them while git
  // fetches the ledger. Errors surface later, only for accounts that turn out to be due.
  if (!opts.dryRun) {
    for (const name of new Set(inWindow.filter((p) => p.status === 'ready').flatMap((p) => p.channels))) {
      if (calendar.config.accounts[name]) void adapterOf(name).catch(() => undefined);
    }
  }
  const store = await openStore(calendar, committer(settings, env), opts, log);
  const first = await git.time(() =>
    store.sync({ allTexts: true }).catch(async (error) => {
      // A preview should work offline: show what the last fetch knew.
      if (!opts.dryRun) throw error;
      log(`warning: could not fetch the ledger branch (${(error as Error).message}); using the local copy`);
      return readSnapshot(store.cwd, store.ref);
    }),
  );
  const blocked = blockedPosts(calendar, [...problems, ...runRules(calendar, { now, ledger: await git.time(() => first.view(calendar.postsById)) })]);
  const window = inWindow.map((p) => p.id);
  const staleAfterMs = staleAfter(opts, log);
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
  const ctx = runContext(calendar, opts, { env, clock, now, log, adapterOf, select });
  const base = { run: ctx.run, now: now.toISOString(), branch: settings.ledgerBranch };

  if (opts.dryRun) {
    const pairs = previewPairs(calendar, await select(first));
    const idle = pairs.some((p) => p.state === 'due') ? {} : { nothingDue: whyNothingDue(calendar, now, graceMs, opts.accounts) };
    return { ...base, dryRun: true, freezes: first.freezes, pairs, ...idle, timings: { gitMs: git.ms, postingMs: 0, totalMs: performance.now() - t0 }, ok: previewOk(pairs) };
  }

  await git.time(() => recordPending(ctx, store));
  const claims = await git.time(() => claimDue(ctx, store));
  if (claims.claimed.length) log(`claimed ${claims.claimed.length} post${claims.claimed.length === 1 ? '' : 's'} on ${settings.ledgerBranch} (run ${ctx.run})`);
  const posted = await postClaimed(ctx, store, claims.claimed, settings.concurrency);
  const { lost, pending } = await git.time(() => recordOutcomes(ctx, store, posted.outcomes));
  for (const o of lost) log(`warning: ${o.action.post.id} → ${o.action.account}: another run took over this claim; its record was kept`);
  const pairs = reportPairs(calendar, claims.selected, [...claims.early, ...posted.outcomes]);
  const timings = { gitMs: git.ms, postingMs: posted.postingMs, totalMs: performance.now() - t0 };
  const idle = pairs.length ? {} : { nothingDue: whyNothingDue(calendar, now, graceMs, opts.accounts) };
  return { ...base, dryRun: false, freezes: claims.freezes, pairs, ...idle, ...(pending ? { pending } : {}), timings, ok: runOk(pairs) && !pending };
}

type Shared = Pick<RunContext, 'clock' | 'now' | 'log' | 'adapterOf' | 'select'> & { env: NodeJS.ProcessEnv };

/** How old a claim must be before this run takes it over: the caller's choice, never below the floor. */
function staleAfter(opts: PublishOptions, log: (line: string) => void): number {
  const asked = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  if (asked >= MIN_STALE_AFTER_MS) return asked;
  log(`warning: --stale-after ${Math.round(asked / 60_000)}m is shorter than ${MIN_STALE_AFTER_MS / 60_000}m, while a live run may still be posting; using ${MIN_STALE_AFTER_MS / 60_000}m (a claim stuck after a crash can be closed with --resolve)`);
  return MIN_STALE_AFTER_MS;
}

/** The ledger store; a dry run without the configured remote previews from the local branch. */
async function openStore(calendar: Calendar, author: Identity, opts: PublishOptions, log: (line: string) => void): Promise<LedgerStore> {
  const location = { ...ledgerLocation(calendar.root, calendar.config.publish), newLedger: opts.newLedger };
  try {
    return await LedgerStore.open(location, author);
  } catch (error) {
    if (!opts.dryRun || !(error instanceof MissingRemoteError)) throw error;
    log(`warning: ${error.message}; previewing from the local branch (a real run would refuse)`);
    return LedgerStore.open({ ...location, ledger: 'local' }, author);
  }
}

/** Everything the phases share. */
function runContext(calendar: Calendar, opts: PublishOptions, shared: Shared): RunContext {
  const { env, ...rest } = shared;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const secrets = accountSecrets(Object.values(calendar.config.accounts), env);
  return {
    ...rest,
    calendar,
    run: runId(shared.clock()),
    sleep,
    graceMs: calendar.config.publish.graceMinutes * 60_000,
    // Stop starting posts well before any run could take this run's claims for abandoned, whatever
    // its --stale-after: no run takes over before MIN_STALE_AFTER_MS.
    ownDeadlineMs: OWN_DEADLINE_MS,
    secrets,
    deps: { policy: opts.retry ?? DEFAULT_RETRY, sleep, now: shared.clock, random: opts.random, secrets },
  };
}

/** Each account's adapter, created once (on first use) and shared by the phases. */
function adapterCache(calendar: Calendar, env: NodeJS.ProcessEnv, adapterFor?: PublishOptions['adapterFor']): (account: string) => Promise<Adapter> {
  const adapters = new Map<string, Promise<Adapter>>();
  const make = adapterFor ?? ((acc: Account, e: NodeJS.ProcessEnv) => createAdapter(acc, e, { root: calendar.root }));
  return (name) => {
    let a = adapters.get(name);
    if (!a) {
      a = Promise.resolve().then(() => make(calendar.config.accounts[name], env));
      a.catch(() => undefined);
      adapters.set(name, a);
    }
    return a;
  };
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

/** Adds up the time spent in git. */
class Stopwatch {
  ms = 0;
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.ms += performance.now() - t;
    }
  }
}

function runId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}
