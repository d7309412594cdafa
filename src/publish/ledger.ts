// The ledger's file format: one YAML file per post under published/, and freeze.yaml.
// Written only by socialcal; kept readable because people look at it when something went wrong.
import { parse, stringify } from 'yaml';
import type { Freeze, PublishStateName } from '../calendar/model.js';
import { PUBLISH_STATES } from '../calendar/model.js';
import { EXIT, SocialcalError } from '../errors.js';

export const LEDGER_DIR = 'published';
export const FREEZE_FILE = 'freeze.yaml';
/** A random id written by the ledger's first commit; the marker ref remembers it (see store.ts). */
export const LEDGER_ID_FILE = 'ledger-id';
/** On the remote (or locally for a local ledger): a commit of the ledger, kept apart from its branch. */
export const MARKER_REF = 'refs/socialcal/ledger';

/** One item of a post (the post itself, then each thread reply) on one account. */
export interface ItemRecord {
  /** Idempotency handle chosen before posting (Bluesky record key, Mastodon Idempotency-Key…). */
  handle: string;
  /** Platform id once the platform accepted it. */
  id?: string;
  url?: string;
  /** Platform references needed for replies (Bluesky uri/cid). */
  ref?: Record<string, string>;
  at?: Date;
}

export interface AccountEntry {
  state: PublishStateName;
  /** The run that claimed this pair last. */
  run: string;
  claimedAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
  /** Posting attempts over all runs. */
  attempts: number;
  items: ItemRecord[];
  /** Last error, secrets removed. */
  error?: string;
  /** Why a pair was missed, or who resolved it by hand. */
  note?: string;
  /** After `--resolve …=retry`: may still go out until then, grace or not. */
  retryUntil?: Date;
}

export interface LedgerFile {
  post: string;
  /** The post's file when last written, for people reading the ledger. */
  file?: string;
  at?: Date;
  /** The post's content hash when last written (post-identity.ts): tells a reused id from this post. */
  hash?: string;
  accounts: Record<string, AccountEntry>;
}

export const ledgerPath = (postId: string) => `${LEDGER_DIR}/${postId}.yaml`;

/** `published/launch.yaml` → `launch`; undefined for other paths. */
export function postIdOf(path: string): string | undefined {
  const m = /^published\/(.+)\.yaml$/.exec(path);
  return m ? m[1] : undefined;
}

const HEADER = '# Written by `socialcal publish`. Do not edit by hand: use `socialcal publish --resolve`.\n';

export function serializeLedgerFile(file: LedgerFile): string {
  const doc = ledgerDocument(file);
  return HEADER + (plainBlock(doc, '') ?? stringify(doc, { lineWidth: 0 }));
}

/** A ledger file as the plain data its YAML holds, in the order it is written. */
export function ledgerDocument(file: LedgerFile): Record<string, unknown> {
  const accounts: Record<string, unknown> = {};
  for (const name of Object.keys(file.accounts).sort()) {
    const e = file.accounts[name];
    accounts[name] = dropUndefined({
      state: e.state,
      run: e.run,
      claimedAt: iso(e.claimedAt),
      updatedAt: iso(e.updatedAt),
      publishedAt: iso(e.publishedAt),
      attempts: e.attempts,
      retryUntil: iso(e.retryUntil),
      note: e.note,
      error: e.error,
      items: e.items.map((i) => dropUndefined({ handle: i.handle, id: i.id, url: i.url, ref: i.ref, at: iso(i.at) })),
    });
  }
  return dropUndefined({ post: file.post, file: file.file, at: iso(file.at), hash: file.hash, accounts });
}

/**
 * A scalar the YAML library writes as it is (no quotes) and reads back as the same string: ids,
 * handles, times, URLs. Anything else (spaces, numbers, booleans…) is left to the library.
 */
const PLAIN = /^[A-Za-z0-9][\w./:@+-]*$/;
const NOT_A_STRING = /^(?:[-+]?[0-9.][0-9.eE+-]*|0[xo][0-9a-fA-F]*|true|false|null)$/i;

/**
 * What `stringify(o, { lineWidth: 0 })` writes for a ledger file whose keys and scalars are all
 * plain, in a fraction of the time (a run writes hundreds of files twice); undefined for any other
 * value, which the library then writes. A test holds the two to the same bytes.
 */
function plainBlock(o: Record<string, unknown>, indent: string): string | undefined {
  let out = '';
  for (const [key, value] of Object.entries(o)) {
    if (plainScalar(key) === undefined) return undefined;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out += `${indent}${key}: []\n`;
        continue;
      }
      out += `${indent}${key}:\n`;
      for (const element of value) {
        if (!element || typeof element !== 'object' || Array.isArray(element)) return undefined;
        const block = plainBlock(element as Record<string, unknown>, `${indent}    `);
        if (!block) return undefined;
        out += `${indent}  - ${block.slice(indent.length + 4)}`;
      }
    } else if (value && typeof value === 'object') {
      const block = plainBlock(value as Record<string, unknown>, `${indent}  `);
      if (!block) return undefined;
      out += `${indent}${key}:\n${block}`;
    } else {
      const text = plainScalar(value);
      if (text === undefined) return undefined;
      out += `${indent}${key}: ${text}\n`;
    }
  }
  return out || undefined;
}

function plainScalar(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value !== 'string' || !PLAIN.test(value) || value.endsWith(':') || NOT_A_STRING.test(value)) return undefined;
  return value;
}

/** Reads a ledger file; `where` names it in errors. */
export function parseLedgerFile(text: string, where: string): LedgerFile {
  const data = parse(text, { schema: 'core' }) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || typeof data.post !== 'string') throw new LedgerFormatError(where, 'no `post:` field');
  const accounts: Record<string, AccountEntry> = {};
  for (const [name, raw] of Object.entries((data.accounts ?? {}) as Record<string, Record<string, unknown>>)) {
    if (!raw || typeof raw !== 'object') throw new LedgerFormatError(where, `accounts.${name} is not a mapping`);
    const state = raw.state as PublishStateName;
    if (!PUBLISH_STATES.includes(state)) throw new LedgerFormatError(where, `accounts.${name}.state "${String(raw.state)}" is not one of ${PUBLISH_STATES.join(', ')}`);
    accounts[name] = {
      state,
      run: String(raw.run ?? ''),
      claimedAt: date(raw.claimedAt) ?? new Date(0),
      updatedAt: date(raw.updatedAt) ?? new Date(0),
      publishedAt: date(raw.publishedAt),
      attempts: Number(raw.attempts ?? 0),
      items: ((raw.items ?? []) as Record<string, unknown>[]).map((i) => ({
        handle: String(i.handle),
        id: i.id === undefined ? undefined : String(i.id),
        url: i.url === undefined ? undefined : String(i.url),
        ref: i.ref as Record<string, string> | undefined,
        at: date(i.at),
      })),
      error: raw.error === undefined ? undefined : String(raw.error),
      note: raw.note === undefined ? undefined : String(raw.note),
      retryUntil: date(raw.retryUntil),
    };
  }
  return { post: data.post, file: typeof data.file === 'string' ? data.file : undefined, at: date(data.at), ...(typeof data.hash === 'string' ? { hash: data.hash } : {}), accounts };
}

export function serializeFreezes(freezes: Freeze[]): string {
  return (
    '# Written by `socialcal freeze` / `socialcal unfreeze`. While a freeze is listed, `publish` holds posts.\n' +
    stringify({ freezes: freezes.map((f) => dropUndefined({ reason: f.reason, tags: f.tags, at: iso(f.at), by: f.by })) }, { lineWidth: 0 })
  );
}

export function parseFreezes(text: string): Freeze[] {
  const data = parse(text, { schema: 'core' }) as { freezes?: Record<string, unknown>[] } | null;
  return (data?.freezes ?? []).map((f) => {
    const tags = Array.isArray(f.tags) && f.tags.length ? f.tags.map(String) : undefined;
    return dropUndefined({ reason: String(f.reason ?? ''), tags, at: date(f.at) ?? new Date(0), by: f.by === undefined ? undefined : String(f.by) }) as Freeze;
  });
}

export class LedgerFormatError extends SocialcalError {
  constructor(where: string, detail: string) {
    super(`ledger file ${where} is damaged: ${detail}`, 'restore it from the ledger branch\'s history (git log on that branch), or fix the YAML by hand and push', EXIT.usage);
    this.name = 'LedgerFormatError';
  }
}

function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}

function date(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
