import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, commaList } from './options.js';
import { EXIT } from '../errors.js';
import { changeFreezes, liftFreeze } from '../publish/freeze.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  tag: z.string().optional(),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Lift a freeze: all of them, or only the given tags. Publishing resumes with the next run; posts still within their grace period go out then.')
    .option('-t, --tag <tags>', 'lift only the freeze on these tags')
    .option('--json', 'print the freezes still in force as JSON')
    .addHelpText(
      'after',
      `
Examples:
  socialcal unfreeze                    lift every freeze
  socialcal unfreeze --tag promotional  lift only the promotional freeze`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const tags = commaList(opts.tag);
  const { before, after } = await changeFreezes(
    { root: calendar.root, settings: calendar.config.publish, env: process.env, now: new Date() },
    (current) => liftFreeze(current, tags),
    `socialcal unfreeze${tags ? ` --tag ${tags.join(',')}` : ''}`,
  );
  if (opts.json) {
    writeJson({ freezes: after });
    return EXIT.ok;
  }
  if (before.length === after.length && JSON.stringify(before) === JSON.stringify(after)) {
    writeOut(`No freeze${tags ? ` on tags ${tags.join(', ')}` : ''} was in force.\n`);
  } else {
    writeOut(`Lifted${tags ? ` the freeze on ${tags.join(', ')}` : ' every freeze'}.\n`);
  }
  for (const f of after) writeOut(`❄ still frozen${f.tags ? ` for tags ${f.tags.join(', ')}` : ''}: ${f.reason}\n`);
  return EXIT.ok;
}
