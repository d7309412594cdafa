import type { QueuedPost } from '../calendar/model.js';
import { bestTimesByAccount, slotOf, type AccountBestTimes, type BestTime } from '../report/best-times.js';
import type { Measured } from '../report/measure.js';
import type { Preference } from './place.js';

// `schedule --best-times`: slots that are among an account's best times (from the team's own
// metrics history, ranked by the lower bound of their engagement rate) are preferred. A slot's
// score is the sum of those lower bounds over the post's channels; slots without enough data
// score nothing, so with no data the earliest free slot wins as without --best-times.

/** How far past a post's earliest free slot a better one is looked for: each weekday and hour once. */
export const BEST_TIMES_WITHIN_MS = 7 * 86_400_000;

export interface BestTimePreference {
  prefer: (post: QueuedPost, at: Date) => Preference | undefined;
  /** Per account: its ranked slots (empty: not enough data) and posts with a rate. */
  accounts: AccountBestTimes[];
}

export function bestTimePreference(measured: readonly Measured[], zone: string, minPosts?: number): BestTimePreference {
  const accounts = bestTimesByAccount(measured, { zone, minPosts, top: 7 * 24 });
  const bySlot = new Map<string, BestTime>();
  for (const a of accounts) for (const s of a.slots) bySlot.set(`${a.account}\0${s.weekday}\0${s.hour}`, s);
  return {
    accounts,
    prefer(post, at) {
      const { weekday, hour } = slotOf(at, zone);
      const why = post.channels.flatMap((c) => bySlot.get(`${c}\0${weekday}\0${hour}`) ?? []);
      const score = why.reduce((sum, s) => sum + s.low, 0);
      return score > 0 ? { score, why } : undefined;
    },
  };
}
