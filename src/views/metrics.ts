import type { MetricsReport } from '../metrics/pull.js';
import type { AccountResult } from '../metrics/read-phase.js';
import { plural } from '../words.js';
import { pad, stringWidth } from './table.js';

// `metrics` for a terminal / CI log: one line per account, errors under it, then a summary.

const MARK: Record<AccountResult['state'], string> = { done: '✓', skipped: '-', stopped: '…', failed: '✗' };

export function metricsText(report: MetricsReport): string {
  if (report.nothingPublished) return `Nothing published yet: ${report.branch} has no published posts to read metrics for.\n`;
  const lines: string[] = [];
  const width = Math.max(0, ...report.accounts.map((a) => stringWidth(a.account)));
  for (const a of report.accounts) {
    lines.push(`${MARK[a.state]} ${pad(a.account, width)}  ${accountLine(a)}`);
    for (const e of a.errors) lines.push(`    ✗ ${e.postId}${e.item ? ` (thread item ${e.item})` : ''}: ${e.message}`);
    if (a.followersError) lines.push(`    follower count not read: ${a.followersError}`);
    if (a.followersUnavailable) lines.push(`    no follower count: ${a.followersUnavailable}`);
  }
  if (report.accounts.length === 0) lines.push('Every published post is up to date (read within the last hour, or settled after its 30d snapshot).');
  const added = Object.entries(report.snapshots).filter(([, n]) => n > 0).map(([age, n]) => `${age} ${n}`);
  lines.push(
    '',
    `${plural(report.read, 'reading')}${added.length ? `; new snapshots: ${added.join(', ')}` : ''}; ` +
      (report.written ? `${plural(report.written, 'file')} written to ${report.branch}` : `nothing new to write to ${report.branch}`),
  );
  const stopped = report.accounts.filter((a) => a.state === 'stopped');
  if (stopped.length) lines.push(`Run again${stopped[0].resumeAfter ? ` after ${stopped.map((a) => a.resumeAfter).sort().at(-1)}` : ''} to read the rest: what was read is kept.`);
  return lines.join('\n') + '\n';
}

function accountLine(a: AccountResult): string {
  const where = `(${a.platform})`;
  if (a.state === 'skipped') return `${where} skipped: ${a.note}`;
  if (a.state === 'failed') return `${where} failed after ${a.read} of ${a.wanted}: ${a.note}`;
  const parts = [`${a.read} of ${plural(a.wanted, 'item')} read in ${plural(a.calls, 'call')}`];
  if (a.gone) parts.push(`${a.gone} gone (deleted on the platform)`);
  if (a.followers !== undefined) parts.push(plural(a.followers, 'follower'));
  const head = `${where} ${parts.join(', ')}`;
  return a.state === 'stopped' ? `${head}; stopped: ${a.note}${a.resumeAfter ? ` (the platform allows more after ${a.resumeAfter})` : ''}` : head;
}
