import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { calendarRoot, parseNow, parseOptions, parseTimeFlag } from './options.js';
import { parseDuration } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { scheduleCalendar } from '../schedule/run.js';
import { withSlot } from '../schedule/write.js';
import { scheduleText } from '../views/schedule.js';
import { requireCalendar, warnProblems } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
  from: z.string().optional(),
  horizon: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Give queued posts (`queue: <name>`, no `at`) the next free slots of their queues that every time rule accepts, and write the times into their files.')
    .option('--dry-run', 'show what would be scheduled; write nothing')
    .option('--json', 'print what was (or would be) scheduled as JSON')
    .option('--from <date>', 'first slots from this date or "YYYY-MM-DD HH:MM" in the calendar\'s zone (default: now)')
    .option('--horizon <duration>', 'how far ahead to look for slots, e.g. 12w, 90d (default 366d)')
    .option('--now <time>', 'treat this ISO time as now')
    .addHelpText(
      'after',
      `
Posts go in priority order (higher first), then file order; the same calendar gives the same
schedule. A slot is free when none of the post's channels has a post then, and taken only if
the rules that judge times (spacing, daily-limit, quiet-hours, blackout, content-mix,
campaign-dates, duplicate-text) find nothing new. Frozen posts and ideas stay queued.
Exit codes: 0 every queued post scheduled, 1 some could not be, 2 usage error.

Examples:
  socialcal schedule --dry-run
  socialcal schedule && socialcal plan --base main`,
    );
}

export interface ScheduleReport {
  timezone: string;
  dryRun: boolean;
  placed: { id: string; file: string; queue: string; at: string; atText: string; timezone: string; preferred?: boolean }[];
  unplaced: { id: string; file: string; queue: string; reason: string }[];
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar, problems } = requireCalendar(calendarRoot(cmd));
  const now = parseNow(opts.now);
  const zone = calendar.config.timezone;
  const from = opts.from !== undefined ? parseTimeFlag('--from', opts.from, zone, now) : undefined;
  const horizonMs = opts.horizon !== undefined ? parseDuration(opts.horizon) : undefined;
  if (opts.horizon !== undefined && !horizonMs) throw new UsageError(`--horizon ${opts.horizon}: not a duration`, 'write a number and a unit: 90d, 12w');
  warnProblems(problems);
  const result = scheduleCalendar(calendar, { now, from, horizonMs, ledger: await readLedgerView(calendar) });
  if (!opts.dryRun) {
    for (const p of result.placed) {
      const path = join(calendar.root, p.post.file);
      writeFileSync(path, withSlot(readFileSync(path, 'utf8'), p.atText));
    }
  }
  const report: ScheduleReport = {
    timezone: zone,
    dryRun: opts.dryRun ?? false,
    placed: result.placed.map((p) => ({
      id: p.post.id,
      file: p.post.file,
      queue: p.post.queue,
      at: p.at.toISOString(),
      atText: p.atText,
      timezone: p.post.timezone,
      ...(p.preferred ? { preferred: true } : {}),
    })),
    unplaced: result.unplaced.map((u) => ({ id: u.post.id, file: u.post.file, queue: u.post.queue, reason: u.reason })),
  };
  if (opts.json) writeJson(report);
  else writeOut(scheduleText(report));
  return report.unplaced.length > 0 ? EXIT.findings : EXIT.ok;
}
