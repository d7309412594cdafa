import type { PlacedReport, ScheduleReport } from '../commands/schedule.js';
import { weekdayName } from '../report/group.js';
import { formatWall } from '../calendar/time.js';
import { rate } from './report/words.js';

// `schedule` for a terminal: what went where and why, what could not be placed and why, and
// the evergreen posts that wait.

export function scheduleText(report: ScheduleReport): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would get' : 'got';
  for (const p of report.placed) {
    lines.push(`  ${p.file}: ${verb} at: ${p.atText}${p.timezone === report.timezone ? '' : ` (${p.timezone})`}  [queue ${p.queue}]${p.preferred ? '  best time' : ''}`);
    if (p.evergreen) lines.push(`    ${evergreenWords(p.evergreen)}`);
    if (p.why) lines.push(`    ${whyWords(p.why, report.timezone)}`);
  }
  for (const u of report.unplaced) lines.push(`  ${u.file}: not scheduled [queue ${u.queue}]: ${u.reason}`);
  const head =
    report.placed.length + report.unplaced.length === 0
      ? 'No queued posts.'
      : `${report.dryRun ? 'Dry run: ' : ''}${report.placed.length} of ${report.placed.length + report.unplaced.length} queued posts ${report.dryRun ? 'would be' : 'were'} scheduled${report.dryRun ? ' (no files written)' : ''}.`;
  const waiting = (report.waiting ?? []).map((w) => `  ${w.file}: ${w.reason}`);
  const tail = report.placed.length > 0 && !report.dryRun ? ['', 'Review the change with `socialcal plan` and commit it (or open a pull request).'] : [];
  return [
    ...(report.notes ?? []).map((n) => `Note: ${n}`),
    head,
    ...lines,
    ...(waiting.length > 0 ? ['', 'Evergreen posts not re-queued:', ...waiting] : []),
    ...tail,
  ].join('\n') + '\n';
}

function evergreenWords(e: NonNullable<PlacedReport['evergreen']>): string {
  if (!e.after) return `evergreen: first occurrence ${e.occurrence} (then every ${e.every} at the least)`;
  return `evergreen: next occurrence ${e.occurrence}, after ${e.after.id} (${e.after.atText}, ${e.after.state}); every ${e.every}: not before ${e.notBeforeText}`;
}

function whyWords(why: NonNullable<PlacedReport['why']>, zone: string): string {
  if (why.chosen === 'earliest') {
    return why.notEnoughData.length > 0 ? `earliest free slot: not enough data for ${why.notEnoughData.join(', ')}` : 'earliest free slot: no best time of its accounts within a week of it';
  }
  const times = why.bestTimes.map((t) => `${t.account} ${weekdayName(t.weekday)} ${String(t.hour).padStart(2, '0')}:00 ${rate(t.rate)} (lower bound ${rate(t.low)}, n = ${t.n})`);
  return `best time: ${times.join('; ')}${why.earliest ? `; earliest free slot was ${formatWall(new Date(why.earliest), zone)}` : ''}`;
}
