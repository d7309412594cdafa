import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { calendarRoot, parseOptions } from '../cli.js';
import { isValidZone } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { initialCalendar } from '../scaffold/calendar.js';

const Options = z.object({
  timezone: z.string().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Scaffold a calendar repository: socialcal.yaml, an example campaign and posts, CI workflows.')
    .argument('[dir]', 'where to create it (default: the current directory)')
    .option('--timezone <zone>', 'the calendar\'s IANA zone (default: this machine\'s zone)')
    .option('--force', 'write even if a socialcal.yaml already exists (existing files are still kept)')
    .option('--json', 'print the files written as JSON')
    .addHelpText('after', '\nExample:\n  socialcal init my-calendar --timezone Europe/Berlin && cd my-calendar && socialcal check');
}

export async function action(dir: string | undefined, raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const root = dir ? resolve(calendarRoot(cmd), dir) : calendarRoot(cmd);
  const timezone = opts.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  if (!isValidZone(timezone)) throw new UsageError(`--timezone ${timezone}: not an IANA time zone`, 'use a name like Europe/Berlin');
  if (existsSync(join(root, 'socialcal.yaml')) && !opts.force) {
    throw new UsageError(`${join(root, 'socialcal.yaml')} already exists`, 'this is a calendar already; use --force to add the missing example files');
  }
  const written: string[] = [];
  const kept: string[] = [];
  for (const file of initialCalendar(timezone, new Date())) {
    const target = join(root, file.path);
    if (existsSync(target)) {
      kept.push(file.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content, { flag: 'wx' });
    written.push(file.path);
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify({ root, timezone, written, kept }, null, 2) + '\n');
    return EXIT.ok;
  }
  process.stdout.write(`Created a socialcal calendar in ${root} (timezone ${timezone}):\n`);
  for (const f of written) process.stdout.write(`  + ${f}\n`);
  for (const f of kept) process.stdout.write(`  = ${f} (kept)\n`);
  process.stdout.write(`
Next steps:
  socialcal check          validate the calendar
  socialcal ls --all       see the example posts
  socialcal new --at "YYYY-MM-DD HH:MM" --channels bluesky --text "Hello"
Commit the files; pull requests are checked by .github/workflows/socialcal-check.yml.
`);
  return EXIT.ok;
}
