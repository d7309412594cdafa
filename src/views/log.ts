import chalk from 'chalk';
import type { PostLog, PublishResult } from '../commands/log.js';
import { formatWall } from '../calendar/time.js';

// `log` for a terminal: the post, its commits, pull requests and where it went out, every time
// in the calendar's zone (the --json output keeps the ISO instants).

/** Publish outcomes under headings of their own, in this order; a failure is never "Published". */
const OUTCOMES: { heading: string; states: PublishResult['state'][] }[] = [
  { heading: 'Published:', states: ['published'] },
  { heading: 'Failed:', states: ['failed', 'missed'] },
  { heading: 'Outcome unknown (decide with `socialcal publish --resolve`):', states: ['unknown'] },
  { heading: 'Claimed, no result yet:', states: ['claimed'] },
];

export function logText(log: PostLog, zone: string): string {
  const when = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : formatWall(d, zone);
  };
  const lines = [chalk.bold(`${log.id}`) + chalk.dim(`  ${log.file}${log.removed ? ' (removed)' : ''}  · times in ${zone}`)];
  if (log.created) lines.push(`created by ${log.created.by} on ${when(log.created.at)} in ${log.created.commit.slice(0, 7)}`);
  if (log.commits.length === 0) lines.push(chalk.yellow('not committed yet'));
  lines.push('');
  for (const c of log.commits) {
    const what = c.change === 'renamed' ? `renamed from ${c.previousPath}` : c.change;
    const pr = c.pullRequest ? chalk.cyan(` #${c.pullRequest.number}`) : '';
    lines.push(`${chalk.yellow(c.commit.slice(0, 7))} ${when(c.date)}  ${c.author}  ${what}${pr}`);
    lines.push(`        ${c.subject}`);
  }
  if (log.pullRequests.length) {
    lines.push('', 'Pull requests:');
    for (const pr of log.pullRequests) {
      lines.push(`  #${pr.number}  merged by ${pr.mergedBy} on ${when(pr.mergedAt)} (${pr.via === 'merge' ? `merge ${pr.commit.slice(0, 7)}` : 'squash'})`);
    }
  }
  if (log.published.length === 0) lines.push('', 'Not published yet.');
  for (const { heading, states } of OUTCOMES) {
    const entries = log.published.filter((p) => states.includes(p.state));
    if (entries.length === 0) continue;
    lines.push('', heading);
    for (const p of entries) lines.push(`  ${p.account}  ${p.state}${p.at ? `  ${when(p.at)}` : ''}${p.url ? `  ${p.url}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
