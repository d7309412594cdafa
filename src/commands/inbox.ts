import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, checkNames, commaList, parseNow, parseOptions, parseTimeFlag } from './options.js';
import { calendarAccounts } from '../calendar/query.js';
import { didYouMean } from '../calendar/problems.js';
import { EXIT, UsageError } from '../errors.js';
import { inbox, triageItem, unanswered, type InboxReport } from '../inbox/run.js';
import type { Triage } from '../inbox/state.js';
import { inboxText, triageText } from '../views/inbox.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  account: z.string().optional(),
  unanswered: z.boolean().optional(),
  since: z.string().optional(),
  pull: z.boolean().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
});

const ACTIONS = ['assign', 'done', 'ignore', 'reopen'];

export function configure(cmd: Command): void {
  cmd
    .description('Replies, mentions and quotes of the team\'s accounts, by conversation, with triage state kept on the ledger branch.')
    .argument('[action]', `${ACTIONS.join(' | ')} (none: pull and list)`)
    .argument('[id]', 'the item\'s id (or a unique beginning of it), as the list shows it')
    .argument('[who]', 'for assign: who handles it, e.g. @dana')
    .option('-a, --account <names>', 'only these accounts (comma-separated)')
    .option('-u, --unanswered', 'only items nobody has handled and no reply post of ours answered')
    .option('--since <date>', 'only items from this date or "YYYY-MM-DD HH:MM" (calendar zone) on')
    .option('--no-pull', 'do not read the platforms; show what the ledger branch has')
    .option('--json', 'print the inbox (or the changed item) as JSON')
    .option('--now <time>', 'treat this ISO time as now')
    .addHelpText(
      'after',
      `
Reads Bluesky and Mastodon notifications and X mentions (LinkedIn comments are not read; see
docs/engage.md). Answer with a reviewed post: \`socialcal new --reply-to <url>\`.

Examples:
  socialcal inbox --unanswered
  socialcal inbox assign 3f9a2c1 @dana
  socialcal inbox done 3f9a2c1
  socialcal inbox ignore 3f9a`,
    );
}

export async function action(verb: string | undefined, id: string | undefined, who: string | undefined, raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const now = opts.now ? parseNow(opts.now) : new Date();
  if (verb !== undefined) {
    const change = triageChange(verb, id, who);
    const row = await triageItem(calendar, id!, change, { now });
    if (opts.json) writeJson(row);
    else writeOut(triageText(row));
    return EXIT.ok;
  }
  const accounts = commaList(opts.account);
  checkNames('--account', accounts, calendarAccounts(calendar));
  const since = opts.since ? parseTimeFlag('--since', opts.since, calendar.config.timezone, now) : undefined;
  const report = filter(await inbox(calendar, { now, accounts, pull: opts.pull }), { unanswered: opts.unanswered, since });
  if (opts.json) writeJson(report);
  else writeOut(inboxText(report, calendar.config.timezone));
  return EXIT.ok;
}

function triageChange(verb: string, id: string | undefined, who: string | undefined): Triage {
  if (!ACTIONS.includes(verb)) {
    const suggestion = didYouMean(verb, ACTIONS);
    throw new UsageError(`inbox ${verb}: not an action${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, `use one of ${ACTIONS.join(', ')}, or no action to list the inbox`);
  }
  if (!id) throw new UsageError(`inbox ${verb}: which item?`, `give its id from the list: socialcal inbox ${verb} 3f9a2c1${verb === 'assign' ? ' @dana' : ''}`);
  if (verb === 'assign') {
    if (!who) throw new UsageError('inbox assign: to whom?', `add a name: socialcal inbox assign ${id} @dana`);
    return { state: 'assigned', assignee: who.startsWith('@') ? who : `@${who}` };
  }
  if (who) throw new UsageError(`inbox ${verb} ${id} ${who}: unexpected "${who}"`, `only assign takes a name: socialcal inbox ${verb} ${id}`);
  return { state: verb === 'reopen' ? 'open' : verb === 'done' ? 'done' : 'ignored' };
}

function filter(report: InboxReport, f: { unanswered?: boolean; since?: Date }): InboxReport {
  const conversations = report.conversations
    .map((c) => ({ ...c, items: c.items.filter((row) => (!f.unanswered || unanswered(row)) && (!f.since || row.at >= f.since)) }))
    .filter((c) => c.items.length);
  return { ...report, conversations };
}
