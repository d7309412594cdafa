// `socialcal metrics import <csv>`: a sub-command of `metrics` (registered by its configure).
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { importWebAnalytics } from '../analytics/import.js';
import { mergeWebRows, parseWebRows, serializeWebRows, WEB_FILE } from '../analytics/web.js';
import { didYouMean } from '../calendar/problems.js';
import { EXIT, UsageError } from '../errors.js';
import { utmCampaignOf } from '../report/scorecard.js';
import { writeJson, writeOut } from '../views/output.js';
import { importText, type ImportSummary } from '../views/report/import.js';
import { calendarRoot, parseOptions } from './options.js';
import { requireCalendar } from './shared.js';

const Options = z.object({ dryRun: z.boolean().optional(), json: z.boolean().optional() });

export function configureImport(parent: Command): void {
  parent
    .command('import')
    .argument('<csv>', 'a GA4 or Plausible export (CSV)')
    .description(`Read web-analytics visits keyed by UTM (a GA4 or Plausible CSV export) into ${WEB_FILE}, for the sessions and conversions in \`socialcal report\`. Importing the same export again changes nothing; commit the file.`)
    .option('--dry-run', 'show what would be imported without writing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  socialcal metrics import ~/Downloads/ga4-traffic-acquisition.csv
  socialcal metrics import imported_sources_20270101_20270131.csv --dry-run

Accepted columns of each shape: docs/report.md`,
    )
    .action(async (file: string, raw: unknown, cmd: Command) => {
      await action(file, raw, cmd);
    });
}

export async function action(file: string, _raw: unknown, cmd: Command): Promise<number> {
  // The program reads options anywhere on the line (for -C), so `metrics` takes the --json
  // that both commands know: read it from there too.
  const opts = parseOptions(Options, cmd.optsWithGlobals());
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const path = resolve(file);
  if (!existsSync(path) || statSync(path).isDirectory()) {
    throw new UsageError(`${file}: ${existsSync(path) ? 'is a folder' : 'no such file'}`, 'give the CSV file exported from GA4 or Plausible');
  }
  const imported = importWebAnalytics(readFileSync(path, 'utf8'), file);
  const target = join(calendar.root, WEB_FILE);
  const stored = existsSync(target) ? parseWebRows(readFileSync(target, 'utf8'), WEB_FILE) : [];
  const merged = mergeWebRows(stored, imported.rows);
  const known = [...calendar.campaigns.values()].map(utmCampaignOf);
  const unknown = [...new Set(imported.rows.map((r) => r.campaign))].filter((c) => !known.includes(c)).sort();
  const summary: ImportSummary = {
    file,
    tool: imported.tool,
    rows: imported.rows.length,
    skipped: imported.skipped,
    stored: merged.length,
    added: merged.length - stored.length,
    target: WEB_FILE,
    written: !opts.dryRun,
    unknownCampaigns: unknown.map((name) => ({ name, suggestion: didYouMean(name, known) })),
  };
  if (!opts.dryRun) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, serializeWebRows(merged));
  }
  if (opts.json) writeJson(summary);
  else writeOut(importText(summary));
  return EXIT.ok;
}
