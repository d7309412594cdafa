import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, checkNames, commaList, parseTimeFlag, parseNow, useCache } from './options.js';
import type { Calendar, LedgerView, Post } from '../calendar/model.js';
import { POST_STATUSES } from '../calendar/model.js';
import { calendarAccounts, filterPosts } from '../calendar/query.js';
import { channelSchedule } from '../calendar/stagger.js';
import { formatWall } from '../calendar/time.js';
import { EXIT } from '../errors.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { lsText } from '../views/ls.js';
import { requireCalendar, warnProblems } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  account: z.string().optional(),
  campaign: z.string().optional(),
  tag: z.string().optional(),
  status: z.string().optional(),
  all: z.boolean().optional(),
  limit: z.coerce.number().int().positive().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('List posts as a table: time in the calendar\'s zone, accounts, campaign, status and first words. Upcoming posts by default.')
    .option('--from <date>', 'from this date or "YYYY-MM-DD HH:MM" in the calendar\'s zone (default: now)')
    .option('--to <date>', 'up to this date (a date alone includes the whole day)')
    .option('-a, --account <names>', 'only posts to these accounts (comma-separated)')
    .option('-c, --campaign <ids>', 'only posts in these campaigns')
    .option('-t, --tag <tags>', 'only posts with one of these tags')
    .option('-s, --status <statuses>', `only these statuses: ${POST_STATUSES.join(', ')}`)
    .option('--all', 'include past posts (same as --from with no limit)')
    .option('-n, --limit <n>', 'show at most n posts')
    .option('--json', 'print the posts as JSON')
    .option('--now <time>', 'treat this ISO time as now')
    .addHelpText(
      'after',
      `
Examples:
  socialcal ls                                   what is coming up
  socialcal ls --all --campaign winter-launch    a whole campaign, past included
  socialcal ls --from 2027-02-01 --to 2027-02-28 --account bluesky
  socialcal ls --status draft,idea --json`,
    );
}

export interface ListedPost {
  id: string;
  file: string;
  at: string;
  local: string;
  timezone: string;
  channels: string[];
  /** Each channel's own time (differs from `at` where the post has a `stagger`). */
  channelTimes: ReturnType<typeof channelSchedule>;
  campaign?: string;
  tags: string[];
  status: Post['status'];
  text: string;
  published: Record<string, string>;
}

export function collect(calendar: Calendar, ledger: LedgerView | undefined, opts: z.infer<typeof Options>, now: Date): ListedPost[] {
  const zone = calendar.config.timezone;
  const accounts = commaList(opts.account);
  const campaigns = commaList(opts.campaign);
  checkNames('--account', accounts, calendarAccounts(calendar));
  checkNames('--campaign', campaigns, calendar.campaigns.keys());
  const statuses = commaList(opts.status);
  for (const s of statuses ?? []) {
    if (!(POST_STATUSES as readonly string[]).includes(s)) checkNames('--status', [s], POST_STATUSES);
  }
  const from = opts.from ? parseTimeFlag('--from', opts.from, zone, now) : opts.all ? undefined : now;
  const to = opts.to ? parseTimeFlag('--to', opts.to, zone, now, true) : undefined;
  const posts = filterPosts(calendar.posts, {
    from,
    to,
    accounts,
    campaigns,
    tags: commaList(opts.tag),
    statuses: statuses as Post['status'][] | undefined,
  });
  return posts.slice(0, opts.limit ?? posts.length).map((p) => ({
    id: p.id,
    file: p.file,
    at: p.at.toISOString(),
    local: formatWall(p.at, zone),
    timezone: zone,
    channels: p.channels,
    channelTimes: channelSchedule(p, zone),
    campaign: p.campaign,
    tags: p.tags,
    status: p.status,
    text: p.text,
    published: Object.fromEntries(
      p.channels.flatMap((c) => {
        const s = ledger?.status(p.id, c);
        return s ? [[c, s.state]] : [];
      }),
    ),
  }));
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = parseNow(opts.now);
  const { calendar, problems } = requireCalendar(calendarRoot(cmd), { cache: useCache(cmd) });
  const ledger = await readLedgerView(calendar);
  const posts = collect(calendar, ledger, opts, now);
  if (opts.json) {
    writeJson({ timezone: calendar.config.timezone, freezes: ledger?.freezes ?? [], posts });
    return EXIT.ok;
  }
  warnProblems(problems);
  writeOut(lsText({ timezone: calendar.config.timezone, freezes: ledger?.freezes ?? [], posts, ranged: Boolean(opts.all || opts.from) }));
  return EXIT.ok;
}
