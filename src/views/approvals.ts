import chalk from 'chalk';
import type { ApprovalsResult } from '../approvals/run.js';

// `approvals` for a terminal / CI log, and as Markdown (a job summary or a comment).

export function approvalsText(r: ApprovalsResult): string {
  const lines = [`Pull request ${r.pullRequest.repo}#${r.pullRequest.number}`];
  if (r.required.length === 0) return lines.concat(chalk.green('✔ no approver roles needed by these changes'), '').join('\n');
  for (const c of r.covered) lines.push(`${chalk.green('✔')} ${c.role}: approved by ${c.by.join(', ')}  ${chalk.dim(`(${c.posts.join(', ')})`)}`);
  for (const m of r.missing) {
    lines.push(`${chalk.red('✖')} ${m.role}: missing — needed by ${m.posts.join(', ')}; can approve: ${m.members.join(', ') || chalk.yellow('nobody (add the role to socialcal.yaml roles)')}`);
  }
  for (const t of r.unreadTeams) lines.push(chalk.yellow(`! ${t.reason}${t.hint ? ` (${t.hint})` : ''}`));
  const changes = r.reviews.filter((x) => x.state === 'CHANGES_REQUESTED').map((x) => x.login);
  if (changes.length) lines.push(chalk.yellow(`changes requested by ${changes.join(', ')}`));
  lines.push(r.ok ? chalk.green('All required roles have approved.') : chalk.red(`${r.missing.length} role${r.missing.length === 1 ? '' : 's'} still to approve.`));
  return lines.join('\n') + '\n';
}

export function approvalsMarkdown(r: ApprovalsResult): string {
  const lines = ['<!-- socialcal-approvals -->', '## 🔐 socialcal approvals', ''];
  if (r.required.length === 0) return lines.concat('No approver roles are needed by these changes.', '').join('\n');
  lines.push('| role | status | approved by | needed by | can approve |', '| --- | --- | --- | --- | --- |');
  for (const c of [...r.covered, ...r.missing].sort((a, b) => a.role.localeCompare(b.role))) {
    const ok = c.by.length > 0;
    lines.push(
      `| \`${c.role}\` | ${ok ? '✅ approved' : '❌ missing'} | ${c.by.join(', ')} | ${c.posts.map((p) => `\`${p}\``).join(', ')} | ${c.members.map((m) => `\`${m}\``).join(', ')} |`,
    );
  }
  for (const t of r.unreadTeams) lines.push('', `> [!WARNING]`, `> ${t.reason}${t.hint ? ` — ${t.hint}` : ''}`);
  lines.push('', r.ok ? 'All required roles have approved.' : `**${r.missing.length} role${r.missing.length === 1 ? '' : 's'} still to approve.**`);
  return lines.join('\n') + '\n';
}
