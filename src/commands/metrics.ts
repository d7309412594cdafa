import type { Command } from 'commander';
import { z } from 'zod';
import { calendarAccounts } from '../calendar/query.js';
import { parseDuration } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { pullMetrics } from '../metrics/pull.js';
import { writeErr, writeJson, writeOut } from '../views/output.js';
import { metricsText } from '../views/metrics.js';
import { calendarRoot, checkNames, commaList, parseNow, parseOptions, parseTimeFlag } from './options.js';
import { configureImport } from './metrics-import.js';
import { requireCalendar } from './shared.js';

const Options = z.object({
  since: z.string().optional(),
  accounts: z.string().optional(),
  now: z.string().optional(),
  maxWait: z.string().optional(),
  pace: z.string().optional(),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      'Pull engagement (likes, reposts, replies, quotes, impressions… where the platform gives them) and follower counts for published posts, and keep them on the ledger branch: snapshots at 1h, 1d, 7d and 30d after publishing plus the latest. Meant for a daily CI job.',
    )
    .option('--since <date>', 'only posts published since this date (calendar zone); also re-reads posts settled after their 30d snapshot')
    .option('--accounts <names>', 'only these accounts (comma-separated)')
    .option('--max-wait <duration>', 'longest rate-limit wait to sit out inside the run (default 60s); a longer one stops that account until the next run')
    .option('--pace <duration>', 'gap between two requests to one account (default 200ms)')
    .option('--now <time>', 'treat this ISO time as now (tests and replays)')
    .option('--json', 'print the run report as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 read (or stopped by a rate limit, to resume on the next run), 1 an account or a
post could not be read, 2 usage or environment error.

Examples:
  socialcal metrics                                 read what is due (in CI, daily)
  socialcal metrics --accounts acme-bsky            one account
  socialcal metrics --since 2026-01-01              re-read everything published this year

Format and what each platform gives: docs/metrics.md`,
    );
  configureImport(cmd);
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const now = opts.now ? parseNow(opts.now) : undefined;
  const accounts = commaList(opts.accounts);
  checkNames('--accounts', accounts, calendarAccounts(calendar));
  const since = opts.since === undefined ? undefined : parseTimeFlag('--since', opts.since, calendar.config.timezone, now ?? new Date());
  const report = await pullMetrics(calendar, {
    accounts,
    since,
    maxWaitMs: duration('--max-wait', opts.maxWait),
    paceMs: duration('--pace', opts.pace),
    ...(now ? { clock: clockFrom(now) } : {}),
    log: !opts.json && process.stderr.isTTY ? (line) => writeErr(`${line}\n`) : undefined,
  });
  if (opts.json) writeJson(report);
  else writeOut(metricsText(report));
  return report.ok ? EXIT.ok : EXIT.findings;
}

function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Seconds and milliseconds here too: rate-limit waits and request gaps are that short.
  const short = /^(\d+)\s*(ms|s)$/.exec(value.trim());
  const ms = short ? Number(short[1]) * (short[2] === 's' ? 1000 : 1) : value.trim() === '0' ? 0 : parseDuration(value);
  if (ms === undefined) throw new UsageError(`${flag} ${value}: not a duration`, 'write a number and a unit: 500ms, 30s, 2m');
  return ms;
}

/** `--now` fixes the start; time still passes from there, so readings keep their order. */
function clockFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
