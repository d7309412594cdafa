import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, parseNow, useCache } from './options.js';
import { EXIT } from '../errors.js';
import { planMarkdown } from '../views/plan/markdown.js';
import { planChange } from '../plan/run.js';
import { planText } from '../views/plan/text.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  base: z.string().optional(),
  head: z.string().optional(),
  format: z.enum(['text', 'markdown', 'json']).default('text'),
  json: z.boolean().optional(),
  now: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      'Show what a change does to the calendar: posts added, removed, rescheduled, edited and moved, with what each account would get, lengths, rule findings and the approver roles needed.',
    )
    .option('--base <rev>', 'compare with the merge-base of this revision (default: the default branch: origin/HEAD, else main or master)')
    .option('--head <rev>', 'plan this revision instead of the working tree')
    .option('-f, --format <format>', 'text, markdown (a pull-request comment) or json', 'text')
    .option('--json', 'same as --format json')
    .option('--now <time>', 'judge time-based rules as of this ISO time (default: now)')
    .addHelpText(
      'after',
      `
In a shallow CI clone, plan fetches the base and deepens history until the merge-base exists.
Exit codes: 0 plan printed (findings are shown, not failed on: that is \`check\`'s job), 2 usage or git error.

Examples:
  socialcal plan                                 this branch against the default branch
  socialcal plan --base origin/main --format markdown > plan.md
  socialcal plan --base v1 --head v2 --json | jq '.summary'`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = parseNow(opts.now);
  const plan = await planChange({ root: calendarRoot(cmd), base: opts.base, head: opts.head, now, cache: useCache(cmd) });
  const format = opts.json ? 'json' : opts.format;
  if (format === 'json') writeJson(plan);
  else if (format === 'markdown') writeOut(planMarkdown(plan));
  else writeOut(planText(plan));
  return EXIT.ok;
}
