import chalk from 'chalk';
import { relative, join } from 'node:path';
import type { Problem } from '../calendar/problems.js';
import { workflowCommand } from './output.js';
import { plural } from '../words.js';

// Renders check results: ESLint-style text, GitHub annotations, or JSON.

export interface ProblemSummary {
  errors: number;
  warnings: number;
  files: number;
}

export function summarize(problems: Problem[]): ProblemSummary {
  return {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    files: new Set(problems.map((p) => p.file)).size,
  };
}

export function formatText(problems: Problem[], footer: string): string {
  const lines: string[] = [];
  let currentFile = '';
  for (const p of problems) {
    if (p.file !== currentFile) {
      if (currentFile) lines.push('');
      lines.push(chalk.underline(p.file));
      currentFile = p.file;
    }
    const where = chalk.dim(`${p.line}:${p.column}`.padEnd(7));
    const severity = p.severity === 'error' ? chalk.red('error  ') : chalk.yellow('warning');
    const field = p.path ? chalk.dim(`  [${p.path}]`) : '';
    lines.push(`  ${where} ${severity}  ${p.message}${field}  ${chalk.dim(p.rule ?? p.code)}`);
    if (p.hint) lines.push(`  ${' '.repeat(7)} ${' '.repeat(7)}  ${chalk.dim(`hint: ${p.hint}`)}`);
  }
  const s = summarize(problems);
  if (lines.length) lines.push('');
  if (s.errors + s.warnings === 0) lines.push(chalk.green(`✔ ${footer}`));
  else {
    const total = s.errors + s.warnings;
    const text = `✖ ${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}) in ${plural(s.files, 'file')} — ${footer}`;
    lines.push(s.errors ? chalk.red.bold(text) : chalk.yellow.bold(text));
  }
  return lines.join('\n') + '\n';
}

/** GitHub Actions workflow commands; paths relative to the working directory, as Actions expects. */
export function formatGithub(problems: Problem[], root: string): string {
  return problems
    .map((p) => {
      const file = relative(process.cwd(), join(root, p.file)) || p.file;
      const level = p.severity === 'error' ? 'error' : 'warning';
      const props = { file, line: String(p.line), col: String(p.column), title: `socialcal ${p.rule ?? p.code}` };
      return workflowCommand(level, props, p.hint ? `${p.message}\n${p.hint}` : p.message);
    })
    .join('');
}
