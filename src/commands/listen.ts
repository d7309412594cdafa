import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, checkNames, commaList, parseNow, parseOptions } from './options.js';
import { EXIT } from '../errors.js';
import { listen, listeningOf } from '../listen/run.js';
import { listenAnnotations, listenSummary, listenText } from '../views/listen.js';
import { requireCalendar } from './shared.js';
import { safeText, writeCommands, writeErr, writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  query: z.string().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
  skipUnconfigured: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Count posts matching the `listening:` queries per hour on the ledger branch and alert on spikes; optionally freeze tagged posts. Meant for a CI job every 15 minutes.')
    .option('-q, --query <names>', 'only these queries (comma-separated)')
    .option('--json', 'print the run report as JSON')
    .option('--now <time>', 'treat this ISO time as now (tests and replays)')
    .option('--skip-unconfigured', 'exit 0 with a note when socialcal.yaml has no listening section (the scheduled workflow `init` writes uses it)')
    .addHelpText(
      'after',
      `
Exit codes: 0 no spike, 1 a spike (new or continuing), 2 usage or environment error (no
listening section, an account that could not be read).

On GitHub Actions a spike is also an error annotation and a line in the job summary. A new
spike is sent to the webhooks in listening.notify, and freezes the query's \`freeze:\` tags
until a person runs \`socialcal unfreeze\`. The method and its knobs: docs/engage.md.

Examples:
  socialcal listen
  socialcal listen --query outage --json`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  if (opts.skipUnconfigured && !calendar.config.listening) {
    writeOut('No `listening:` section in socialcal.yaml: nothing to listen for (see docs/engage.md).\n');
    return EXIT.ok;
  }
  const queries = commaList(opts.query);
  checkNames('--query', queries, listeningOf(calendar).queries.map((q) => q.name));
  const report = await listen(calendar, { now: opts.now ? parseNow(opts.now) : undefined, queries });
  if (opts.json) writeJson(report);
  else writeOut(listenText(report));
  for (const problem of report.notifyProblems) writeErr(`warning: ${problem}\n`);
  if (process.env.GITHUB_ACTIONS === 'true') {
    writeCommands(listenAnnotations(report));
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, safeText(listenSummary(report), false));
  }
  if (report.queries.some((r) => r.alert || r.continuing)) return EXIT.findings;
  return report.queries.some((r) => r.errors.length) ? EXIT.usage : EXIT.ok;
}
