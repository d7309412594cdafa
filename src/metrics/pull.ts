// One `socialcal metrics` run: read what was published from the ledger branch, choose what to
// read (select.ts), read it account by account (read-phase.ts, accounts in parallel), and
// commit the readings to the ledger branch with the store's optimistic loop: when another run
// pushed first, its files are read again and the readings merged in, so no snapshot is lost.
import type { Account, Calendar } from '../calendar/model.js';
import { createAdapter, type Adapter } from '../platforms/index.js';
import { committer } from '../publish/identity.js';
import { LedgerStore, ledgerLocation, type LedgerSnapshot } from '../publish/store.js';
import { FOLLOWERS_FILE, metricsPath, parseFollowers, parsePostMetrics, serializeFollowers, serializePostMetrics } from './file-format.js';
import { FIXED_AGES, isoSeconds, mergeFollowerCounts, recordReading, type FixedAge, type FollowerCount, type PostMetrics } from './model.js';
import { readAccount, type AccountResult, type Reading } from './read-phase.js';
import { metricsKey, selectWork, type AccountWork } from './select.js';

export interface PullOptions {
  /** Only these accounts (`--accounts`). */
  accounts?: string[];
  /** Also re-read posts past their 30d snapshot published since then; leave out older ones (`--since`). */
  since?: Date;
  /** Skip items read more recently than this, unless a fixed age is due. */
  freshMs?: number;
  /** The longest rate-limit wait honoured inside the run (default 60 s); longer stops the account until the next run. */
  maxWaitMs?: number;
  /** Gap between two calls of one account (default 200 ms). */
  paceMs?: number;
  env?: NodeJS.ProcessEnv;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  adapterFor?: (account: Account, env: NodeJS.ProcessEnv) => Promise<Adapter>;
  /** Progress lines (stderr on a terminal). */
  log?: (line: string) => void;
}

export interface MetricsReport {
  now: string;
  branch: string;
  accounts: AccountResult[];
  /** Items read this run. */
  read: number;
  /** Fixed-age snapshots this run added, by age. */
  snapshots: Record<FixedAge, number>;
  /** Files written to the ledger branch (0: nothing changed). */
  written: number;
  /** Nothing published yet: the ledger branch has no published posts. */
  nothingPublished?: boolean;
  ok: boolean;
}

export const DEFAULT_MAX_WAIT_MS = 60_000;
export const DEFAULT_PACE_MS = 200;

export async function pullMetrics(calendar: Calendar, opts: PullOptions = {}): Promise<MetricsReport> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? (() => new Date());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = opts.log ?? (() => undefined);
  const settings = calendar.config.publish;
  const now = clock();
  const store = await LedgerStore.open(ledgerLocation(calendar.root, settings), committer(settings, env));
  const first = await store.sync();
  const ledger = await first.load(first.blobs.keys());
  const history = await historyOf(first, [...ledger.keys()]);
  const work = selectWork({ ledger, history, accounts: calendar.config.accounts, now, only: opts.accounts, since: opts.since, freshMs: opts.freshMs });

  const make = opts.adapterFor ?? ((account: Account, e: NodeJS.ProcessEnv) => createAdapter(account, e, { root: calendar.root }));
  const deps = { clock, sleep, log, maxWaitMs: opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, paceMs: opts.paceMs ?? DEFAULT_PACE_MS };
  const wanted = (w: AccountWork) => w.skipped || w.items.length > 0;
  const outcomes = await Promise.all(work.filter(wanted).map((w) => readAccount(w, () => make(calendar.config.accounts[w.account], env), deps)));
  const readings = outcomes.flatMap((o) => o.readings);
  const followers: FollowerCount[] = outcomes.flatMap(({ result: r }) => (r.followers === undefined ? [] : [{ account: r.account, at: readingTime(outcomes, r.account, clock), followers: r.followers }]));

  const snapshots = Object.fromEntries(FIXED_AGES.map((a) => [a, 0])) as Record<FixedAge, number>;
  let written = 0;
  if (readings.length || followers.length) {
    const message = `metrics: ${readings.length} reading${readings.length === 1 ? '' : 's'} of ${new Set(readings.map((r) => r.item.postId)).size} posts${followers.length ? `, followers of ${followers.length} account${followers.length === 1 ? '' : 's'}` : ''}`;
    const applied = await store.update(
      async (snapshot) => {
        const touched = [...new Set(readings.map((r) => metricsPath(r.item.postId)))];
        const files = await snapshot.readFiles([...touched, FOLLOWERS_FILE]);
        const result = applyReadings(files, readings, followers);
        return { change: { write: result.write, message }, result };
      },
      { now: clock, sleep, until: new Date(clock().getTime() + 120_000) },
    );
    written = applied.write.size;
    for (const age of FIXED_AGES) snapshots[age] = applied.added[age];
  }
  const accounts = outcomes.map((o) => o.result);
  return {
    now: now.toISOString(),
    branch: settings.ledgerBranch,
    accounts,
    read: readings.length,
    snapshots,
    written,
    ...(ledger.size === 0 ? { nothingPublished: true } : {}),
    ok: accounts.every((a) => a.state !== 'failed' && a.errors.length === 0),
  };
}

/** The metrics so far of these posts, by metricsKey. */
async function historyOf(snapshot: LedgerSnapshot, postIds: string[]): Promise<Map<string, PostMetrics>> {
  const out = new Map<string, PostMetrics>();
  for (const [path, text] of await snapshot.readFiles(postIds.map(metricsPath))) {
    for (const m of parsePostMetrics(text, `${path} on the ledger branch`)) out.set(metricsKey(m.postId, m.account, m.item), m);
  }
  return out;
}

/** An account's follower count is stamped with its last reading's time (or now). */
function readingTime(outcomes: { readings: Reading[]; result: AccountResult }[], account: string, clock: () => Date): string {
  const own = outcomes.find((o) => o.result.account === account)?.readings.at(-1)?.at;
  return own ?? isoSeconds(clock());
}

/**
 * The files after adding these readings to the ones on the branch (`files`, by path): only
 * files whose text changes are written. Pure; `added` counts the fixed-age snapshots that are new.
 */
export function applyReadings(files: Map<string, string>, readings: Reading[], followers: FollowerCount[]): { write: Map<string, string>; added: Record<FixedAge, number> } {
  const added = Object.fromEntries(FIXED_AGES.map((a) => [a, 0])) as Record<FixedAge, number>;
  const write = new Map<string, string>();
  const byPost = new Map<string, Reading[]>();
  for (const r of readings) byPost.set(r.item.postId, [...(byPost.get(r.item.postId) ?? []), r]);
  for (const [postId, list] of byPost) {
    const path = metricsPath(postId);
    const before = files.get(path);
    const items = new Map<string, PostMetrics>();
    for (const m of before ? parsePostMetrics(before, `${path} on the ledger branch`) : []) items.set(metricsKey(m.postId, m.account, m.item), m);
    for (const { item: w, at, counts } of list) {
      const key = metricsKey(postId, w.account, w.item);
      const old = items.get(key) ?? { postId, account: w.account, platform: w.platform, item: w.item, publishedAt: w.publishedAt, snapshots: [] };
      const next = recordReading({ ...old, url: old.url ?? w.posted.url }, new Date(at), counts);
      for (const s of next.snapshots) if (s.age !== 'latest' && !old.snapshots.some((o) => o.age === s.age)) added[s.age]++;
      items.set(key, next);
    }
    const text = serializePostMetrics(postId, [...items.values()]);
    if (text !== before) write.set(path, text);
  }
  if (followers.length) {
    const before = files.get(FOLLOWERS_FILE);
    const text = serializeFollowers(mergeFollowerCounts(before ? parseFollowers(before, `${FOLLOWERS_FILE} on the ledger branch`) : [], followers));
    if (text !== before) write.set(FOLLOWERS_FILE, text);
  }
  return { write, added };
}
