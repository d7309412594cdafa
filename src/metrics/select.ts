// Which published items a pull reads, and in what order. Pure: the ledger's records, the
// history so far and the accounts in; the work per account out.
import type { Account, PlatformId } from '../calendar/model.js';
import type { LedgerFile } from '../publish/ledger.js';
import type { PostedItem } from '../platforms/types.js';
import { fixedAgeAt, isoSeconds, settled, type PostMetrics } from './model.js';

/** Platforms whose API gives no engagement counts: webhooks and the Telegram bot API. */
export const NO_METRICS: ReadonlySet<PlatformId> = new Set(['discord', 'slack', 'telegram']);

/** One published item to read. */
export interface WantedItem {
  postId: string;
  account: string;
  platform: PlatformId;
  item: number;
  posted: PostedItem;
  publishedAt: string;
  /** A reading now fills an empty fixed age (read these first: they are due now). */
  fills: boolean;
  /** The thread's next item replies to this one: platforms count it among the replies; it is not engagement. */
  ownReplies: number;
}

export interface AccountWork {
  account: string;
  platform: PlatformId;
  items: WantedItem[];
  /** Why the account is not read at all (webhook platform, no longer configured…). */
  skipped?: string;
}

export interface SelectInput {
  /** Ledger files by post id. */
  ledger: Map<string, LedgerFile>;
  /** The history so far, by `metricsKey`. */
  history: Map<string, PostMetrics>;
  accounts: Record<string, Account>;
  now: Date;
  /** Only these accounts. */
  only?: string[];
  /** Also read settled posts (past their 30d snapshot) published at or after this time; older ones are left out. */
  since?: Date;
  /** Skip an item whose latest reading is younger than this, unless a fixed age is due (default 1 hour). */
  freshMs?: number;
}

export const DEFAULT_FRESH_MS = 3_600_000;

export const metricsKey = (postId: string, account: string, item: number) => `${postId}\0${account}\0${item}`;

/**
 * The items each account should read now: published, not settled (or inside `--since`), and
 * either due a fixed-age snapshot or not read within `freshMs`. Items due a snapshot come
 * first, then the least recently read, so a run cut short by a rate limit spends its calls where
 * they count; the next run picks up the rest.
 */
export function selectWork(input: SelectInput): AccountWork[] {
  const freshMs = input.freshMs ?? DEFAULT_FRESH_MS;
  const byAccount = new Map<string, AccountWork>();
  const work = (name: string): AccountWork | undefined => {
    if (input.only && !input.only.includes(name)) return undefined;
    let w = byAccount.get(name);
    if (!w) {
      const account = input.accounts[name];
      const platform = account?.platform ?? ('unknown' as PlatformId);
      w = { account: name, platform, items: [] };
      if (!account) w.skipped = 'not in socialcal.yaml any more';
      else if (NO_METRICS.has(platform)) w.skipped = `${platform} gives no engagement counts`;
      byAccount.set(name, w);
    }
    return w;
  };
  for (const [postId, file] of input.ledger) {
    for (const [name, entry] of Object.entries(file.accounts)) {
      if (entry.state !== 'published') continue;
      const w = work(name);
      if (!w || w.skipped) continue;
      entry.items.forEach((record, item) => {
        if (!record.id) return;
        const at = record.at ?? entry.publishedAt ?? entry.updatedAt;
        if (input.since && at.getTime() < input.since.getTime()) return;
        const known = input.history.get(metricsKey(postId, name, item));
        if (settled(known) && !input.since) return;
        const age = fixedAgeAt(input.now.getTime() - at.getTime());
        const fills = age !== undefined && !known?.snapshots.some((s) => s.age === age);
        const latest = known?.snapshots.find((s) => s.age === 'latest');
        if (!fills && latest && input.now.getTime() - Date.parse(latest.at) < freshMs) return;
        w.items.push({
          postId,
          account: name,
          platform: w.platform,
          item,
          posted: { id: record.id, ...(record.url ? { url: record.url } : {}), ...(record.ref ? { ref: record.ref } : {}) },
          publishedAt: isoSeconds(at),
          fills,
          ownReplies: entry.items[item + 1]?.id ? 1 : 0,
        });
      });
    }
  }
  const lastRead = (i: WantedItem) => input.history.get(metricsKey(i.postId, i.account, i.item))?.snapshots.find((s) => s.age === 'latest')?.at ?? '';
  for (const w of byAccount.values()) {
    w.items.sort((a, b) => Number(b.fills) - Number(a.fills) || (lastRead(a) < lastRead(b) ? -1 : lastRead(a) > lastRead(b) ? 1 : 0) || (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
  }
  return [...byAccount.values()].sort((a, b) => (a.account < b.account ? -1 : 1));
}
