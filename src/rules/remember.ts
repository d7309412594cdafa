import { createHash } from 'node:crypto';
import type { CacheEntry, ParseCache, RuleFindings } from '../calendar/cache.js';
import type { Calendar, MediaRef, Post } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';

// Findings of per-post rules (meta.scope 'post') kept with each post file's cache entry, so a warm
// `check` runs those rules only on the posts whose inputs changed. A post's findings from such a
// rule depend on its file, socialcal.yaml and the tool version (both already invalidate the whole
// cache), and on what loading added to it from elsewhere: its campaign's file, the size and
// existence of its media, its zone and times. Those make the entry's key; any change runs the
// rules again on that file's posts. Rules that look across posts never come here.

export interface RememberedFindings {
  /** The calendar with only the posts whose per-post findings must be worked out again. */
  changed: Calendar;
  /** Notes a finding a per-post rule reported while running on `changed`. */
  record(rule: string, problem: Problem): void;
  /** The kept findings of `rule` about unchanged posts. */
  kept(rule: string): Problem[];
  /** Stores what was found about the changed posts with their files' entries. */
  keep(rules: readonly string[]): void;
}

export function rememberFindings(calendar: Calendar, cache: ParseCache): RememberedFindings {
  const byFile = new Map<string, Post[]>();
  for (const post of calendar.posts) {
    const list = byFile.get(post.file);
    if (list) list.push(post);
    else byFile.set(post.file, [post]);
  }
  const unchanged: CacheEntry[] = [];
  const fresh = new Map<string, { entry: CacheEntry; key: string; found: Record<string, Problem[]> }>();
  const again = new Set<string>();
  for (const [file, posts] of byFile) {
    const entry = cache.entry(file);
    const key = entry && inputsKey(posts, calendar, cache);
    if (entry && key !== undefined && entry.rules?.key === key) {
      unchanged.push(entry);
      continue;
    }
    again.add(file);
    if (entry && key !== undefined) fresh.set(file, { entry, key, found: Object.create(null) as Record<string, Problem[]> });
  }
  const changed = { ...calendar, posts: calendar.posts.filter((p) => again.has(p.file)) };
  return {
    changed,
    record(rule, problem) {
      const target = fresh.get(problem.file);
      if (target) (target.found[rule] ??= []).push(problem);
    },
    kept(rule) {
      return unchanged.flatMap((entry) => entry.rules!.found[rule] ?? []);
    },
    keep(rules) {
      for (const { entry, key, found } of fresh.values()) {
        const findings: RuleFindings = { key, found: Object.create(null) as Record<string, Problem[]> };
        for (const rule of rules) if (found[rule]) findings.found[rule] = found[rule];
        cache.ruled(entry, findings);
      }
    },
  };
}

/** What loading gave a file's posts beyond the file itself; undefined when it cannot be told. */
function inputsKey(posts: Post[], calendar: Calendar, cache: ParseCache): string | undefined {
  const parts: string[] = [];
  for (const post of posts) {
    let campaign = '-';
    if (post.campaign !== undefined) {
      const c = calendar.campaigns.get(post.campaign);
      if (c) {
        const hash = cache.entry(c.file)?.hash;
        if (hash === undefined) return undefined;
        campaign = `${c.file}:${hash}`;
      }
    }
    parts.push(`${post.id}\0${post.at.getTime()}\0${post.timezone}\0${campaign}\0${mediaOf(post).map(mediaKey).join('\0')}`);
  }
  return createHash('sha1').update(parts.join('\n')).digest('base64');
}

function mediaOf(post: Post): MediaRef[] {
  const out = [...post.media];
  for (const item of post.thread) out.push(...item.media);
  for (const key of Object.keys(post.overrides)) {
    const o = post.overrides[key];
    if (o.media) out.push(...o.media);
    for (const item of o.thread ?? []) out.push(...item.media);
  }
  return out;
}

const mediaKey = (m: MediaRef) => `${m.file}:${m.size ?? ''}:${m.exists ? 1 : 0}`;
