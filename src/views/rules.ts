import chalk from 'chalk';
import { stringify } from 'yaml';
import type { Severity } from '../calendar/model.js';
import type { RuleInfo } from '../commands/rules.js';
import { renderTable, terminalWidth } from './table.js';

// `rules` for a terminal: a table of all rules, or one rule in full.

const paint: Record<Severity, (s: string) => string> = { error: chalk.red, warn: chalk.yellow, off: chalk.dim };

export function rulesText(rules: RuleInfo[]): string {
  const rows = rules.map((r) => [
    r.id,
    r.defaultSeverity,
    r.configured ? paint[r.severity](r.severity) : chalk.dim('(default)'),
    r.description,
  ]);
  return renderTable(['rule', 'default', 'configured', 'checks'], rows, terminalWidth());
}

export function ruleText(r: RuleInfo): string {
  const yaml = (value: unknown) => '\n' + stringify(value, { lineWidth: 0 }).trimEnd().replace(/^/gm, '  ');
  const out = [
    `${chalk.bold(r.id)}  ${paint[r.severity](r.severity)}${r.configured ? '' : chalk.dim(' (default)')}`,
    r.description,
    '',
    `${chalk.bold('options')} (defaults):${yaml(r.defaults)}`,
  ];
  if (r.options) out.push(`${chalk.bold('configured')}:${yaml(r.options)}`);
  out.push('', chalk.bold('messages'), ...Object.entries(r.messages).map(([id, m]) => `  ${id}: ${m}`));
  if (r.docs) {
    const block = (s: string) => s.split('\n').map((l) => `  ${l}`);
    out.push('', chalk.bold('bad'), ...block(r.docs.bad), '', chalk.bold('good'), ...block(r.docs.good));
  }
  return out.join('\n') + '\n';
}
