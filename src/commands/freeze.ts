import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, commaList } from './options.js';
import { EXIT } from '../errors.js';
import { addFreeze, changeFreezes } from '../publish/freeze.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  tag: z.string().optional(),
  reason: z.string().trim().min(1, 'say why, e.g. --reason "incident in progress"'),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Stop publishing now — all posts, or posts with a tag — by committing a freeze to the ledger branch. `unfreeze` lifts it.')
    .option('-t, --tag <tags>', 'only hold posts with one of these tags (comma-separated)')
    .requiredOption('-r, --reason <text>', 'why; shown by publish, check and ls while the freeze holds')
    .option('--json', 'print the freezes now in force as JSON')
    .addHelpText(
      'after',
      `
The freeze is pushed to the ledger branch at once (no pull request needed) and every publish
run reads it before sending anything.

Examples:
  socialcal freeze --reason "incident: hold everything"
  socialcal freeze --tag promotional --reason "earnings quiet period"`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const tags = commaList(opts.tag);
  const now = new Date();
  const { after } = await changeFreezes(
    { root: calendar.root, settings: calendar.config.publish, env: process.env, now },
    (current, by) => addFreeze(current, { reason: opts.reason, ...(tags?.length ? { tags } : {}), at: now, by }),
    `socialcal freeze${tags ? ` --tag ${tags.join(',')}` : ''}: ${opts.reason}`,
  );
  if (opts.json) writeJson({ freezes: after });
  else writeOut(`❄ frozen${tags ? ` for tags ${tags.join(', ')}` : ': nothing will be published'} — ${opts.reason}\nLift it with: socialcal unfreeze${tags ? ` --tag ${tags.join(',')}` : ''}\n`);
  return EXIT.ok;
}
