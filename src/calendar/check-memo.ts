import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, isProblem, writeCacheFile } from './cache.js';
import { calendarStamps, mediaOnDisk, type MediaInfo, type Stamp } from './files.js';
import type { Config, Freeze } from './model.js';
import type { Problem } from './problems.js';
import type { LedgerTip } from '../publish/ledger-tip.js';

// The memo of a whole `check`, for the warm run where nothing changed: what it found, with
// everything that went into it — every calendar file's time and size, what each media file it
// looked at was, the commit the ledger was read at, the tool and Node versions — and the span of
// "now" over which the findings stay the same (the rules tell it, see RuleContext.passed). A run
// that finds all of that as it was, with its time inside the span, answers from the memo without
// loading the calendar; anything else (and every run with --no-cache) checks as usual. It sits
// beside the parse cache (cache.ts), which still serves the run when one file changed.

const MEMO_FILE = 'check.json';
/** Bumped when the shape of the memo changes. */
const FORMAT = 1;

/** What `check` found, as the memo keeps it. */
export interface CheckOutcome {
  problems: Problem[];
  posts: number;
  campaigns: number;
  freezes: Freeze[];
}

type Publish = Pick<Config['publish'], 'ledgerBranch' | 'remote'>;

/** Everything a check depended on beyond the time. */
export interface CheckInputs {
  /** The tool's version (a new version may judge differently). */
  version: string;
  stamps: Stamp[];
  media: ReadonlyMap<string, MediaInfo>;
  publish: Publish;
  ledger?: LedgerTip;
}

interface MemoFile {
  format: number;
  version: string;
  node: string;
  files: Stamp[];
  /** Media path → what was found there (mediaKey). */
  media: [string, string][];
  publish: Publish;
  ledger: LedgerTip | null;
  /** The span of now the findings hold for, in epoch ms (null: unbounded). */
  from: number | null;
  until: number | null;
  result: Omit<CheckOutcome, 'freezes'> & { freezes: StoredFreeze[] };
}

type StoredFreeze = Omit<Freeze, 'at'> & { at: string };

/**
 * The outcome of the last check of the calendar at `root` (its real path) when nothing it
 * depended on changed and `now` is inside its span; undefined otherwise. Never throws.
 */
export async function recallCheck(
  root: string,
  now: Date,
  version: string,
  ledgerTip: (publish: Publish) => Promise<LedgerTip | undefined>,
): Promise<CheckOutcome | undefined> {
  const memo = readMemo(join(root, CACHE_DIR, MEMO_FILE));
  if (!memo || memo.version !== version || memo.node !== process.version) return undefined;
  const t = now.getTime();
  if ((memo.from !== null && t < memo.from) || (memo.until !== null && t >= memo.until)) return undefined;
  const stamps = calendarStamps(root);
  if (!stamps || !sameStamps(stamps, memo.files)) return undefined;
  for (const [path, key] of memo.media) if (mediaKey(mediaOnDisk(root, path)) !== key) return undefined;
  let tip: LedgerTip | undefined;
  try {
    tip = await ledgerTip(memo.publish);
  } catch {
    return undefined;
  }
  if ((tip?.ref ?? null) !== (memo.ledger?.ref ?? null) || (tip?.commit ?? null) !== (memo.ledger?.commit ?? null)) return undefined;
  return { ...memo.result, freezes: memo.result.freezes.map((f) => ({ ...f, at: new Date(f.at) })) };
}

/** Keeps `outcome` for later runs (a memo that cannot be written is skipped). */
export function rememberCheck(root: string, inputs: CheckInputs, holds: { from: number; until: number }, outcome: CheckOutcome): void {
  const body: MemoFile = {
    format: FORMAT,
    version: inputs.version,
    node: process.version,
    files: inputs.stamps,
    media: [...inputs.media].map(([path, info]) => [path, mediaKey(info)]),
    publish: { ledgerBranch: inputs.publish.ledgerBranch, remote: inputs.publish.remote },
    ledger: inputs.ledger ? { ref: inputs.ledger.ref, commit: inputs.ledger.commit } : null,
    from: Number.isFinite(holds.from) ? holds.from : null,
    until: Number.isFinite(holds.until) ? holds.until : null,
    result: { ...outcome, freezes: outcome.freezes.map((f) => ({ ...f, at: f.at.toISOString() })) },
  };
  writeCacheFile(join(root, CACHE_DIR, MEMO_FILE), JSON.stringify(body));
}

/** Everything loading uses of a media file's state, as one comparable string. */
function mediaKey(info: MediaInfo): string {
  const head = info.head ? Buffer.from(info.head.buffer, info.head.byteOffset, info.head.byteLength).toString('base64') : null;
  return JSON.stringify([info.exists, info.size ?? null, info.outside ?? null, info.git ?? null, info.notAFile ?? null, head]);
}

function sameStamps(a: Stamp[], b: Stamp[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1] || a[i][2] !== b[i][2]) return false;
  }
  return true;
}

function readMemo(file: string): MemoFile | undefined {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return isMemo(body) ? body : undefined;
}

function isMemo(body: unknown): body is MemoFile {
  if (body === null || typeof body !== 'object') return false;
  const m = body as Record<string, unknown>;
  if (m.format !== FORMAT || typeof m.version !== 'string' || typeof m.node !== 'string') return false;
  if (!Array.isArray(m.files) || !m.files.every((s) => Array.isArray(s) && s.length === 3 && typeof s[0] === 'string' && typeof s[1] === 'number' && typeof s[2] === 'number')) return false;
  if (!Array.isArray(m.media) || !m.media.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string')) return false;
  const publish = m.publish as Record<string, unknown> | null;
  if (publish === null || typeof publish !== 'object' || typeof publish.ledgerBranch !== 'string' || typeof publish.remote !== 'string') return false;
  const ledger = m.ledger as Record<string, unknown> | null;
  if (ledger !== null && (typeof ledger !== 'object' || typeof ledger.ref !== 'string' || typeof ledger.commit !== 'string')) return false;
  if ((m.from !== null && typeof m.from !== 'number') || (m.until !== null && typeof m.until !== 'number')) return false;
  const r = m.result as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || typeof r.posts !== 'number' || typeof r.campaigns !== 'number') return false;
  if (!Array.isArray(r.problems) || !r.problems.every(isProblem)) return false;
  return Array.isArray(r.freezes) && r.freezes.every(isStoredFreeze);
}

function isStoredFreeze(f: unknown): boolean {
  if (f === null || typeof f !== 'object') return false;
  const { reason, at, tags, by } = f as Record<string, unknown>;
  return (
    typeof reason === 'string' &&
    typeof at === 'string' &&
    !Number.isNaN(Date.parse(at)) &&
    (tags === undefined || (Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) &&
    (by === undefined || typeof by === 'string')
  );
}
