import type { CalendarFiles } from '../calendar/files.js';
import type { Calendar, Feed } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { newPostProblems } from '../import/validate.js';
import { freePostId } from '../scaffold/post-file.js';
import { draftData, draftIdBase, draftPath, draftTime, type CuratedDraft } from './drafts.js';
import { parseEntries, type FeedEntry } from './entries.js';
import { fetchFeed, type FetchLimits } from './fetch.js';
import type { CurateState } from './state.js';

// One curate run: fetch every feed (one failing feed never stops the others), keep the entries
// not curated before, and turn them into drafts checked like any post. Decides only: the
// command writes the drafts and the state.

export interface FeedOutcome {
  feed: string;
  url: string;
  /** Why the feed could not be read, located by feed name and URL. */
  error?: string;
  entries: number;
  drafts: CuratedDraft[];
  /** Drafts the loader refuses (schema, references, times): not written and not remembered, so a fixed config brings them back. */
  rejected: { draft: CuratedDraft; problems: Problem[] }[];
  /** Rule findings on written drafts, for the reviewer (`check` shows them too). */
  findings: { draft: CuratedDraft; problems: Problem[] }[];
}

/** Two hours between timed drafts of one run: clear of the default spacing rule (60 minutes). */
const DRAFT_GAP_MS = 2 * 3_600_000;

export interface CurateOptions {
  feeds?: string[];
  now: Date;
  limits: FetchLimits;
}

export async function curate(calendar: Calendar, files: CalendarFiles, state: CurateState, opts: CurateOptions): Promise<FeedOutcome[]> {
  const feeds = Object.values(calendar.config.feeds).filter((f) => !opts.feeds || opts.feeds.includes(f.name));
  const fetched = await Promise.all(feeds.map((feed) => fetchFeed(feed.url, calendar.root, opts.limits)));
  const taken = new Set(calendar.postsById.keys());
  let timed = 0;
  const outcomes: FeedOutcome[] = [];
  const all: CuratedDraft[] = [];
  feeds.forEach((feed, i) => {
    const got = fetched[i];
    const outcome: FeedOutcome = { feed: feed.name, url: feed.url, entries: 0, drafts: [], rejected: [], findings: [] };
    outcomes.push(outcome);
    if (!got.ok) return void (outcome.error = got.error);
    const parsed = parseEntries(got.text, got.url);
    if (!parsed.ok) return void (outcome.error = parsed.error);
    outcome.entries = parsed.entries.length;
    outcome.drafts = newDrafts(feed, parsed.entries, state, calendar, taken, opts.now, timed);
    if (!feed.queue) timed += outcome.drafts.length;
    all.push(...outcome.drafts);
  });

  // Loader errors (a reference or time that cannot work) keep a draft out; rule findings are the
  // reviewer's to settle in the pull request, so the draft is written and they are shown.
  const problems = newPostProblems(files, all, opts.now);
  for (const outcome of outcomes) {
    const kept: CuratedDraft[] = [];
    for (const draft of outcome.drafts) {
      const found = problems.get(draft.path) ?? [];
      const broken = found.filter((p) => p.severity === 'error' && !p.rule);
      if (broken.length) outcome.rejected.push({ draft, problems: broken });
      else {
        kept.push(draft);
        if (found.length) outcome.findings.push({ draft, problems: found });
      }
    }
    outcome.drafts = kept;
  }
  return outcomes;
}

/** `before` timed drafts of this run come earlier: each next one is DRAFT_GAP_MS later, so they do not all land at once. */
function newDrafts(feed: Feed, entries: FeedEntry[], state: CurateState, calendar: Calendar, taken: Set<string>, now: Date, before: number): CuratedDraft[] {
  const seen = new Set((state[feed.name] ?? []).map((e) => e.key));
  const fresh = new Map<string, FeedEntry>();
  for (const entry of entries) if (!seen.has(entry.key) && !fresh.has(entry.key)) fresh.set(entry.key, entry);
  // Newest first; entries without a date keep the feed's order after dated ones.
  const chosen = [...fresh.values()]
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (b.entry.published?.getTime() ?? -Infinity) - (a.entry.published?.getTime() ?? -Infinity) || a.index - b.index)
    .slice(0, feed.limit)
    .map((x) => x.entry);
  const zone = calendar.config.timezone;
  return chosen.flatMap((entry, i) => {
    const when = feed.queue ? undefined : draftTime(feed, calendar, now, (before + i) * DRAFT_GAP_MS);
    const found = freePostId(calendar.root, draftIdBase(feed, entry), taken, (id) => draftPath(id, when, zone));
    if ('refusal' in found) return [];
    return [{ feed: feed.name, entry, id: found.id, path: draftPath(found.id, when, zone), data: draftData(feed, entry, when) }];
  });
}
