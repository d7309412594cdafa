import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, parseNow, useCache } from './options.js';
import type { LoadOptions } from '../calendar/load.js';
import type { Freeze } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { EXIT } from '../errors.js';
import { ledgerTip } from '../publish/ledger-tip.js';
import { recallCheck } from '../calendar/check-memo.js';
import { realCalendarRoot } from '../calendar/files.js';
import { ownVersion } from '../version.js';
import { checkText } from '../views/check.js';
import { formatGithub, summarize } from '../views/problems.js';
import { writeCommands, writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  format: z.enum(['text', 'json', 'github']).default('text'),
  json: z.boolean().optional(),
  now: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Validate every calendar file: YAML, schema, references, times and compliance rules.')
    .option('-f, --format <format>', 'text (grouped by file), json, or github (annotations for Actions)', 'text')
    .option('--json', 'same as --format json')
    .option('--now <time>', 'judge time-based rules as of this ISO time (default: now)')
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or environment error.

Examples:
  socialcal check                      problems grouped by file, with hints
  socialcal check --format github      inline annotations on a pull request
  socialcal check --json | jq '.summary'`,
    );
}

export interface CheckResult {
  root: string;
  problems: Problem[];
  posts: number;
  campaigns: number;
  freezes: Freeze[];
}

export async function collect(root: string, now: Date, opts: LoadOptions = {}): Promise<CheckResult> {
  // A warm run where nothing changed answers from the memo of the last check (check-memo.ts)
  // without loading the calendar, or even the modules that would.
  if (opts.cache) {
    const realRoot = realCalendarRoot(root);
    const recalled = await recallCheck(realRoot, now, ownVersion(), (publish) => ledgerTip(realRoot, publish));
    if (recalled) return { root: realRoot, ...recalled };
  }
  return (await import('./check-calendar.js')).checkCalendar(root, now, opts);
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const format = opts.json ? 'json' : opts.format;
  const now = parseNow(opts.now);
  const result = await collect(calendarRoot(cmd), now, { cache: useCache(cmd) });
  const summary = summarize(result.problems);
  if (format === 'json') {
    writeJson({ ...result, summary });
  } else if (format === 'github') {
    writeCommands(formatGithub(result.problems, result.root));
  } else {
    writeOut(checkText(result));
  }
  return summary.errors > 0 ? EXIT.findings : EXIT.ok;
}
