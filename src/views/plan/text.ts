import chalk from 'chalk';
import type { Plan, PlannedPost } from '../../plan/plan.js';
import { changeLabel, configLine, plural, publishedLine, sideLabel, summaryCounts, whenLabel } from './words.js';

// The plan for a terminal: one block per post, previews indented.

export function planText(plan: Plan): string {
  const lines: string[] = [];
  lines.push(chalk.bold(`Plan: ${sideLabel(plan.base)} → ${sideLabel(plan.head)}`) + chalk.dim(` (times in ${plan.timezone})`), '');
  const counts = summaryCounts(plan);
  if (counts.length === 0 && plan.invalid.length === 0) {
    lines.push('No changes to the calendar.');
    return lines.join('\n') + '\n';
  }
  for (const f of plan.invalid) {
    for (const p of f.problems) lines.push(chalk.red(`✖ ${f.file}:${p.line}:${p.column} ${p.message}`) + (p.hint ? chalk.dim(` (${p.hint})`) : ''));
  }
  if (plan.invalid.length) lines.push('');
  for (const c of plan.config) lines.push(`${chalk.cyan('config')}  ${configLine(c)}`);
  for (const c of plan.campaigns) lines.push(`${chalk.cyan('campaign')}  ${c.id} ${c.kind}${c.fields.length ? ` (${c.fields.join(', ')})` : ''}`);
  if (plan.config.length || plan.campaigns.length) lines.push('');
  for (const p of plan.posts) lines.push(...postLines(p), '');
  lines.push(counts.map(([word, n]) => `${n} ${word}`).join(', '));
  if (plan.roles.length) lines.push(`Approvals needed: ${plan.roles.join(', ')}`);
  if (plan.summary.errors + plan.summary.warnings) {
    lines.push(`${plural(plan.summary.errors, 'error')}, ${plural(plan.summary.warnings, 'warning')} in the changed files`);
  }
  return lines.join('\n') + '\n';
}

function postLines(p: PlannedPost): string[] {
  const sign = p.kind === 'added' ? chalk.green('+') : p.kind === 'removed' ? chalk.red('-') : chalk.yellow('~');
  const lines = [`${sign} ${chalk.bold(p.id)}  ${changeLabel(p)}  ${whenLabel(p)}  ${chalk.dim(p.previousFile ? `${p.previousFile} → ${p.file}` : p.file)}`];
  const published = publishedLine(p);
  if (published) lines.push(chalk.yellow(`    ! ${published}`));
  if (p.roles.length) lines.push(`    needs approval: ${p.roles.join(', ')}`);
  for (const a of p.accounts) {
    a.items.forEach((item, i) => {
      const length = `${item.length}/${item.limit}`;
      lines.push(`    ${i === 0 ? a.account : `  reply ${i}`}  ${item.over ? chalk.red(`${length} too long`) : chalk.dim(length)}`);
      for (const line of item.text.split('\n')) lines.push(`      │ ${line}`);
      for (const m of item.media) lines.push(`      ▣ ${m.file}  ${m.alt ? chalk.dim(`alt: ${m.alt}`) : chalk.yellow('no alt text')}`);
    });
  }
  for (const f of p.findings) {
    const label = f.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
    lines.push(`    ${label} ${f.line}:${f.column} ${f.message} ${chalk.dim(f.rule ?? f.code)}`);
  }
  return lines;
}
