import { notBefore } from '../calendar/evergreen.js';
import type { Calendar, LedgerView, Post, QueuedPost } from '../calendar/model.js';
import { formatWall } from '../calendar/time.js';

// Which evergreen posts go back into their queue: those whose latest occurrence is past and
// recorded on the ledger as published or missed on every channel. Pure: the calendar, the
// ledger view and the clock in; the posts to re-queue (with the earliest time they may take)
// and the ones that wait, with the reason, out.

export interface Rotation {
  /** Re-queued: the next occurrence of each, for `schedule` to place. */
  queued: QueuedPost[];
  /** Evergreen posts that are not re-queued now, and why (not an error: a note). */
  waiting: { post: Post; reason: string }[];
  /** Posts that would need the ledger to decide, when there is none to read. */
  needLedger: Post[];
}

/** States after which the rotation moves on: the occurrence is over on that channel. */
const SETTLED = new Set(['published', 'missed']);

export function evergreenRotation(calendar: Calendar, ledger: LedgerView | undefined, now: Date): Rotation {
  const out: Rotation = { queued: [], waiting: [], needLedger: [] };
  for (const post of calendar.posts) {
    const ev = post.evergreen;
    if (!ev?.latest || post.at > now) continue;
    if (ev.count !== undefined && ev.occurrences >= ev.count) {
      out.waiting.push({ post, reason: `rotation finished: all ${ev.count} occurrences are in the file` });
      continue;
    }
    if (post.status !== 'ready') {
      out.waiting.push({ post, reason: `its latest occurrence (${post.atText}) is ${post.status === 'idea' ? 'an idea' : 'a draft'} and never went out; make it ready or give it a new \`at\`` });
      continue;
    }
    if (!ledger) {
      out.needLedger.push(post);
      continue;
    }
    const states = post.channels.map((account) => ({ account, status: ledger.status(post.id, account) }));
    const open = states.find((s) => !s.status || !SETTLED.has(s.status.state));
    if (open) {
      out.waiting.push({
        post,
        reason: open.status
          ? `${post.id} is ${open.status.state} on ${open.account}; the rotation waits until publish settles it`
          : `${post.id} (${post.atText}) has no publish record on ${open.account} yet; the rotation waits until publish records it`,
      });
      continue;
    }
    // Counted from the later of the planned time and when the ledger recorded the outcome.
    const last = new Date(Math.max(post.at.getTime(), ...states.map((s) => s.status!.at?.getTime() ?? 0)));
    const earliest = notBefore(last, post.timezone, ev.every);
    if (ev.until && earliest > ev.until) {
      out.waiting.push({ post, reason: `rotation finished: the next occurrence could not come before ${formatWall(earliest, post.timezone).slice(0, 10)}, after \`until\`` });
      continue;
    }
    const { at: _at, atText: _atText, ...fields } = post;
    const state = states.every((s) => s.status!.state === 'published') ? 'published' : 'missed';
    out.queued.push({ ...fields, queue: ev.queue, priority: ev.priority, notBefore: earliest, after: { id: post.id, at: post.at, atText: post.atText, state } });
  }
  return out;
}
