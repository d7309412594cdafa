import chalk from 'chalk';
import type { PostLog } from '../commands/log.js';

// `log` for a terminal: the post, its commits, pull requests and where it went out.

export function logText(log: PostLog): string {
  const lines = [chalk.bold(`${log.id}`) + chalk.dim(`  ${log.file}${log.removed ? ' (removed)' : ''}`)];
  if (log.created) lines.push(`created by ${log.created.by} on ${log.created.at} in ${log.created.commit.slice(0, 7)}`);
  if (log.commits.length === 0) lines.push(chalk.yellow('not committed yet'));
  lines.push('');
  for (const c of log.commits) {
    const what = c.change === 'renamed' ? `renamed from ${c.previousPath}` : c.change;
    const pr = c.pullRequest ? chalk.cyan(` #${c.pullRequest.number}`) : '';
    lines.push(`${chalk.yellow(c.commit.slice(0, 7))} ${c.date}  ${c.author}  ${what}${pr}`);
    lines.push(`        ${c.subject}`);
  }
  if (log.pullRequests.length) {
    lines.push('', 'Pull requests:');
    for (const pr of log.pullRequests) {
      lines.push(`  #${pr.number}  merged by ${pr.mergedBy} on ${pr.mergedAt} (${pr.via === 'merge' ? `merge ${pr.commit.slice(0, 7)}` : 'squash'})`);
    }
  }
  lines.push('', log.published.length ? 'Published:' : 'Not published yet.');
  for (const p of log.published) lines.push(`  ${p.account}  ${p.state}${p.at ? `  ${p.at}` : ''}${p.url ? `  ${p.url}` : ''}`);
  return lines.join('\n') + '\n';
}
