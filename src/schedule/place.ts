import type { Calendar, Freeze, LedgerView, Post, QueuedPost, Slot } from '../calendar/model.js';
import { formatOffset, formatWall, offsetAt, parseWallTime } from '../calendar/time.js';
import { holdReason } from '../publish/due.js';
import { runActiveRules, type ActiveRule, type Finding } from '../rules/engine.js';
import { SlotTimes } from './slots.js';

// Deciding where queued posts go. Pure: the calendar, the clock and the rules in, placements out.
// Each queued post, by priority then file order, takes the earliest slot of its queue that fits
// it (slot accounts and pillars), is free on every one of its channels, and on which the
// time-judging rules (those with `meta.reach`) report nothing new: the rules run on the posts
// within reach of the slot, with and without the candidate, and any finding the candidate adds
// (or changes) turns the slot down. Placed posts count for the posts after them.

export interface ScheduleInput {
  calendar: Calendar;
  /** Slots start after this. */
  from: Date;
  /** ...and end before this. */
  until: Date;
  /** The rules' "now" (past-due). */
  now: Date;
  /** Time-judging rules, resolved against the config. */
  rules: readonly ActiveRule[];
  freezes: Freeze[];
  ledger?: LedgerView;
  /**
   * Preferred times (e.g. the accounts' best times from their history): among the slots a post
   * may take within `preferWithinMs` of its earliest one, the first preferred slot wins.
   */
  prefer?: (post: QueuedPost, at: Date) => boolean;
  preferWithinMs?: number;
}

export interface Placement {
  post: QueuedPost;
  at: Date;
  /** What goes into the file's `at`: wall time in the post's zone (with an offset when the hour repeats). */
  atText: string;
  /** True when `prefer` chose this slot over an earlier one. */
  preferred?: boolean;
}

export interface Unplaced {
  post: QueuedPost;
  reason: string;
}

export interface ScheduleResult {
  placed: Placement[];
  unplaced: Unplaced[];
}

/** Queued posts in the order they are placed: higher priority first, then file order. */
export function queueOrder(queued: readonly QueuedPost[]): QueuedPost[] {
  return queued
    .map((post, i) => ({ post, i }))
    .sort((a, b) => b.post.priority - a.post.priority || a.i - b.i)
    .map(({ post }) => post);
}

export function schedule(input: ScheduleInput): ScheduleResult {
  const { calendar } = input;
  const reach = Math.max(0, ...input.rules.map((r) => r.rule.meta.reach!(r.options as never)));
  const byAccount = new AccountIndex(calendar.posts);
  const taken = new Set<string>();
  for (const post of calendar.posts) if (post.status !== 'idea') for (const c of post.channels) taken.add(takenKey(c, post.at));
  const slotTimes = new Map<string, SlotTimes>();
  const placed: Placement[] = [];
  const unplaced: Unplaced[] = [];

  for (const post of queueOrder(calendar.queued)) {
    const queue = calendar.config.queues[post.queue];
    const why = notSchedulable(input, post, queue?.slots ?? []);
    if (why) {
      unplaced.push({ post, reason: why });
      continue;
    }
    let times = slotTimes.get(post.queue);
    if (!times) slotTimes.set(post.queue, (times = new SlotTimes(queue, input.from, input.until)));

    let chosen: Placement | undefined;
    let firstTurnDown: string | undefined;
    let earliest: number | undefined;
    for (let i = 0; ; i++) {
      const slot = times.get(i);
      if (!slot) break;
      if (earliest !== undefined && slot.at.getTime() - earliest > (input.preferWithinMs ?? 0)) break;
      if (!slot.slots.some((s) => fits(s, post))) continue;
      if (post.channels.some((c) => taken.has(takenKey(c, slot.at)))) continue;
      const candidate = asPost(post, slot.at);
      const added = newFindings(input, byAccount, candidate, reach);
      if (added.length > 0) {
        firstTurnDown ??= `${added[0].rule}: ${added[0].problem.message}`;
        continue;
      }
      const preferred = input.prefer?.(post, slot.at) ?? false;
      if (!chosen || preferred) chosen = { post, at: slot.at, atText: candidate.atText, ...(preferred && chosen ? { preferred } : {}) };
      if (!input.prefer || preferred) break;
      earliest ??= slot.at.getTime();
    }
    if (!chosen) {
      const horizon = formatWall(input.until, queue.timezone);
      unplaced.push({ post, reason: firstTurnDown ? `every free slot before ${horizon} is turned down; the first by ${firstTurnDown}` : `no free slot before ${horizon}` });
      continue;
    }
    placed.push(chosen);
    byAccount.add(asPost(post, chosen.at));
    for (const c of post.channels) taken.add(takenKey(c, chosen.at));
  }
  return { placed, unplaced };
}

/** Why no slot of the queue can ever take the post, or undefined. */
function notSchedulable(input: ScheduleInput, post: QueuedPost, slots: Slot[]): string | undefined {
  if (post.status === 'idea') return 'it is an idea; make it a draft (or ready) to give it a slot';
  if (slots.length === 0) return `queue "${post.queue}" has no slots`;
  if (!slots.some((s) => fits(s, post))) {
    const what = slots.map((s) => [s.accounts && `accounts ${s.accounts.join(', ')}`, s.pillars && `pillars ${s.pillars.join(', ')}`].filter(Boolean).join(' and ')).join('; ');
    return `its slots are only for ${what}; the post goes to ${post.channels.join(', ')}${post.pillar ? ` (pillar ${post.pillar})` : ''}`;
  }
  const frozen = post.channels
    .map((c) => holdReason({ now: input.now, freezes: input.freezes, blackouts: [], blocked: new Map() }, asPost(post, input.from), c))
    .find((r) => r !== undefined);
  return frozen;
}

function fits(slot: Slot, post: QueuedPost): boolean {
  if (slot.accounts && !post.channels.every((c) => slot.accounts!.includes(c))) return false;
  if (slot.pillars && (post.pillar === undefined || !slot.pillars.includes(post.pillar))) return false;
  return true;
}

/** The queued post as it would be at `at`: what rules and the file see. */
export function asPost(post: QueuedPost, at: Date): Post {
  const { queue: _queue, priority: _priority, ...fields } = post;
  return { ...fields, at, atText: wallText(at, post.timezone) };
}

/** `YYYY-MM-DD HH:MM` in the zone, with the offset when that wall time happens twice. */
export function wallText(at: Date, zone: string): string {
  const wall = formatWall(at, zone);
  const read = parseWallTime(wall, zone);
  return read.ok ? wall : `${wall}${formatOffset(offsetAt(zone, at.getTime()))}`;
}

function takenKey(account: string, at: Date): string {
  return `${account}\0${at.getTime()}`;
}

/** Findings the candidate adds or changes among the posts within reach. */
function newFindings(input: ScheduleInput, index: AccountIndex, candidate: Post, reach: number): Finding[] {
  const near = index.near(candidate.channels, candidate.at.getTime() - reach, candidate.at.getTime() + reach);
  const opts = { now: input.now, ledger: input.ledger };
  const sub = (posts: Post[]) => ({ ...input.calendar, posts });
  const before = new Map<string, number>();
  for (const f of runActiveRules(sub(near), opts, input.rules)) before.set(findingKey(f), (before.get(findingKey(f)) ?? 0) + 1);
  const withCandidate = insertSorted(near, candidate);
  return runActiveRules(sub(withCandidate), opts, input.rules).filter((f) => {
    const key = findingKey(f);
    const left = before.get(key) ?? 0;
    if (left > 0) {
      before.set(key, left - 1);
      return false;
    }
    return true;
  });
}

function findingKey(f: Finding): string {
  return `${f.rule}\0${f.problem.file}\0${f.problem.path}\0${f.problem.message}`;
}

function byTime(a: Post, b: Post): number {
  return a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function insertSorted(posts: Post[], post: Post): Post[] {
  const i = lowerBound(posts, post);
  return [...posts.slice(0, i), post, ...posts.slice(i)];
}

function lowerBound(posts: Post[], post: Post): number {
  let lo = 0;
  let hi = posts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byTime(posts[mid], post) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Scheduled posts (not ideas) per account in time order, for finding the posts near a time. */
class AccountIndex {
  private readonly lists = new Map<string, Post[]>();

  constructor(posts: readonly Post[]) {
    for (const post of posts) if (post.status !== 'idea') this.add(post);
  }

  add(post: Post): void {
    for (const account of new Set(post.channels)) {
      let list = this.lists.get(account);
      if (!list) this.lists.set(account, (list = []));
      list.splice(lowerBound(list, post), 0, post);
    }
  }

  /** Posts on any of the accounts with a time in [from, to], in time order. */
  near(accounts: string[], from: number, to: number): Post[] {
    const found = new Set<Post>();
    for (const account of accounts) {
      const list = this.lists.get(account) ?? [];
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid].at.getTime() < from) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < list.length && list[i].at.getTime() <= to; i++) found.add(list[i]);
    }
    return [...found].sort(byTime);
  }
}
