// What every phase of one publish run shares: the calendar, the run's identity and clocks, how
// to reach adapters, and how to pick due pairs from a ledger snapshot. Built once by the runner.
import type { Calendar, Post, PublishStateName } from '../calendar/model.js';
import type { Adapter, OutgoingItem } from '../platforms/types.js';
import type { PairAction } from './due.js';
import { ledgerPath, type AccountEntry, type LedgerFile } from './ledger.js';
import { contentHash } from './post-identity.js';
import type { SendDeps } from './send.js';
import { writeLedgerText, type LedgerChange, type LedgerSnapshot } from './store.js';

export type PairState = PublishStateName | 'held' | 'busy' | 'due' | 'released' | 'refused';

export interface RunContext {
  calendar: Calendar;
  run: string;
  /** The schedule's now. */
  now: Date;
  /** The real clock, for claims and leases. */
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  graceMs: number;
  /** A run stops starting posts once its claims are this old. */
  ownDeadlineMs: number;
  secrets: string[];
  deps: SendDeps;
  log: (line: string) => void;
  adapterOf: (account: string) => Promise<Adapter>;
  /** The pairs this run acts on, decided from a ledger snapshot. */
  select: (snapshot: LedgerSnapshot) => Promise<PairAction[]>;
}

/** A pair this run claimed: what to send, with which adapter, starting from which entry. */
export interface Claimed {
  action: Extract<PairAction, { kind: 'post' | 'reconcile' }>;
  adapter: Adapter;
  items: OutgoingItem[];
  entry: AccountEntry;
}

export interface Outcome {
  action: PairAction;
  /** What to write for the pair; undefined = give the pair back (remove this run's claim). */
  entry?: AccountEntry;
  /** The entry before this run claimed it, restored on release. */
  previous?: AccountEntry;
  reason?: string;
  /** How the report shows it when `entry` does not say (a pair this run could not start). */
  shown?: PairState;
  /** Already committed with the claim (missed, failed to start): nothing left to record. */
  alreadyRecorded: boolean;
}

/** Post id → account → new entry (undefined removes the account's entry). */
export type EntryChanges = Map<string, Map<string, AccountEntry | undefined>>;

export function setEntry(changes: EntryChanges, post: Post | string, account: string, entry: AccountEntry | undefined): void {
  const id = typeof post === 'string' ? post : post.id;
  const m = changes.get(id) ?? new Map<string, AccountEntry | undefined>();
  m.set(account, entry);
  changes.set(id, m);
}

/** The ledger commit that applies `changes` on top of `snapshot`. */
export async function ledgerChange(snapshot: LedgerSnapshot, calendar: Calendar, changes: EntryChanges, message: string): Promise<LedgerChange> {
  const files = await snapshot.load(changes.keys());
  const write = new Map<string, string>();
  const remove: string[] = [];
  for (const [postId, accounts] of changes) {
    const post = calendar.postsById.get(postId);
    const old = files.get(postId);
    const hash = post ? contentHash(post) : old?.hash;
    const next: LedgerFile = { post: postId, file: post?.file ?? old?.file, at: post?.at ?? old?.at, ...(hash ? { hash } : {}), accounts: { ...old?.accounts } };
    for (const [account, entry] of accounts) {
      if (entry) next.accounts[account] = entry;
      else delete next.accounts[account];
    }
    if (Object.keys(next.accounts).length) write.set(ledgerPath(postId), writeLedgerText(next));
    else if (old) remove.push(ledgerPath(postId));
  }
  return { write, remove, message };
}
