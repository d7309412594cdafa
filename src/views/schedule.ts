import type { ScheduleReport } from '../commands/schedule.js';

// `schedule` for a terminal: what went where, and what could not be placed and why.

export function scheduleText(report: ScheduleReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would get' : 'got';
  for (const p of report.placed) lines.push(`  ${p.file}: ${verb} at: ${p.atText}${p.timezone === report.timezone ? '' : ` (${p.timezone})`}  [queue ${p.queue}]${p.preferred ? '  best time' : ''}`);
  for (const u of report.unplaced) lines.push(`  ${u.file}: not scheduled [queue ${u.queue}]: ${u.reason}`);
  const head =
    report.placed.length + report.unplaced.length === 0
      ? 'No queued posts.'
      : `${report.dryRun ? 'Dry run: ' : ''}${report.placed.length} of ${report.placed.length + report.unplaced.length} queued posts ${report.dryRun ? 'would be' : 'were'} scheduled${report.dryRun ? ' (no files written)' : ''}.`;
  const tail = report.placed.length > 0 && !report.dryRun ? ['', 'Review the change with `socialcal plan` and commit it (or open a pull request).'] : [];
  return [head, ...lines, ...tail].join('\n') + '\n';
}
