import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { checkRepoPath } from '../calendar/repo-path.js';
import { UsageError } from '../errors.js';

// Which feed entries have been curated already. Kept in the calendar repository itself
// (.socialcal/curated.yaml), committed together with the drafts it lists: a draft and the
// record that its entry was seen land in the same commit, go through the same review, and
// a later run (locally or in CI, any clone) skips exactly those entries.

export const STATE_FILE = '.socialcal/curated.yaml';

export interface CuratedEntry {
  key: string;
  /** The draft's post id. */
  post: string;
  /** When it was curated (ISO). */
  at: string;
}

export type CurateState = Record<string, CuratedEntry[]>;

const HEADER = '# Written by `socialcal curate`: feed entries already turned into drafts, so later runs skip them.\n# Keep it in git with the drafts. Remove a line to have its entry curated again.\n';

export function readState(root: string): CurateState {
  const checked = checkRepoPath(root, STATE_FILE);
  if (!checked.ok) {
    if (checked.reason === 'missing') return {};
    throw new UsageError(`${STATE_FILE}: not a file inside the repository`, 'replace it with a regular file (or delete it: every entry is then new)');
  }
  let data: unknown;
  try {
    data = parse(readFileSync(checked.abs, 'utf8'), { version: '1.2' });
  } catch (error) {
    throw new UsageError(`${STATE_FILE}: ${(error as Error).message.split('\n')[0]}`, 'fix the YAML, or restore it from git (git checkout -- .socialcal/curated.yaml)');
  }
  const feeds = (data as { feeds?: unknown } | null)?.feeds ?? {};
  if (typeof feeds !== 'object' || Array.isArray(feeds)) throw new UsageError(`${STATE_FILE}: \`feeds\` is not a map`, 'restore it from git');
  const state: CurateState = {};
  for (const [name, entries] of Object.entries(feeds as Record<string, unknown>)) {
    if (!Array.isArray(entries)) throw new UsageError(`${STATE_FILE}: feeds.${name} is not a list`, 'restore it from git');
    state[name] = entries.filter((e): e is CuratedEntry => typeof e?.key === 'string');
  }
  return state;
}

export function stateText(state: CurateState): string {
  const sorted = Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b)));
  return HEADER + stringify({ feeds: sorted }, { lineWidth: 0 });
}
