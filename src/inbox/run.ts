// `socialcal inbox`: pull what is new for each account into inbox/<account>.yaml on the ledger
// branch, then show it by conversation, next to the post of ours it answers. Triage changes
// (`assign`, `done`, `ignore`, `reopen`) are commits on the same branch; the store's
// optimistic loop makes concurrent changes by several people all land.
import type { Account, Calendar } from '../calendar/model.js';
import { EXIT, SocialcalError } from '../errors.js';
import { createAdapter, type Adapter } from '../platforms/index.js';
import { actor, committer } from '../publish/identity.js';
import { LedgerStore, ledgerLocation, type LedgerSnapshot } from '../publish/store.js';
import { fetchIncoming, INBOX_PLATFORMS } from './sources.js';
import { INBOX_DIR, inboxPath, mergeIncoming, parseInbox, pruneInbox, serializeInbox, triage, type InboxFile, type InboxItem, type Triage } from './state.js';

/** How far back the first pull of an account reads. */
export const FIRST_PULL_DAYS = 14;
/** Re-read this much before the newest item known: platforms index late. */
const OVERLAP_MS = 10 * 60_000;

export interface InboxOptions {
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Only these accounts. */
  accounts?: string[];
  /** Read the platforms first (default); false shows what the ledger has. */
  pull?: boolean;
  adapterFor?: (account: Account, env: NodeJS.ProcessEnv) => Promise<Adapter>;
  sleep?: (ms: number) => Promise<void>;
}

export interface InboxRow extends InboxItem {
  account: string;
  /** Id of our reply post (`reply_to:`) that answered it and went out. */
  answeredBy?: string;
}

export interface Conversation {
  account: string;
  /** Our post it is about, when it answers or quotes one. */
  post?: { id: string; campaign?: string; url?: string };
  /** Thread root (Bluesky) when not one of ours. */
  root?: string;
  items: InboxRow[];
}

export interface InboxReport {
  pulled: { account: string; added: number }[];
  /** Accounts not read, and why. */
  skipped: { account: string; why: string }[];
  conversations: Conversation[];
}

function storeFor(calendar: Calendar, env: NodeJS.ProcessEnv): Promise<LedgerStore> {
  return LedgerStore.open(ledgerLocation(calendar.root, calendar.config.publish), committer(calendar.config.publish, env));
}

async function readFiles(snapshot: LedgerSnapshot): Promise<Map<string, InboxFile>> {
  const out = new Map<string, InboxFile>();
  for (const [path, text] of await snapshot.filesUnder(INBOX_DIR)) {
    const file = parseInbox(text, `${path} on the ledger branch`);
    out.set(file.account, file);
  }
  return out;
}

export async function inbox(calendar: Calendar, opts: InboxOptions = {}): Promise<InboxReport> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const store = await storeFor(calendar, env);
  let snapshot = await store.sync();
  const skipped: InboxReport['skipped'] = [];
  const pulled: InboxReport['pulled'] = [];
  const names = opts.accounts ?? Object.keys(calendar.config.accounts);
  if (opts.pull !== false) {
    const before = await readFiles(snapshot);
    const make = opts.adapterFor ?? ((a: Account, e: NodeJS.ProcessEnv) => createAdapter(a, e, { root: calendar.root }));
    const reads = new Map<string, Awaited<ReturnType<typeof fetchIncoming>>>();
    for (const name of names) {
      const account = calendar.config.accounts[name];
      if (!INBOX_PLATFORMS.includes(account.platform)) {
        skipped.push({ account: name, why: `${account.platform}: not read (inbox reads ${INBOX_PLATFORMS.join(', ')}; see docs/engage.md)` });
        continue;
      }
      const newest = before.get(name)?.items.reduce((t, i) => Math.max(t, i.at.getTime()), 0) ?? 0;
      const stopAt = new Date(newest ? newest - OVERLAP_MS : now.getTime() - FIRST_PULL_DAYS * 86_400_000);
      try {
        reads.set(name, await fetchIncoming(await make(account, env), stopAt));
      } catch (error) {
        skipped.push({ account: name, why: (error as Error).message });
      }
    }
    if (reads.size) {
      const counts = await store.update(
        async (snap) => {
          const files = await readFiles(snap);
          const write = new Map<string, string>();
          const added: InboxReport['pulled'] = [];
          for (const [name, incoming] of reads) {
            const current = files.get(name) ?? { account: name, items: [] };
            const merged = mergeIncoming(current, incoming);
            const text = serializeInbox(pruneInbox(merged.file, now));
            if (text !== (files.has(name) ? serializeInbox(current) : undefined)) write.set(inboxPath(name), text);
            added.push({ account: name, added: merged.added.length });
          }
          const message = `socialcal inbox: pulled ${added.map((a) => `${a.account} +${a.added}`).join(', ')}`;
          return { change: write.size ? { write, message } : undefined, result: added };
        },
        { now: () => now, sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) },
      );
      pulled.push(...counts);
      snapshot = await store.sync();
    }
  }
  const files = await readFiles(snapshot);
  const conversations = await group(calendar, snapshot, [...files.values()].filter((f) => names.includes(f.account)));
  return { pulled, skipped, conversations };
}

/** Groups items by our post they answer (else by thread root, else alone) and marks what our reply posts answered. */
async function group(calendar: Calendar, snapshot: LedgerSnapshot, files: InboxFile[]): Promise<Conversation[]> {
  const view = await snapshot.view(calendar.postsById);
  // Our published items by platform id, per account: what a reply or quote points at.
  const ours = new Map<string, { id: string; campaign?: string; url?: string }>();
  const posted = await snapshot.load(snapshot.blobs.keys());
  for (const [postId, file] of posted) {
    for (const [account, entry] of Object.entries(file.accounts)) {
      for (const item of entry.items) {
        const post = { id: postId, campaign: calendar.postsById.get(postId)?.campaign, url: entry.items[0]?.url };
        for (const key of [item.id, item.ref?.uri, item.url]) if (key) ours.set(`${account}\n${key}`, post);
      }
    }
  }
  // Reply posts that went out: the address they answer → post id.
  const answered = new Map<string, string>();
  for (const post of calendar.posts) {
    if (!post.replyTo) continue;
    for (const account of post.channels) if (view.status(post.id, account)?.state === 'published') answered.set(`${account}\n${post.replyTo}`, post.id);
  }
  const groups = new Map<string, Conversation>();
  for (const file of files) {
    for (const item of file.items) {
      const post = item.answers ? ours.get(`${file.account}\n${item.answers}`) : undefined;
      const rootPost = !post && item.root ? ours.get(`${file.account}\n${item.root}`) : undefined;
      const about = post ?? rootPost;
      const key = about ? `post\n${file.account}\n${about.id}` : item.root ? `root\n${file.account}\n${item.root}` : `item\n${file.account}\n${item.id}`;
      const by = answered.get(`${file.account}\n${item.url}`) ?? answered.get(`${file.account}\n${item.uri}`);
      const row: InboxRow = { ...item, account: file.account, ...(by ? { answeredBy: by } : {}) };
      const conv = groups.get(key) ?? { account: file.account, ...(about ? { post: about } : {}), ...(!about && item.root ? { root: item.root } : {}), items: [] };
      conv.items.push(row);
      groups.set(key, conv);
    }
  }
  return [...groups.values()].sort((a, b) => latest(b) - latest(a));
}

function latest(c: Conversation): number {
  return Math.max(...c.items.map((i) => i.at.getTime()));
}

/** Open or assigned, and no reply post of ours to it has gone out. */
export function unanswered(row: InboxRow): boolean {
  return (row.state === 'open' || row.state === 'assigned') && !row.answeredBy;
}

/** Changes one item's triage state (found by id or a unique prefix of it) on the ledger branch. */
export async function triageItem(calendar: Calendar, idOrPrefix: string, change: Triage, opts: { now?: Date; env?: NodeJS.ProcessEnv; sleep?: (ms: number) => Promise<void> } = {}): Promise<InboxRow> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const identity = committer(calendar.config.publish, env);
  const store = await storeFor(calendar, env);
  const by = await actor(store.cwd, env, identity);
  return store.update(
    async (snapshot) => {
      const files = await readFiles(snapshot);
      const matches = [...files.values()].flatMap((f) => f.items.filter((i) => i.id.startsWith(idOrPrefix.toLowerCase())).map((i) => ({ file: f, item: i })));
      if (matches.length === 0) {
        throw new SocialcalError(`inbox: no item ${idOrPrefix}`, 'run `socialcal inbox` to pull and list the items with their ids', EXIT.usage);
      }
      if (matches.length > 1) {
        throw new SocialcalError(`inbox: ${idOrPrefix} matches ${matches.length} items (${matches.map((m) => m.item.id).join(', ')})`, 'give more characters of the id', EXIT.usage);
      }
      const { file, item } = matches[0];
      const changed = triage(file, item.id, change, by, now)!;
      const row = { ...changed.items.find((i) => i.id === item.id)!, account: file.account };
      const what = change.state === 'assigned' ? `assign ${item.id} to ${change.assignee}` : `${change.state === 'open' ? 'reopen' : change.state} ${item.id}`;
      return { change: { write: new Map([[inboxPath(file.account), serializeInbox(changed)]]), message: `socialcal inbox: ${what}\n\nBy: ${by}\n` }, result: row };
    },
    { now: () => now, sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) },
  );
}
