import type { Freeze } from '../calendar/model.js';
import type { ListenReport, QueryReport } from '../listen/run.js';
import { freezeLine } from './freezes.js';
import { workflowCommand } from './output.js';

// `listen` for a terminal, for GitHub (annotations and a job-summary table), and nothing else.

function status(r: QueryReport): string {
  if (r.alert) return `SPIKE (${r.verdict.kinds.join(', ')})`;
  if (r.continuing) return `spike continues (${r.verdict.kinds.join(', ')})`;
  if (r.warmingUp) return `warming up (${r.historyHours}h of history)`;
  return 'normal';
}

export function listenText(report: ListenReport): string {
  const lines: string[] = [];
  for (const r of report.queries) {
    const v = r.verdict;
    lines.push(`${r.query}: ${v.count} this hour (${r.hour}:00 UTC), +${r.added} new; baseline ${v.mean}/h, alert at ${Math.ceil(v.volumeThreshold)} or a rise of ${Math.ceil(v.velocityThreshold)} — ${status(r)}`);
    if (r.truncated) lines.push('  more new posts than one run reads: counts are a lower bound');
    for (const m of r.newest.slice(0, 3)) lines.push(`  ${m.author}: ${m.text.replace(/\s+/g, ' ').slice(0, 100)}${m.url ? ` ${m.url}` : ''}`);
    for (const e of r.errors) lines.push(`  could not read ${e}`);
  }
  for (const f of report.froze) lines.push(freezeLine(f, { by: true }));
  return lines.join('\n') + '\n';
}

/** Error annotations for spikes (new and continuing). */
export function listenAnnotations(report: ListenReport): string {
  return report.queries
    .filter((r) => r.alert || r.continuing)
    .map((r) => workflowCommand('error', { title: `socialcal listen: spike in ${r.query}` }, spikeLine(r, report.froze)))
    .join('');
}

/** Markdown for $GITHUB_STEP_SUMMARY. */
export function listenSummary(report: ListenReport): string {
  const rows = report.queries.map((r) => `| ${cell(r.query)} | ${r.verdict.count} | ${r.verdict.mean} | ${status(r)} |`);
  const spikes = report.queries.filter((r) => r.alert || r.continuing).map((r) => `- ${cell(spikeLine(r, report.froze))}`);
  return ['### socialcal listen', '', '| query | this hour | baseline/h | status |', '| --- | --- | --- | --- |', ...rows, '', ...spikes, ''].join('\n') + '\n';
}

function spikeLine(r: QueryReport, froze: Freeze[]): string {
  const frozen = froze.filter((f) => f.reason.includes(`"${r.query}"`)).flatMap((f) => f.tags ?? []);
  return `Spike in "${r.query}": ${r.verdict.count} mentions this hour against a baseline of ${r.verdict.mean}/h${frozen.length ? `; froze posts tagged ${frozen.join(', ')}` : ''}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
