import type { ConfigChange } from '../../plan/diff.js';
import type { Plan, PlannedPost } from '../../plan/plan.js';

// The words both plan renderers (text and Markdown) use for the same data.

/** "added", "removed", or what changed: "rescheduled, edited, moved". */
export function changeLabel(post: PlannedPost): string {
  if (post.kind !== 'changed') return post.kind;
  const words: string[] = [];
  if (post.edits.includes('time')) words.push('rescheduled');
  const content = post.edits.filter((e) => e !== 'time' && e !== 'file');
  if (content.length) words.push(`edited (${content.join(', ')})`);
  if (post.edits.includes('file')) words.push('moved');
  return words.join(', ');
}

export function whenLabel(post: PlannedPost): string {
  const when = post.previousAt && post.previousAt !== post.at ? `${post.previousAt} → ${post.at}` : post.at;
  if (!post.channelTimes) return when;
  const now = channelsLabel(post.channelTimes, post.at);
  const before = post.previousChannelTimes && channelsLabel(post.previousChannelTimes, post.previousAt ?? post.at);
  return `${when} (staggered: ${now}${before !== undefined && before !== now ? `; was ${before}` : ''})`;
}

/** `bluesky 11:00, mastodon 11:45`; a channel on another day than `at` with its date. */
function channelsLabel(times: { account: string; at: string }[], at: string): string {
  if (times.every((t) => t.at === at)) return 'all at once';
  return times.map((t) => `${t.account} ${t.at.slice(0, 10) === at.slice(0, 10) ? t.at.slice(11) : t.at}`).join(', ');
}

export function sideLabel(side: Plan['base']): string {
  if (!side.commit) return side.rev;
  const short = side.commit.slice(0, 7);
  return side.rev === side.commit || side.rev.startsWith(short) ? short : `${side.rev} (${short})`;
}

export function configLine(c: ConfigChange): string {
  const name = c.name === c.area ? c.area : `${c.area}: ${c.name}`;
  if (c.kind === 'added') return `${name} added (${c.after})`;
  if (c.kind === 'removed') return `${name} removed (was ${c.before})`;
  return `${name}: ${c.before} → ${c.after}`;
}

export function publishedLine(post: PlannedPost): string | undefined {
  if (post.kind === 'added' || post.published.length === 0) return undefined;
  const where = post.published.map((p) => `${p.account} (${p.state})`).join(', ');
  const what = post.kind === 'removed' ? 'removing it here does not delete it there' : 'this change will not reach the platform';
  return `already went out on ${where}: ${what}`;
}

export function summaryCounts(plan: Plan): [string, number][] {
  const s = plan.summary;
  return (
    [
      ['added', s.added],
      ['rescheduled', s.rescheduled],
      ['edited', s.edited],
      ['moved', s.moved],
      ['removed', s.removed],
      [s.campaigns === 1 ? 'campaign change' : 'campaign changes', s.campaigns],
      [s.config === 1 ? 'config change' : 'config changes', s.config],
    ] as [string, number][]
  ).filter(([, n]) => n > 0);
}

