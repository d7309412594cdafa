import type { Calendar, LedgerView, QueuedPost } from '../calendar/model.js';
import { makeProblem, type Problem } from '../calendar/problems.js';
import { collectFindings, resolveRules } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import { asPost, schedule, type ScheduleInput, type ScheduleResult } from './place.js';

// What `schedule` and `check` share: the time-judging rules of this calendar and a horizon.

export const DEFAULT_HORIZON_MS = 366 * 86_400_000;

export interface ScheduleOptions {
  now: Date;
  /** Slots start here (default: now). */
  from?: Date;
  /** How far ahead slots are looked for (default a year). */
  horizonMs?: number;
  ledger?: LedgerView;
  prefer?: ScheduleInput['prefer'];
  preferWithinMs?: number;
  /** Queued besides the calendar's own: evergreen posts back in their queue (see evergreen.ts). */
  requeued?: QueuedPost[];
}

export function scheduleCalendar(calendar: Calendar, opts: ScheduleOptions): ScheduleResult {
  const from = opts.from && opts.from > opts.now ? opts.from : opts.now;
  // Config problems of rules are `check`'s to report; here they only mean the rule does not run.
  const rules = resolveRules(calendar.config, RULES.filter((r) => r.meta.reach), []);
  return schedule({
    calendar: opts.requeued?.length ? { ...calendar, queued: [...calendar.queued, ...opts.requeued] } : calendar,
    from,
    until: new Date(from.getTime() + (opts.horizonMs ?? DEFAULT_HORIZON_MS)),
    now: opts.now,
    rules,
    freezes: opts.ledger?.freezes ?? [],
    ledger: opts.ledger,
    prefer: opts.prefer,
    preferWithinMs: opts.preferWithinMs,
  });
}

/** For `check`: a located problem on each queued post no slot can take. */
export function unplacedProblems(result: ScheduleResult): Problem[] {
  return result.unplaced.map(({ post, reason }) =>
    makeProblem('queue-unplaced', post.source.locate(['queue']), 'queue', {
      queue: post.queue,
      reason,
      hint: 'add slots to the queue (socialcal.yaml `queues`), change the post\'s channels or pillar, or give it an `at` yourself',
    }),
  );
}

/**
 * For `check`: what the rules that do not judge time (length, media, links, secrets…) find in
 * queued posts, which wait without a time; their time is judged when they get a slot.
 */
export function queuedContentProblems(calendar: Calendar, now: Date): Problem[] {
  const queued = { ...calendar, posts: calendar.queued.map((post) => asPost(post, now)) };
  return collectFindings(queued, { now }, RULES.filter((r) => !r.meta.reach), []).map((f) => f.problem);
}
