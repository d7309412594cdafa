import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { calendarRoot, parseNow, parseOptions, parseTimeFlag } from './options.js';
import { parseDuration } from '../calendar/time.js';
import { EnvironmentError, EXIT, UsageError } from '../errors.js';
import type { Calendar, Post } from '../calendar/model.js';
import { formatWall } from '../calendar/time.js';
import { readMetricsHistory } from '../metrics/history.js';
import { DEFAULT_MIN_POSTS, type AccountBestTimes, type BestTime } from '../report/best-times.js';
import { measure } from '../report/measure.js';
import { BEST_TIMES_WITHIN_MS, bestTimePreference, type BestTimePreference } from '../schedule/best-times.js';
import { evergreenRotation } from '../schedule/evergreen.js';
import { asPost, type Placement } from '../schedule/place.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { scheduleCalendar } from '../schedule/run.js';
import { withNextOccurrence, withSlot } from '../schedule/write.js';
import { scheduleText } from '../views/schedule.js';
import { requireCalendar, warnProblems } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
  now: z.string().optional(),
  from: z.string().optional(),
  horizon: z.string().optional(),
  bestTimes: z.boolean().optional(),
  minPosts: z.coerce.number().int().min(2).optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Give queued posts (`queue: <name>`, no `at`) the next free slots of their queues that every time rule accepts, and write the times into their files.')
    .option('--dry-run', 'show what would be scheduled; write nothing')
    .option('--json', 'print what was (or would be) scheduled as JSON')
    .option('--from <date>', 'first slots from this date or "YYYY-MM-DD HH:MM" in the calendar\'s zone (default: now)')
    .option('--horizon <duration>', 'how far ahead to look for slots, e.g. 12w, 90d (default 366d)')
    .option('--best-times', "prefer each account's best weekday × hour from its metrics history, within a week of the earliest free slot")
    .option('--min-posts <n>', `with --best-times: posts a weekday × hour slot needs before it counts (default ${DEFAULT_MIN_POSTS})`)
    .option('--now <time>', 'treat this ISO time as now')
    .addHelpText(
      'after',
      `
Posts go in priority order (higher first), then file order; the same calendar gives the same
schedule. A slot is free when none of the post's channels has a post then, and taken only if
the rules that judge times (spacing, daily-limit, quiet-hours, blackout, content-mix,
campaign-dates, duplicate-text) find nothing new. Frozen posts and ideas stay queued.
Evergreen posts whose latest occurrence went out (published or missed, on the publish ledger)
get their next occurrence, no sooner than their \`every\` later; the old time moves into
\`evergreen.history\`. With --best-times, among the slots within a week of the earliest free one
the best-ranked (lower bound of the engagement rate) wins; no data means the earliest.
Exit codes: 0 every queued post scheduled, 1 some could not be, 2 usage error or an
unreadable publish ledger while an evergreen post needs it.

Examples:
  socialcal schedule --dry-run
  socialcal schedule --best-times --dry-run
  socialcal schedule && socialcal plan --base main`,
    );
}

export interface ScheduleReport {
  timezone: string;
  dryRun: boolean;
  placed: PlacedReport[];
  unplaced: { id: string; file: string; queue: string; reason: string }[];
  /** Evergreen posts not re-queued now, and why. */
  waiting?: { id: string; file: string; reason: string }[];
  /** Things worth knowing that are not problems (e.g. --best-times without any metrics). */
  notes?: string[];
}

export interface PlacedReport {
  id: string;
  file: string;
  queue: string;
  at: string;
  atText: string;
  timezone: string;
  preferred?: boolean;
  /** With --best-times: why this slot. */
  why?: { chosen: 'best-time'; bestTimes: BestTime[]; earliest?: string } | { chosen: 'earliest'; notEnoughData: string[] };
  /** An evergreen post's next occurrence: its id, the occurrence it follows, and the earliest it could be. */
  evergreen?: { occurrence: string; after?: { id: string; atText: string; state: string }; notBefore?: string; notBeforeText?: string; every: string };
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar, problems } = requireCalendar(calendarRoot(cmd));
  const now = parseNow(opts.now);
  const zone = calendar.config.timezone;
  const from = opts.from !== undefined ? parseTimeFlag('--from', opts.from, zone, now) : undefined;
  const horizonMs = opts.horizon !== undefined ? parseDuration(opts.horizon) : undefined;
  if (opts.horizon !== undefined && !horizonMs) throw new UsageError(`--horizon ${opts.horizon}: not a duration`, 'write a number and a unit: 90d, 12w');
  warnProblems(problems);
  const ledger = await readLedgerView(calendar);
  const rotation = evergreenRotation(calendar, ledger, now);
  if (rotation.needLedger.length > 0) throw unreadableLedger(calendar, rotation.needLedger);
  const notes: string[] = [];
  const best = opts.bestTimes ? await bestTimes(calendar, opts.minPosts, notes) : undefined;
  const result = scheduleCalendar(calendar, {
    now,
    from,
    horizonMs,
    ledger,
    requeued: rotation.queued,
    ...(best ? { prefer: best.prefer, preferWithinMs: BEST_TIMES_WITHIN_MS } : {}),
  });
  if (!opts.dryRun) {
    for (const p of result.placed) {
      const path = join(calendar.root, p.post.file);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, p.post.evergreen ? withNextOccurrence(text, p.atText) : withSlot(text, p.atText));
    }
  }
  const report: ScheduleReport = {
    timezone: zone,
    dryRun: opts.dryRun ?? false,
    placed: result.placed.map((p) => placedReport(p, best?.accounts)),
    unplaced: result.unplaced.map((u) => ({ id: u.post.id, file: u.post.file, queue: u.post.queue, reason: u.reason })),
    ...(rotation.waiting.length > 0 ? { waiting: rotation.waiting.map((w) => ({ id: w.post.id, file: w.post.file, reason: w.reason })) } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
  if (opts.json) writeJson(report);
  else writeOut(scheduleText(report));
  return report.unplaced.length > 0 ? EXIT.findings : EXIT.ok;
}

function placedReport(p: Placement, accounts: AccountBestTimes[] | undefined): PlacedReport {
  const { post } = p;
  const occurrence = post.evergreen ? asPost(post, p.at).id : undefined;
  return {
    id: post.id,
    file: post.file,
    queue: post.queue,
    at: p.at.toISOString(),
    atText: p.atText,
    timezone: post.timezone,
    ...(p.preferred ? { preferred: true } : {}),
    ...(accounts
      ? {
          why: p.preference
            ? { chosen: 'best-time' as const, bestTimes: p.preference.why, ...(p.earliest ? { earliest: p.earliest.toISOString() } : {}) }
            : { chosen: 'earliest' as const, notEnoughData: post.channels.filter((c) => !accounts.some((a) => a.account === c && a.slots.length > 0)) },
        }
      : {}),
    ...(post.evergreen
      ? {
          evergreen: {
            occurrence: occurrence!,
            every: post.evergreen.everyText,
            ...(post.after ? { after: { id: post.after.id, atText: post.after.atText, state: post.after.state } } : {}),
            ...(post.notBefore ? { notBefore: post.notBefore.toISOString(), notBeforeText: formatWall(post.notBefore, post.timezone).slice(0, 10) } : {}),
          },
        }
      : {}),
  };
}

/** The accounts' best times from the metrics history on the ledger branch; a note when there is none. */
async function bestTimes(calendar: Calendar, minPosts: number | undefined, notes: string[]): Promise<BestTimePreference> {
  const history = await readMetricsHistory(calendar.root, calendar.config.publish);
  const best = bestTimePreference(measure(history), calendar.config.timezone, minPosts);
  const branch = calendar.config.publish.ledgerBranch;
  if (history.posts.length === 0) notes.push(`--best-times: no metrics history on the ${branch} branch yet, so every post takes its earliest free slot (\`socialcal metrics\` collects it)`);
  else if (best.accounts.every((a) => a.slots.length === 0)) notes.push(`--best-times: no account has a weekday × hour slot with ${minPosts ?? DEFAULT_MIN_POSTS} posts yet, so every post takes its earliest free slot`);
  return best;
}

/** An evergreen post's latest occurrence is past, but whether it went out is on a ledger we cannot read. */
function unreadableLedger(calendar: Calendar, posts: Post[]): EnvironmentError {
  const { ledgerBranch, remote } = calendar.config.publish;
  const list = posts.map((p) => `${p.file} (${p.id}, ${p.atText})`).join(', ');
  return new EnvironmentError(
    `cannot tell whether ${posts.length === 1 ? 'an evergreen post' : `${posts.length} evergreen posts`} went out: ${list}; the publish ledger (branch ${ledgerBranch}, on ${remote} or here) cannot be read`,
    `fetch it with \`git fetch ${remote} ${ledgerBranch}:refs/remotes/${remote}/${ledgerBranch}\` (the remote \`${remote}\` must exist) and run schedule again; nothing was written`,
  );
}
