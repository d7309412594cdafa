import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, checkNames, commaList, parseNow } from './options.js';
import { calendarAccounts } from '../calendar/query.js';
import { parseDuration } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { parseResolve, resolvePairs } from '../publish/resolve.js';
import { DEFAULT_STALE_AFTER_MS, publish } from '../publish/runner.js';
import { publishText, resolvedText } from '../views/publish.js';
import { requireCalendar } from './shared.js';
import { writeErr, writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  now: z.string().optional(),
  dryRun: z.boolean().optional(),
  accounts: z.string().optional(),
  json: z.boolean().optional(),
  resolve: z.array(z.string()).optional(),
  staleAfter: z.string().optional(),
  newLedger: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      'Post everything that is due and not yet published, exactly once: claim it on the ledger branch, post, record the result. Meant for a scheduled CI job.',
    )
    .option('--dry-run', 'print exactly what each account would receive (text, media with alt text, thread) and change nothing')
    .option('--accounts <names>', 'only these accounts (comma-separated), e.g. to shard across parallel CI jobs')
    .option('--now <time>', 'treat this ISO time as now (tests and replays)')
    .option('--json', 'print the run report as JSON')
    .option('--resolve <post:account=outcome>', 'record a decision about an unknown outcome: published (it went out) or retry (send it again); repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--new-ledger', 'confirm that the ledger branch starts afresh (after it was deleted, renamed or publish.branch changed); posts inside their grace period may go out again')
    .option('--stale-after <duration>', `treat a claim without a result as left by a dead run after this long (default and minimum ${DEFAULT_STALE_AFTER_MS / 60_000}m)`)
    .addHelpText(
      'after',
      `
Exit codes: 0 all due posts went out (or were held by a freeze/blackout), 1 a post failed, was
missed or has an unknown outcome, 2 usage or environment error.

Examples:
  socialcal publish                                   post what is due (in CI, on a cron)
  socialcal publish --dry-run                         preview what would go out now
  socialcal publish --accounts acme-bsky,acme-masto   one shard of a parallel job
  socialcal publish --resolve launch:acme-slack=published   it did go out; stop asking
  socialcal publish --resolve launch:acme-slack=retry       it did not; send it again`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = opts.now ? parseNow(opts.now) : undefined;
  const { calendar, problems } = requireCalendar(calendarRoot(cmd));

  if (opts.resolve?.length) {
    const done = await resolvePairs(calendar, opts.resolve.map(parseResolve), process.env, now ?? new Date());
    if (opts.json) writeJson({ resolved: done });
    else writeOut(resolvedText(done));
    return EXIT.ok;
  }

  const accounts = commaList(opts.accounts);
  checkNames('--accounts', accounts, calendarAccounts(calendar));
  let staleAfterMs: number | undefined;
  if (opts.staleAfter !== undefined) {
    staleAfterMs = parseDuration(opts.staleAfter);
    if (staleAfterMs === undefined) throw new UsageError(`--stale-after ${opts.staleAfter}: not a duration`, 'write a number and a unit: 30m, 2h');
  }
  const report = await publish(calendar, problems, {
    now,
    dryRun: opts.dryRun,
    accounts,
    staleAfterMs,
    newLedger: opts.newLedger,
    log: opts.json ? undefined : (line) => writeErr(`${line}\n`),
  });
  if (opts.json) writeJson(report);
  else writeOut(publishText(report, calendar.config.timezone));
  return report.ok ? EXIT.ok : EXIT.findings;
}
