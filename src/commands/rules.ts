import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { calendarRoot, parseOptions } from './options.js';
import { CONFIG_FILE } from '../calendar/files.js';
import { loadCalendar } from '../calendar/load.js';
import type { Config, Severity } from '../calendar/model.js';
import { didYouMean } from '../calendar/problems.js';
import { EXIT, UsageError } from '../errors.js';
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { ruleText, rulesText } from '../views/rules.js';
import { warnProblems } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({ json: z.boolean().optional() });

export function configure(cmd: Command): void {
  cmd
    .description('List the compliance rules: id, default severity, the severity socialcal.yaml sets, and what each checks.')
    .argument('[id]', 'show one rule in full: options with defaults, messages, examples')
    .option('--json', 'print the rules as JSON')
    .addHelpText(
      'after',
      `
Configure rules under \`rules:\` in socialcal.yaml:
  rules:
    quiet-hours: off
    spacing: { severity: error, minutes: 90 }

Examples:
  socialcal rules                 every rule, with this calendar's severities
  socialcal rules links           the links rule's options and examples
  socialcal rules --json | jq '.[] | select(.severity != "off") | .id'`,
    );
}

export interface RuleInfo {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** What runs in this calendar: the configured severity, else the default. */
  severity: Severity;
  configured: boolean;
  defaults: unknown;
  options?: Record<string, unknown>;
  messages: Record<string, string>;
  docs?: { bad: string; good: string };
}

export function collect(rules: readonly Rule[], config: Config | undefined): RuleInfo[] {
  return rules.map(({ meta }) => {
    const setting = config?.rules[meta.id];
    const info: RuleInfo = {
      id: meta.id,
      description: meta.description,
      defaultSeverity: meta.severity,
      severity: setting?.severity ?? meta.severity,
      configured: setting !== undefined,
      defaults: meta.options.parse({}),
      messages: meta.messages,
    };
    if (setting && Object.keys(setting.options).length > 0) info.options = setting.options;
    if (meta.docs) info.docs = meta.docs;
    return info;
  });
}

function readConfig(root: string): Config | undefined {
  if (!existsSync(join(root, CONFIG_FILE))) return undefined;
  const { calendar, problems } = loadCalendar(root);
  warnProblems(problems.filter((p) => p.file === CONFIG_FILE));
  return calendar?.config;
}

export async function action(id: string | undefined, raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const rules = collect(RULES, readConfig(calendarRoot(cmd)));
  let shown = rules;
  if (id !== undefined) {
    shown = rules.filter((r) => r.id === id);
    if (shown.length === 0) {
      const suggestion = didYouMean(id, rules.map((r) => r.id));
      throw new UsageError(`unknown rule "${id}"` + (suggestion ? ` (did you mean "${suggestion}"?)` : ''), 'run `socialcal rules` to list the rule ids');
    }
  }
  if (opts.json) writeJson(id !== undefined ? shown[0] : shown);
  else writeOut(id !== undefined ? ruleText(shown[0]) : rulesText(shown));
  return EXIT.ok;
}
