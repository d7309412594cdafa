import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { readCalendarFiles } from '../calendar/files.js';
import { POST_STATUSES } from '../calendar/model.js';
import { EXIT, UsageError } from '../errors.js';
import { planImport, type ImportPlan } from '../import/plan.js';
import { readSheet } from '../import/sheet.js';
import { writePostFile } from '../scaffold/post-file.js';
import { importText } from '../views/import.js';
import { writeJson, writeOut } from '../views/output.js';
import { calendarRoot, checkNames, checkZone, commaList, parseNow, parseOptions } from './options.js';
import { requireCalendar } from './shared.js';

const Options = z.object({
  channels: z.string().optional(),
  account: z.string().optional(),
  zone: z.string().optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  status: z.enum(POST_STATUSES).optional(),
  skipInvalid: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Turn a spreadsheet (CSV) into post files: socialcal\'s own export, Hootsuite\'s bulk CSV, or Buffer/Later-style named columns.')
    .argument('<format>', 'csv')
    .argument('<file>', 'the CSV file')
    .option('--channels <accounts>', 'accounts for rows without a channel column (comma-separated)')
    .option('-a, --account <accounts>', 'same as --channels')
    .option('--zone <zone>', "IANA zone the sheet's times are in (default: the calendar's)")
    .option('--date-order <order>', 'dmy (20/01/2027) or mdy (01/20/2027) for slashed dates; required when the sheet does not show it')
    .option('--status <status>', 'idea, draft or ready for rows without a status column (default: draft)')
    .option('--skip-invalid', 'write the valid rows and list the others (default: write nothing unless every row is valid)')
    .option('--dry-run', 'show what would be written; write nothing')
    .option('--json', 'print the result as JSON')
    .option('--now <time>', 'judge time-based rules as of this ISO time (default: now)')
    .addHelpText(
      'after',
      `
Every row is checked like a hand-written post (schema, accounts, times, rules) before anything
is written. Exit codes: 0 all rows imported, 1 rows with problems, 2 usage error.

Examples:
  socialcal export csv -o posts.csv && socialcal -C ../other import csv posts.csv
  socialcal import csv hootsuite.csv --date-order dmy --channels bluesky,mastodon
  socialcal import csv buffer.csv --zone America/New_York --dry-run

Columns: docs/import.md.`,
    );
}

export async function action(format: string, file: string, raw: unknown, cmd: Command): Promise<number> {
  if (format !== 'csv') throw new UsageError(`import ${format}: unknown format`, 'use: socialcal import csv <file>');
  const opts = parseOptions(Options, raw);
  checkZone('--zone', opts.zone);
  const now = parseNow(opts.now);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const channels = commaList(opts.channels ?? opts.account);
  checkNames(opts.channels ? '--channels' : '--account', channels, Object.keys(calendar.config.accounts));
  const sheet = readSheet(file, readInput(file));
  if (sheet.rows.length === 0) throw new UsageError(`${file}: no rows`, 'export the sheet again; the file is empty');

  const plan = planImport(sheet, calendar, readCalendarFiles(calendar.root), {
    zone: opts.zone ?? calendar.config.timezone,
    dateOrder: opts.dateOrder,
    channels,
    status: opts.status ?? 'draft',
    now,
  });
  const write = !opts.dryRun && plan.posts.length > 0 && (plan.errors.length === 0 || opts.skipInvalid === true);
  if (write) {
    for (const post of plan.posts) {
      writePostFile(calendar.root, post.path, post.data, {
        outside: 'import writes only inside the calendar; replace the symlinked folder with a real one',
        exists: 'another process wrote it meanwhile; run the import again',
      });
    }
  }
  const result: ImportResult = { ...plan, written: write ? plan.posts.map((p) => p.path) : [], dryRun: opts.dryRun === true };
  if (opts.json) writeJson(result);
  else writeOut(importText(result));
  return plan.errors.length ? EXIT.findings : EXIT.ok;
}

export interface ImportResult extends ImportPlan {
  /** Files written (empty on --dry-run, or when rows are invalid without --skip-invalid). */
  written: string[];
  dryRun: boolean;
}

function readInput(file: string): Uint8Array {
  const path = resolve(file);
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${file}: is a folder`, 'give the CSV file');
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: no such file`, 'give the path of the CSV file, relative to the current directory');
  }
  // A sheet of tens of thousands of posts is a few MB; anything far bigger is the wrong file.
  if (size > 64 * 1024 * 1024) throw new UsageError(`${file}: ${Math.round(size / 1024 / 1024)} MB is too large for a sheet of posts`, 'split it, or check it is the right file');
  return readFileSync(path);
}
