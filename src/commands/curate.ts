import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { readCalendarFiles } from '../calendar/files.js';
import { checkRepoWrite, isSymlink } from '../calendar/repo-path.js';
import { curate, type FeedOutcome } from '../curate/run.js';
import { DEFAULT_LIMITS } from '../curate/fetch.js';
import { readState, STATE_FILE, stateText, type CurateState } from '../curate/state.js';
import { EXIT, UsageError } from '../errors.js';
import { writePostFile } from '../scaffold/post-file.js';
import { curateText } from '../views/curate.js';
import { writeJson, writeOut } from '../views/output.js';
import { calendarRoot, checkNames, commaList, parseNow, parseOptions } from './options.js';
import { requireCalendar } from './shared.js';

const Options = z.object({
  feed: z.string().optional(),
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
  timeout: z.coerce.number().positive().max(300).optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Turn new entries of the feeds in socialcal.yaml (RSS 2.0 / Atom) into draft posts, one file each.')
    .option('--feed <names>', 'only these feeds (comma-separated names from `feeds:`)')
    .option('--dry-run', 'fetch and show the drafts; write nothing')
    .option('--json', 'print the result as JSON')
    .option('--timeout <seconds>', 'give up on a feed after this many seconds (default 20)')
    .option('--now <time>', 'treat this ISO time as now (draft times, time-based rules)')
    .addHelpText(
      'after',
      `
Entries already curated are listed in ${STATE_FILE}; commit it with the drafts. A feed that
cannot be read is reported and the others are still curated. Exit codes: 0 ok, 1 a feed failed
or a draft would not pass check, 2 usage error.

Examples:
  socialcal curate --dry-run
  socialcal curate --feed acme-blog && git add posts .socialcal && git commit -m "Curated drafts"

Feeds config and the daily workflow: docs/curate.md.`,
    );
}

export interface CurateResult {
  feeds: FeedOutcome[];
  written: string[];
  dryRun: boolean;
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = parseNow(opts.now);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const names = commaList(opts.feed);
  if (Object.keys(calendar.config.feeds).length === 0) {
    throw new UsageError('socialcal.yaml has no `feeds:`', 'add a feed: see docs/curate.md');
  }
  checkNames('--feed', names, Object.keys(calendar.config.feeds));
  const state = readState(calendar.root);
  const feeds = await curate(calendar, readCalendarFiles(calendar.root), state, {
    feeds: names,
    now,
    limits: { ...DEFAULT_LIMITS, ...(opts.timeout ? { timeoutMs: opts.timeout * 1000 } : {}) },
  });
  const written: string[] = [];
  if (!opts.dryRun) {
    const drafts = feeds.flatMap((f) => f.drafts);
    for (const draft of drafts) {
      writePostFile(calendar.root, draft.path, draft.data, {
        outside: 'curate writes only inside the calendar; replace the symlinked folder with a real one',
        exists: 'another process wrote it meanwhile; run curate again',
      });
      written.push(draft.path);
    }
    if (drafts.length) {
      written.push(writeState(calendar.root, remember(state, feeds, now)));
    }
  }
  const result: CurateResult = { feeds, written, dryRun: opts.dryRun === true };
  if (opts.json) writeJson(result);
  else writeOut(curateText(result));
  return feeds.some((f) => f.error || f.rejected.length) ? EXIT.findings : EXIT.ok;
}

function remember(state: CurateState, feeds: FeedOutcome[], now: Date): CurateState {
  const next: CurateState = { ...state };
  for (const outcome of feeds) {
    if (!outcome.drafts.length) continue;
    next[outcome.feed] = [...(next[outcome.feed] ?? []), ...outcome.drafts.map((d) => ({ key: d.entry.key, post: d.id, at: now.toISOString() }))];
  }
  return next;
}

function writeState(root: string, state: CurateState): string {
  const checked = checkRepoWrite(root, STATE_FILE);
  if (!checked.ok || isSymlink(checked.abs)) throw new UsageError(`cannot write ${STATE_FILE}: it must be a regular file inside the calendar repository`, 'replace the symlink with a regular file');
  mkdirSync(dirname(checked.abs), { recursive: true });
  writeFileSync(checked.abs, stateText(state));
  return STATE_FILE;
}
