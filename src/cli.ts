import { Command, CommanderError } from 'commander';
import { EXIT } from './errors.js';
import { ownVersion } from './version.js';

// Registers every command by name and summary; only the one being run is imported,
// so `socialcal --version` and `--help` stay fast.

export interface CommandModule {
  /** Adds arguments, options and long help to the command. */
  configure(cmd: Command): void;
  /** Runs with commander's action arguments; returns the exit code. */
  action(...args: any[]): Promise<number>;
}

interface CommandEntry {
  name: string;
  aliases?: string[];
  summary: string;
  load: () => Promise<CommandModule>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'init', summary: 'scaffold a calendar repository', load: () => import('./commands/init.js') },
  { name: 'new', summary: 'create a post file', load: () => import('./commands/new.js') },
  { name: 'check', summary: 'validate every file: schema, references, compliance rules', load: () => import('./commands/check.js') },
  { name: 'ls', aliases: ['agenda'], summary: 'list upcoming posts as a table', load: () => import('./commands/ls.js') },
  { name: 'rules', summary: 'list the compliance rules and how this calendar configures them', load: () => import('./commands/rules.js') },
  { name: 'plan', summary: 'what a change does to the calendar, for review (Markdown for a PR comment)', load: () => import('./commands/plan.js') },
  { name: 'approvals', summary: 'in CI: do the pull request\'s reviews cover the approver roles its changes need?', load: () => import('./commands/approvals.js') },
  { name: 'log', summary: 'a post\'s history: who wrote and changed it, which pull requests, where it went out', load: () => import('./commands/log.js') },
  { name: 'calendar', summary: 'month or week grid in the terminal; -i to browse interactively', load: () => import('./commands/calendar.js') },
  { name: 'export', summary: 'export the calendar as ics, html or csv', load: () => import('./commands/export.js') },
  { name: 'schedule', summary: 'give queued posts the next free slots of their queues and write the times into their files', load: () => import('./commands/schedule.js') },
  { name: 'import', summary: 'turn a spreadsheet (CSV) into post files', load: () => import('./commands/import.js') },
  { name: 'curate', summary: 'turn new RSS/Atom entries from the configured feeds into draft posts', load: () => import('./commands/curate.js') },
  { name: 'publish', summary: 'post what is due, exactly once; records the outcome on the ledger branch', load: () => import('./commands/publish.js') },
  { name: 'metrics', summary: 'pull engagement and follower counts of published posts onto the ledger branch', load: () => import('./commands/metrics.js') },
  { name: 'freeze', summary: 'stop publishing now (all posts or by tag), as a commit on the ledger branch', load: () => import('./commands/freeze.js') },
  { name: 'unfreeze', summary: 'lift a freeze', load: () => import('./commands/unfreeze.js') },
  { name: 'serve', summary: 'a visual calendar in the browser that edits the files and commits to a branch', load: () => import('./commands/serve.js') },
  { name: 'report', summary: 'campaign scorecards, breakdowns, best times to post and drop-off from the metrics history', load: () => import('./commands/report.js') },
  { name: 'inbox', summary: 'replies, mentions and quotes by conversation, with triage state on the ledger branch', load: () => import('./commands/inbox.js') },
  { name: 'listen', summary: 'count posts matching the listening queries per hour; alert on spikes, optionally freeze tagged posts', load: () => import('./commands/listen.js') },
  { name: 'doctor', summary: 'check credentials, platform access and the clock for every account', load: () => import('./commands/doctor.js') },
];

export async function run(argv: string[]): Promise<number> {
  // chalk honours FORCE_COLOR and TTYs but not NO_COLOR (no-color.org); commands load chalk later.
  if (process.env.NO_COLOR && !process.env.FORCE_COLOR) process.env.FORCE_COLOR = '0';
  const program = new Command('socialcal')
    .description('A social media calendar kept as YAML in git: check, plan, approve and publish exactly once from CI.')
    .version(ownVersion(), '-V, --version')
    .option('-C, --cwd <dir>', 'the calendar repository (default: the current directory)')
    .option('--no-cache', 'parse every file again instead of reusing node_modules/.cache/socialcal (check, ls, calendar, export)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  let exitCode: number = EXIT.ok;
  const wanted = invokedCommand(argv.slice(2));
  for (const entry of COMMANDS) {
    const cmd = program.command(entry.name).aliases(entry.aliases ?? []).summary(entry.summary).description(entry.summary);
    if (entry.name !== wanted && !entry.aliases?.includes(wanted ?? '')) continue;
    const mod = await entry.load();
    mod.configure(cmd);
    cmd.exitOverride().action(async (...args: unknown[]) => {
      exitCode = await mod.action(...args);
    });
  }

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return EXIT.ok;
      }
      // Commander already printed its message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

/** The first word that is not an option (or `help <name>`): the command to load. */
function invokedCommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-C' || arg === '--cwd') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg === 'help') return args[i + 1];
    return arg;
  }
  return undefined;
}
