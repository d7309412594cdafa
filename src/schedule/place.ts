import type { Calendar, Freeze, LedgerView, Post, QueuedPost, Slot } from '../calendar/model.js';
import { channelAt } from '../calendar/stagger.js';
import { formatOffset, formatWall, offsetAt, parseWallTime } from '../calendar/time.js';
import { holdReason } from '../publish/due.js';
import { runActiveRules, type ActiveRule, type Finding } from '../rules/engine.js';
import type { BestTime } from '../report/best-times.js';
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
   * may take within `preferWithinMs` of its earliest, the one with the highest score wins (the
   * earliest of equals); without any preferred slot, the earliest.
   */
  prefer?: (post: QueuedPost, at: Date) => Preference | undefined;
  preferWithinMs?: number;
}

/** How much a slot is preferred (higher is better, above 0), and the best times that make it so. */
export interface Preference {
  score: number;
  why: BestTime[];
}

export interface Placement {
  post: QueuedPost;
  at: Date;
  /** What goes into the file's `at`: wall time in the post's zone (with an offset when the hour repeats). */
  atText: string;
  /** True when `prefer` chose this slot over an earlier one. */
  preferred?: boolean;
  /** The preference that chose this slot, if one did. */
  preference?: Preference;
  /** The earliest slot the post could have taken, when a preference chose a later one. */
  earliest?: Date;
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
  const rules: RuleReach[] = input.rules
    .map((rule) => ({ rule, reach: rule.rule.meta.reach!(rule.options as never) }))
    .sort((a, b) => a.reach - b.reach);
  // A slot a rule turned down for one post is turned down for every post that looks the same to
  // the rules (channels, tags, pillar, campaign, status, stagger; text only matters to duplicate-text,
  // whose turn-downs are not remembered). Placing posts rarely makes a slot better, so this
  // keeps each slot's rules from running once per queued post.
  const turnedDown = new Map<string, string>();
  const byAccount = new AccountIndex(calendar.posts);
  const taken = new Set<string>();
  for (const post of calendar.posts) if (post.status !== 'idea') for (const c of post.channels) taken.add(takenKey(c, channelAt(post, c)));
  const slotTimes = new Map<string, SlotTimes>();
  // Per queue and look-alike: the index of its first slot neither taken on its channels nor
  // turned down for it (and the first turn-down's reason). Both only grow during a run, so later
  // look-alikes start there instead of stepping over every slot placed so far (n² steps for n posts).
  const firstOpen = new Map<string, { index: number; reason?: string }>();
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

    // The stagger too: it moves the channel times that rules judge and that are taken.
    const lookalike = JSON.stringify([post.channels, post.tags, post.pillar, post.campaign, post.status, post.stagger?.offsets ?? null]);
    let chosen: Placement | undefined;
    let earliest: Date | undefined;
    const until = post.evergreen?.until;
    const open = firstOpen.get(`${post.queue}\0${lookalike}`) ?? { index: 0 };
    firstOpen.set(`${post.queue}\0${lookalike}`, open);
    let firstTurnDown = open.reason;
    for (let i = open.index; ; i++) {
      const slot = times.get(i);
      if (!slot || (until && slot.at > until)) break;
      const known = turnedDown.get(`${post.queue}\0${i}\0${lookalike}`);
      // A staggered post takes each channel's own time, not the slot's.
      if (known || post.channels.some((c) => taken.has(takenKey(c, channelAt({ at: slot.at, stagger: post.stagger }, c))))) {
        if (known) firstTurnDown ??= known;
        if (i === open.index) {
          open.index++;
          open.reason ??= known;
        }
        continue;
      }
      if (post.notBefore && slot.at < post.notBefore) continue;
      if (earliest !== undefined && slot.at.getTime() - earliest.getTime() > (input.preferWithinMs ?? 0)) break;
      if (!slot.slots.some((s) => fits(s, post))) continue;
      const memo = `${post.queue}\0${i}\0${lookalike}`;
      const candidate = asPost(post, slot.at);
      const added = firstNewFinding(input, byAccount, candidate, rules);
      if (added) {
        const reason = `${added.rule}: ${added.problem.message}`;
        if (added.rule !== 'duplicate-text') turnedDown.set(memo, reason);
        firstTurnDown ??= reason;
        continue;
      }
      const preference = input.prefer?.(post, slot.at);
      if (!chosen || (preference && preference.score > (chosen.preference?.score ?? 0))) {
        chosen = { post, at: slot.at, atText: candidate.atText, ...(preference ? { preference } : {}), ...(preference && earliest ? { preferred: true, earliest } : {}) };
      }
      if (!input.prefer) break;
      earliest ??= slot.at;
    }
    if (!chosen) {
      const end = until && until < input.until ? until : input.until;
      const horizon = `${formatWall(end, queue.timezone)}${end === until ? ' (its `until`)' : ''}`;
      const after = post.notBefore ? ` from ${formatWall(post.notBefore, queue.timezone)}` : '';
      unplaced.push({ post, reason: firstTurnDown ? `every free slot${after} before ${horizon} is turned down; the first by ${firstTurnDown}` : `no free slot${after} before ${horizon}` });
      continue;
    }
    placed.push(chosen);
    byAccount.add(asPost(post, chosen.at));
    for (const c of post.channels) taken.add(takenKey(c, channelAt({ at: chosen.at, stagger: post.stagger }, c)));
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
  const { queue: _queue, priority: _priority, notBefore: _notBefore, after, ...fields } = post;
  // A re-queued evergreen post's next occurrence has an id of its own, like a repeat's.
  const id = after && post.series ? `${post.series}@${formatWall(at, post.timezone).slice(0, 10)}` : post.id;
  const evergreen = post.evergreen && { ...post.evergreen, occurrences: post.evergreen.occurrences + 1, latest: true };
  return { ...fields, id, at, atText: wallText(at, post.timezone), ...(evergreen ? { evergreen } : {}) };
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

/**
 * The first finding the candidate adds, rule by rule (nearest reach first, stopping at the first
 * one): each rule runs on the posts within its own reach, with and without the candidate. A
 * finding is the candidate's when the same rule did not already report the same thing (message
 * id, file, field) without it; a finding that was there already may change its wording (a week
 * that breaks content-mix stays broken) without turning the slot down.
 */
function firstNewFinding(input: ScheduleInput, index: AccountIndex, candidate: Post, rules: readonly RuleReach[]): Finding | undefined {
  const opts = { now: input.now, ledger: input.ledger };
  const sub = (posts: Post[]) => ({ ...input.calendar, posts });
  for (const { rule, reach } of rules) {
    const near = reach === 0 ? [] : index.near(candidate, reach);
    const before = new Set(near.length === 0 ? [] : runActiveRules(sub(near), opts, [rule]).map(findingKey));
    const added = runActiveRules(sub(insertSorted(near, candidate)), opts, [rule]).find((f) => !before.has(findingKey(f)));
    if (added) return added;
  }
  return undefined;
}

interface RuleReach {
  rule: ActiveRule;
  reach: number;
}

function findingKey(f: Finding): string {
  return `${f.rule}\0${f.messageId}\0${f.problem.file}\0${f.problem.path}`;
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

/** Scheduled posts (not ideas) per account in the order of that account's times (a stagger moves them), for finding the posts near a time. */
class AccountIndex {
  private readonly lists = new Map<string, { at: number; post: Post }[]>();

  constructor(posts: readonly Post[]) {
    for (const post of posts) if (post.status !== 'idea') this.add(post);
  }

  add(post: Post): void {
    for (const account of new Set(post.channels)) {
      let list = this.lists.get(account);
      if (!list) this.lists.set(account, (list = []));
      const at = channelAt(post, account).getTime();
      list.splice(firstAtOrAfter(list, at), 0, { at, post });
    }
  }

  /** Posts whose time on one of the post's accounts lies within `reach` of the post's own time there, in time order. */
  near(post: Post, reach: number): Post[] {
    const found = new Set<Post>();
    for (const account of new Set(post.channels)) {
      const list = this.lists.get(account) ?? [];
      const at = channelAt(post, account).getTime();
      for (let i = firstAtOrAfter(list, at - reach); i < list.length && list[i].at <= at + reach; i++) found.add(list[i].post);
    }
    return [...found].sort(byTime);
  }
}

function firstAtOrAfter(list: { at: number }[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
