import type { Command } from 'commander';
import { z } from 'zod';
import { calendarAccounts } from '../calendar/query.js';
import { parseDuration } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { SNAPSHOT_AGES, type SnapshotAge } from '../metrics/history.js';
import { readHistory, readWeb } from '../report/sources.js';
import { DEFAULT_MIN_POSTS } from '../report/best-times.js';
import { DIMENSIONS, type Dimension } from '../report/group.js';
import { buildReport } from '../report/report.js';
import { writeJson, writeOut } from '../views/output.js';
import { reportCsv } from '../views/report/csv.js';
import { reportMarkdown } from '../views/report/markdown.js';
import { reportText } from '../views/report/text.js';
import { calendarRoot, checkNames, commaList, parseNow, parseOptions, parseTimeFlag } from './options.js';
import { requireCalendar, warnProblems } from './shared.js';

const Options = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  last: z.string().optional(),
  account: z.string().optional(),
  campaign: z.string().optional(),
  by: z.string().optional(),
  age: z.enum(SNAPSHOT_AGES as [SnapshotAge, ...SnapshotAge[]]).optional(),
  top: z.coerce.number().int().positive().optional(),
  minPosts: z.coerce.number().int().min(2).optional(),
  history: z.string().optional(),
  format: z.enum(['text', 'markdown', 'csv']).optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
});

const DEFAULT_BY: Dimension[] = ['campaign', 'account', 'pillar', 'tag', 'format', 'weekday'];

export function configure(cmd: Command): void {
  cmd
    .description(
      'Report on what published posts achieved, from the metrics history: campaign scorecards (KPI targets, pace, cost per engagement), breakdowns by campaign, account, platform, pillar, tag, format, weekday and hour, top and bottom posts, best times to post, thread and campaign drop-off, and web visits imported with `metrics import`.',
    )
    .option('--from <date>', 'posts published from this date (calendar zone)')
    .option('--to <date>', 'up to this date (a date alone includes the whole day)')
    .option('--last <duration>', 'the last 7d, 4w… up to now (instead of --from)')
    .option('-a, --account <names>', 'only these accounts (comma-separated)')
    .option('-c, --campaign <ids>', 'only these campaigns')
    .option('--by <dimensions>', `breakdowns to show: ${DIMENSIONS.join(', ')} (default ${DEFAULT_BY.join(',')})`)
    .option('--age <age>', `which snapshot to compare: ${SNAPSHOT_AGES.join(', ')} (default latest; 7d compares posts at the same age)`)
    .option('--top <n>', 'top and bottom posts to list (default 5)')
    .option('--min-posts <n>', `posts a weekday × hour slot needs before it can be a best time (default ${DEFAULT_MIN_POSTS})`)
    .option('--history <folder>', 'read the metrics history from this folder (laid out like the ledger branch: metrics/posts/*.yaml) instead of the ledger branch')
    .option('--format <format>', 'text (default), markdown (weekly scorecard for a job summary or issue) or csv (one row per post per account)')
    .option('--json', 'print the whole report as JSON')
    .option('--now <time>', 'treat this ISO time as now: pace, --last, and only readings taken by then')
    .addHelpText(
      'after',
      `
Examples:
  socialcal report                                   everything measured so far
  socialcal report --last 7d --format markdown >> "$GITHUB_STEP_SUMMARY"
  socialcal report --campaign winter-launch --by account,format
  socialcal report -C examples/calendar --history examples/ledger --now 2027-03-31T12:00:00Z

Scorecard fields, import shapes and the best-time method: docs/report.md`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = parseNow(opts.now);
  const { calendar, problems } = requireCalendar(calendarRoot(cmd));
  const zone = calendar.config.timezone;
  const accounts = commaList(opts.account);
  const campaigns = commaList(opts.campaign);
  checkNames('--account', accounts, calendarAccounts(calendar));
  checkNames('--campaign', campaigns, calendar.campaigns.keys());
  const by = (commaList(opts.by) ?? DEFAULT_BY) as Dimension[];
  for (const d of by) if (!(DIMENSIONS as readonly string[]).includes(d)) checkNames('--by', [d], DIMENSIONS);
  if (opts.last && opts.from) throw new UsageError('--last and --from both say where the report starts', 'give one of them');
  const from = opts.last ? new Date(now.getTime() - lastDuration(opts.last)) : opts.from ? parseTimeFlag('--from', opts.from, zone, now) : undefined;
  const to = opts.to ? parseTimeFlag('--to', opts.to, zone, now, true) : opts.last ? now : undefined;

  const history = await readHistory(calendar, opts.history);
  const source = opts.history ? `--history ${opts.history}` : `ledger branch ${calendar.config.publish.ledgerBranch}`;
  const web = readWeb(calendar);
  const minPosts = opts.minPosts ?? DEFAULT_MIN_POSTS;
  const report = buildReport(calendar, history, web, { now, from, to, accounts, campaigns, age: opts.age, top: opts.top, minPosts, posts: opts.format === 'csv' });
  if (opts.json) {
    writeJson(report);
    return EXIT.ok;
  }
  if (opts.format === 'csv') {
    writeOut(reportCsv(report.posts ?? []));
    return EXIT.ok;
  }
  if (opts.format === 'markdown') {
    writeOut(reportMarkdown(report, minPosts));
    return EXIT.ok;
  }
  warnProblems(problems);
  writeOut(reportText(report, { by, source, minPosts }));
  return EXIT.ok;
}

function lastDuration(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new UsageError(`--last ${value}: not a duration`, 'write e.g. 7d, 2w or 24h');
  return ms;
}
