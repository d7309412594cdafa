// The team's inbox on the ledger branch (inbox/<account>.yaml): replies, mentions and quotes
// pulled from the platforms, each with its triage state (open, assigned, done, ignored; who and
// when). Merging a pull and changing a triage state are pure, so the ledger store's retry
// loop re-applies them on top of whatever another person pushed meanwhile.
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { LedgerFormatError } from '../publish/ledger.js';

export const INBOX_DIR = 'inbox';
/** The file of an account; its name encoded so any account name stays one file inside inbox/. */
export const inboxPath = (account: string) => `${INBOX_DIR}/${encodeURIComponent(account)}.yaml`;
export const TRIAGE_STATES = ['open', 'assigned', 'done', 'ignored'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];
export const ITEM_KINDS = ['reply', 'mention', 'quote'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
/** Handled items older than this are dropped from the file; open and assigned ones stay. */
export const KEEP_HANDLED_DAYS = 30;

/** What a platform says about one reply, mention or quote. */
export interface Incoming {
  kind: ItemKind;
  /** The platform's id of the message (Bluesky at:// URI, Mastodon status id). */
  platformId: string;
  uri: string;
  url?: string;
  author: string;
  text: string;
  at: Date;
  /** Platform id of the post it answers or quotes, when there is one. */
  answers?: string;
  /** Thread root, when the platform tells. */
  root?: string;
}

export interface InboxItem extends Incoming {
  /** Short id people type: `socialcal inbox done 3f9a2c1`. */
  id: string;
  state: TriageState;
  assignee?: string;
  /** Who set the state, and when. */
  by?: string;
  updatedAt?: Date;
}

export interface InboxFile {
  account: string;
  items: InboxItem[];
}

export function itemId(account: string, platformId: string): string {
  return createHash('sha256').update(`${account}\n${platformId}`).digest('hex').slice(0, 7);
}

/** Adds items not seen before (by id); known items keep their triage state. */
export function mergeIncoming(file: InboxFile, incoming: Incoming[]): { file: InboxFile; added: InboxItem[] } {
  const known = new Set(file.items.map((i) => i.id));
  const added: InboxItem[] = [];
  for (const m of incoming) {
    const id = itemId(file.account, m.platformId);
    if (known.has(id)) continue;
    known.add(id);
    added.push({ ...m, id, state: 'open' });
  }
  return { file: { ...file, items: sortItems([...file.items, ...added]) }, added };
}

export type Triage = { state: 'assigned'; assignee: string } | { state: 'done' | 'ignored' | 'open' };

/** Sets one item's triage state; undefined when the file has no such item. */
export function triage(file: InboxFile, id: string, change: Triage, by: string, now: Date): InboxFile | undefined {
  const index = file.items.findIndex((i) => i.id === id);
  if (index < 0) return undefined;
  const { assignee: _dropped, ...rest } = file.items[index];
  const item: InboxItem = { ...rest, state: change.state, ...(change.state === 'assigned' ? { assignee: change.assignee } : {}), by, updatedAt: now };
  return { ...file, items: file.items.map((x, i) => (i === index ? item : x)) };
}

/** Drops handled items older than KEEP_HANDLED_DAYS. */
export function pruneInbox(file: InboxFile, now: Date): InboxFile {
  const cutoff = now.getTime() - KEEP_HANDLED_DAYS * 86_400_000;
  return { ...file, items: file.items.filter((i) => i.state === 'open' || i.state === 'assigned' || i.at.getTime() >= cutoff) };
}

function sortItems(items: InboxItem[]): InboxItem[] {
  return items.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}

const HEADER = '# Written by `socialcal inbox`: replies, mentions and quotes, with who handles them. Change states with `socialcal inbox assign|done|ignore|reopen <id>`.\n';

export function serializeInbox(file: InboxFile): string {
  const items = file.items.map((i) => {
    const out: Record<string, unknown> = { id: i.id, kind: i.kind, state: i.state };
    if (i.assignee) out.assignee = i.assignee;
    if (i.by) out.by = i.by;
    if (i.updatedAt) out.updatedAt = i.updatedAt.toISOString();
    Object.assign(out, { at: i.at.toISOString(), author: i.author, text: i.text, platformId: i.platformId, uri: i.uri });
    if (i.url) out.url = i.url;
    if (i.answers) out.answers = i.answers;
    if (i.root) out.root = i.root;
    return out;
  });
  return HEADER + stringify({ account: file.account, items }, { lineWidth: 0 });
}

export function parseInbox(text: string, where: string): InboxFile {
  const data = parse(text, { schema: 'core' }) as { account?: unknown; items?: Record<string, unknown>[] } | null;
  if (!data || typeof data.account !== 'string') throw new LedgerFormatError(where, 'no `account:` field');
  const date = (v: unknown) => {
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) throw new LedgerFormatError(where, `"${String(v)}" is not a time`);
    return d;
  };
  const items = (data.items ?? []).map((r): InboxItem => {
    const state = String(r.state) as TriageState;
    const kind = String(r.kind) as ItemKind;
    if (!TRIAGE_STATES.includes(state)) throw new LedgerFormatError(where, `item ${String(r.id)}: state "${state}" is not one of ${TRIAGE_STATES.join(', ')}`);
    if (!ITEM_KINDS.includes(kind)) throw new LedgerFormatError(where, `item ${String(r.id)}: kind "${kind}" is not one of ${ITEM_KINDS.join(', ')}`);
    const opt = (k: string) => (r[k] === undefined || r[k] === null ? undefined : String(r[k]));
    return {
      id: String(r.id),
      kind,
      state,
      ...(opt('assignee') ? { assignee: opt('assignee') } : {}),
      ...(opt('by') ? { by: opt('by') } : {}),
      ...(r.updatedAt ? { updatedAt: date(r.updatedAt) } : {}),
      at: date(r.at),
      author: String(r.author ?? ''),
      text: String(r.text ?? ''),
      platformId: String(r.platformId),
      uri: String(r.uri ?? r.platformId),
      ...(opt('url') ? { url: opt('url') } : {}),
      ...(opt('answers') ? { answers: opt('answers') } : {}),
      ...(opt('root') ? { root: opt('root') } : {}),
    };
  });
  return { account: data.account, items };
}
