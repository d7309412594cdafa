import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, parseNow, useCache } from './options.js';
import { loadCalendar, type LoadOptions } from '../calendar/load.js';
import type { Freeze } from '../calendar/model.js';
import { sortProblems, type Problem } from '../calendar/problems.js';
import { EXIT } from '../errors.js';
import { publishFindings } from '../publish/findings.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { runRules } from '../rules/index.js';
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
  const { calendar, problems, cache } = loadCalendar(root, { ...opts, saveLater: true });
  if (!calendar) {
    cache?.save();
    return { root, problems, posts: 0, campaigns: 0, freezes: [] };
  }
  const ledger = await readLedgerView(calendar);
  const findings = [...runRules(calendar, { now, ledger, cache }), ...publishFindings(calendar, ledger)];
  // Queued posts are checked by trying to schedule them: one that no slot can take is reported.
  if (calendar.queued.length > 0) {
    const { queuedContentProblems, scheduleCalendar, unplacedProblems } = await import('../schedule/run.js');
    findings.push(...unplacedProblems(scheduleCalendar(calendar, { now, ledger })), ...queuedContentProblems(calendar, now));
  }
  // Positions the findings were located at are kept for the next run.
  cache?.save();
  return {
    root: calendar.root,
    problems: sortProblems([...problems, ...findings]),
    posts: calendar.posts.length,
    campaigns: calendar.campaigns.size,
    freezes: ledger?.freezes ?? [],
  };
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
