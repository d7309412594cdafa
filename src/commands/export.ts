import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { calendarRoot, parseOptions, checkNames, commaList, parseTimeFlag, parseNow, outputDir, outputFile, useCache } from './options.js';
import type { Post } from '../calendar/model.js';
import { calendarAccounts } from '../calendar/query.js';
import type { RenderedPost } from '../calendar/render.js';
import { EXIT, UsageError } from '../errors.js';
import { toCsv } from '../export/csv.js';
import { siteMonths } from '../export/html/data.js';
import { writeSite } from '../export/html/site.js';
import { writeReportPage } from '../export/html/report-page.js';
import { buildReport } from '../report/report.js';
import { readHistory, readWeb } from '../report/sources.js';
import { toIcs } from '../export/ics.js';
import { exportPosts, type ExportFilter } from '../export/select.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { runRules } from '../rules/index.js';
import { requireCalendar, warnProblems } from './shared.js';
import { writeJson } from '../views/output.js';

const FORMATS = ['ics', 'html', 'csv'] as const;

const Options = z.object({
  output: z.string().optional(),
  account: z.string().optional(),
  campaign: z.string().optional(),
  tag: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  title: z.string().optional(),
  raw: z.boolean().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
  history: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Export the calendar: ics (subscribe in any calendar app), html (a static site for stakeholders), csv (one row per post and account).')
    .argument('<format>', FORMATS.join(' | '))
    .option('-o, --output <path>', 'file for ics/csv (default: standard output); folder for html (default: socialcal-site)')
    .option('-a, --account <names>', 'only posts to these accounts (csv: only their rows)')
    .option('-c, --campaign <ids>', 'only posts (and milestones) of these campaigns')
    .option('-t, --tag <tags>', 'only posts with one of these tags')
    .option('--from <date>', "only posts from this date or \"YYYY-MM-DD HH:MM\" in the calendar's zone")
    .option('--to <date>', 'only posts up to this date (a date alone includes the whole day)')
    .option('--title <text>', 'html: the page title', 'Social media calendar')
    .option('--raw', "csv: keep cells as written; by default a cell starting with = + - @ tab or CR gets a leading ' so spreadsheets do not run it as a formula")
    .option('--json', 'print a summary of what was written as JSON')
    .option('--now <time>', 'treat this ISO time as now (ICS DTSTAMP, rule findings in html)')
    .option('--history <folder>', 'html: the metrics history for report.html from this folder (as `report --history`) instead of the ledger branch')
    .addHelpText(
      'after',
      `
Examples:
  socialcal export ics -o calendar.ics                 subscribe to it from a published URL
  socialcal export html -o site                        open site/index.html, or publish site/ on GitHub Pages
  socialcal export csv --campaign winter-launch > winter.csv`,
    );
}

export async function action(format: string, raw: unknown, cmd: Command): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`export ${format}: unknown format`, `use one of: ${FORMATS.join(', ')}`);
  const opts = parseOptions(Options, raw);
  const now = parseNow(opts.now);
  const output = opts.output === undefined ? undefined : format === 'html' ? outputDir('-o', opts.output) : outputFile('-o', opts.output);
  // The site shows the rules' findings: like `check`, html takes per-post findings about unchanged
  // posts from the cache and keeps the new ones there.
  const { calendar, problems, cache } = requireCalendar(calendarRoot(cmd), { cache: useCache(cmd), saveLater: format === 'html' });
  const zone = calendar.config.timezone;
  const filter: ExportFilter = {
    accounts: commaList(opts.account),
    campaigns: commaList(opts.campaign),
    tags: commaList(opts.tag),
    from: opts.from ? parseTimeFlag('--from', opts.from, zone, now) : undefined,
    to: opts.to ? parseTimeFlag('--to', opts.to, zone, now, true) : undefined,
  };
  checkNames('--account', filter.accounts, calendarAccounts(calendar));
  checkNames('--campaign', filter.campaigns, calendar.campaigns.keys());
  warnProblems(problems);
  const ledger = await readLedgerView(calendar);
  const posts = exportPosts(calendar, filter).length;

  let summary: Record<string, unknown>;
  if (format === 'html') {
    const dir = output ?? resolve('socialcal-site');
    // report.html: the report's charts, when anything has been measured; the calendar links to it.
    // Read before the rules run: starting git costs more the larger the process has grown.
    const history = await readHistory(calendar, opts.history);
    // The site shows each post as each account gets it: the rules' renders are reused.
    const renders = new Map<Post, RenderedPost[]>();
    const findings = [...problems, ...runRules(calendar, { now, ledger, cache, renders })];
    cache?.save();
    const site = writeSite(calendar, siteMonths(calendar, { ledger, problems: findings, filter, title: opts.title, now, renders }), dir, { reportLink: history.posts.length > 0 });
    if (history.posts.length) site.files.push(writeReportPage(dir, buildReport(calendar, history, readWeb(calendar), { now, accounts: filter.accounts, campaigns: filter.campaigns }), opts.title ?? 'Social media calendar'));
    summary = { format, output: dir, posts, files: site.files };
    if (!opts.json) process.stderr.write(`Wrote ${site.files.length} files for ${posts} posts to ${dir}; open ${resolve(dir, 'index.html')}\n`);
  } else {
    const text = format === 'ics' ? toIcs(calendar, { filter, ledger, stamp: now }) : toCsv(calendar, { filter, ledger, raw: opts.raw });
    if (output) {
      writeFileSync(output, text);
      if (!opts.json) process.stderr.write(`Wrote ${posts} posts to ${output}\n`);
    } else if (opts.json) {
      throw new UsageError(`--json with export ${format} needs -o`, 'the export itself goes to standard output otherwise; add -o <file>');
    } else {
      process.stdout.write(text);
    }
    summary = { format, output: output ?? '-', posts, bytes: Buffer.byteLength(text) };
  }
  if (opts.json) writeJson(summary);
  return EXIT.ok;
}
