import chalk from 'chalk';
import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, checkNames, commaList, parseNow, useCache } from './options.js';
import { calendarAccounts } from '../calendar/query.js';
import { EXIT, UsageError } from '../errors.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { buildGrid } from '../views/calendar/grid.js';
import { parseMonth, parseWeek, periodAt } from '../views/calendar/period.js';
import { renderMonth, renderWeek } from '../views/calendar/render-text.js';
import { terminalColumns } from '../views/table.js';
import { requireCalendar, warnProblems } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  month: z.string().optional(),
  week: z.string().optional(),
  account: z.string().optional(),
  campaign: z.string().optional(),
  tag: z.string().optional(),
  interactive: z.boolean().optional(),
  json: z.boolean().optional(),
  width: z.coerce.number().int().min(40).optional(),
  lines: z.coerce.number().int().min(1).max(50).optional(),
  now: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description("Show a month (or a week, with hours) of the calendar in the calendar's zone: posts, milestones, blackouts, freezes and empty campaign days.")
    .option('-m, --month <YYYY-MM>', 'the month to show (default: the current month)')
    .option('-w, --week <YYYY-Www>', 'show this ISO week with hours instead of a month')
    .option('-a, --account <names>', 'only posts to these accounts (comma-separated)')
    .option('-c, --campaign <ids>', 'only posts and milestones of these campaigns')
    .option('-t, --tag <tags>', 'only posts with one of these tags')
    .option('-i, --interactive', 'browse the calendar interactively (arrows or hjkl, n/p, enter, /, q)')
    .option('--width <columns>', 'render for this many columns (default: the terminal, else $COLUMNS, else 80; at least 80)')
    .option('--lines <n>', 'most post lines a day shows in the month view before "+N more"', '4')
    .option('--json', 'print the grid as JSON')
    .option('--now <time>', 'treat this ISO time as now (picks the default month and today)')
    .addHelpText(
      'after',
      `
Marks (readable without colour): ★ milestone, ░ blackout, ❄/· frozen, ∅ a running campaign has
no post that day, ~ draft or idea, ‖ held by a freeze; each account has a letter (see the legend).

Keys in -i: ←↓↑→ or h j k l move a day/week, n / p next/previous month, enter opens a day,
then a post, esc or backspace goes back, / filters (text, #tag, @account), q quits.

Examples:
  socialcal calendar                           this month
  socialcal calendar --month 2027-02 --campaign meetups
  socialcal calendar --week 2027-W02 --account bluesky,mastodon
  socialcal calendar --month 2027-01 --json | jq '.days[] | select(.gaps != [])'
  socialcal calendar -i`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  if (opts.month && opts.week) throw new UsageError('--month and --week together: pick one', 'use --month YYYY-MM for a month grid or --week YYYY-Www for a week with hours');
  const now = parseNow(opts.now);
  const { calendar, problems } = requireCalendar(calendarRoot(cmd), { cache: useCache(cmd) });
  const zone = calendar.config.timezone;
  const period = opts.week ? parseWeek(opts.week) : opts.month ? parseMonth(opts.month) : periodAt('month', now, zone);
  const filter = { accounts: commaList(opts.account), campaigns: commaList(opts.campaign), tags: commaList(opts.tag) };
  checkNames('--account', filter.accounts, calendarAccounts(calendar));
  checkNames('--campaign', filter.campaigns, calendar.campaigns.keys());
  const ledger = await readLedgerView(calendar);

  if (opts.interactive) {
    if (opts.json) throw new UsageError('-i and --json together: pick one', 'use --json for data, -i to browse');
    const { runInteractive } = await import('../views/interactive/run.js');
    const { runRules } = await import('../rules/index.js');
    const findings = runRules(calendar, { now, ledger });
    return runInteractive({ calendar, ledger, problems: [...problems, ...findings], period, filter, now });
  }

  const grid = buildGrid(calendar, period, { now, filter, ledger });
  if (opts.json) {
    writeJson(grid);
    return EXIT.ok;
  }
  warnProblems(problems);
  const width = opts.width ?? terminalColumns(80);
  const render = period.kind === 'week' ? renderWeek : renderMonth;
  writeOut(render(grid, { width, chalk, maxLines: opts.lines }));
  return EXIT.ok;
}
