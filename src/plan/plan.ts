import type { CalendarFiles } from '../calendar/files.js';
import { buildCalendar, type LoadResult } from '../calendar/load.js';
import type { Calendar, LedgerView, Post, PublishStateName } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { renderPost } from '../calendar/render.js';
import { channelSchedule, staggerSpan } from '../calendar/stagger.js';
import { formatWall } from '../calendar/time.js';
import { itemFits } from '../platforms/fit.js';
import { resolveRules } from '../rules/engine.js';
import { RULES, runRules } from '../rules/index.js';
import { diffCalendars, type CampaignDiff, type ConfigChange, type PostEdit } from './diff.js';

// The plan of a change: the calendar diff plus, for every added or changed post, what each
// account would receive, its rule findings and the approver roles it needs. Pure: the caller
// reads the files (from git or disk) and the ledger.

export interface Side {
  /** What the user asked for: a branch, a commit, or "working tree". */
  rev: string;
  /** The commit compared; absent for the working tree. */
  commit?: string;
}

export interface PreviewItem {
  text: string;
  length: number;
  limit: number;
  over: boolean;
  media: { file: string; alt?: string }[];
  /** The text before the change, when this account's item existed and its text differs. */
  previousText?: string;
}

export interface AccountPreview {
  account: string;
  platform: string;
  /** The post first, then its thread replies. */
  items: PreviewItem[];
}

export interface PublishedCallout {
  account: string;
  state: PublishStateName;
  url?: string;
}

export interface PlannedPost {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  edits: PostEdit[];
  file: string;
  previousFile?: string;
  /** Wall time in the calendar's zone. */
  at: string;
  previousAt?: string;
  /** Each channel's wall time, for a post with a `stagger` (before the change too, when the times changed). */
  channelTimes?: { account: string; at: string }[];
  previousChannelTimes?: { account: string; at: string }[];
  status: Post['status'];
  channels: string[];
  campaign?: string;
  accounts: AccountPreview[];
  findings: Problem[];
  /** Approver roles the post's content needs (from `approval-required` findings). */
  roles: string[];
  /**
   * Accounts where the post already went out (or may have): an edit or removal will not
   * reach the platform.
   */
  published: PublishedCallout[];
}

export interface InvalidFile {
  file: string;
  problems: Problem[];
}

export interface PlanSummary {
  added: number;
  removed: number;
  rescheduled: number;
  edited: number;
  moved: number;
  campaigns: number;
  config: number;
  errors: number;
  warnings: number;
  invalidFiles: number;
  publishedEdits: number;
}

export interface Plan {
  base: Side;
  head: Side;
  timezone: string;
  summary: PlanSummary;
  /** Every role some changed post needs, sorted. */
  roles: string[];
  /**
   * Approver role → GitHub users and @org/team teams, from the base's socialcal.yaml, so a
   * change cannot make its own author an approver (the head's when the base has no config).
   */
  approvers: Record<string, string[]>;
  posts: PlannedPost[];
  campaigns: CampaignDiff[];
  config: ConfigChange[];
  /** Calendar files on the head side that do not load: their posts cannot be planned. */
  invalid: InvalidFile[];
}

export interface PlanInput {
  base: Side;
  head: Side;
  baseFiles: CalendarFiles;
  headFiles: CalendarFiles;
  now: Date;
  /** Publish state (from the ledger branch); without it nothing is called out as published. */
  ledger?: LedgerView;
  /** `buildCalendar(headFiles)` when the caller has it already (it needed it for the ledger). */
  headLoaded?: LoadResult;
  /**
   * The paths that differ between the sides, when the caller knows them (from git); `baseFiles`
   * may then hold only those of the base's posts. Without it the files are compared byte by byte.
   */
  changed?: ReadonlySet<string>;
}

const CONTENT_EDITS: PostEdit[] = ['text', 'media', 'thread', 'channels', 'overrides', 'status', 'tags', 'campaign', 'pillar', 'card', 'langs', 'rendered'];
const GONE_OUT: PublishStateName[] = ['published', 'claimed', 'unknown'];

export function buildPlan(input: PlanInput): Plan {
  const changes = input.changed ? knownChanges(input.changed, input.baseFiles, input.headFiles) : changedFiles(input.baseFiles, input.headFiles);
  // With config and campaigns untouched, a post file that did not change cannot have changed
  // post: only the changed post files of the base need loading (a large calendar, one edit).
  const onlyPosts = !changes.config && !changes.campaigns;
  const baseFiles = onlyPosts
    ? { ...input.baseFiles, files: input.baseFiles.files.filter((f) => f.kind !== 'post' || changes.paths.has(f.path)) }
    : input.baseFiles;
  const base = buildCalendar(baseFiles).calendar;
  const headResult = input.headLoaded ?? buildCalendar(input.headFiles);
  const head = headResult.calendar;
  if (!head) {
    const problems = headResult.problems.filter((p) => p.file === 'socialcal.yaml');
    return emptyPlan(input, base?.config.timezone ?? 'UTC', [{ file: 'socialcal.yaml', problems }]);
  }
  // A change to posts only: the rules judge the changed posts among their neighbours in time,
  // not the whole calendar again (the plan shows the changed posts' findings only).
  const judged = onlyPosts ? neighbourhood(head, head.posts.filter((p) => changes.paths.has(p.file))) : head;
  const findings = [...headResult.problems, ...runRules(judged, { now: input.now, ledger: input.ledger })];
  const roles = rolesByFile(findings);
  // A pull request could loosen the rules in socialcal.yaml to skip an approval; roles are
  // also computed with the base's config, and the stricter answer wins.
  const guarded = withBaseConfig(input.headFiles, input.baseFiles);
  if (guarded) mergeRoles(roles, rolesByFile(runRules(guarded, { now: input.now, ledger: input.ledger })));

  const diff = diffCalendars(base, onlyPosts ? postsIn(head, changes.paths) : head);
  const zone = head.config.timezone;
  const headFiles = new Set(input.headFiles.files.map((f) => f.path));
  // Only files this change touched: a file broken before is not this change's doing.
  const invalid = invalidFiles(headResult.problems, head).filter((f) => changes.paths.has(f.file));
  const invalidPaths = new Set(invalid.map((f) => f.file));

  const posts: PlannedPost[] = [];
  for (const d of diff.posts) {
    // A post whose file is still there but no longer loads is not removed: it is broken.
    if (d.kind === 'removed' && headFiles.has(d.before!.file) && invalidPaths.has(d.before!.file)) continue;
    const post = (d.after ?? d.before)!;
    posts.push({
      id: d.id,
      kind: d.kind,
      edits: d.edits,
      file: post.file,
      previousFile: d.before && d.after && d.before.file !== d.after.file ? d.before.file : undefined,
      at: formatWall(post.at, zone),
      previousAt: d.edits.includes('time') ? formatWall(d.before!.at, zone) : undefined,
      ...staggerTimes(post, d.edits.includes('time') ? d.before : undefined, zone),
      status: post.status,
      channels: post.channels,
      campaign: post.campaign,
      accounts: d.after ? withPreviousText(previews(d.after, head), d.before && base ? renderPost(d.before, base) : []) : [],
      findings: d.after ? findings.filter((p) => p.file === d.after!.file) : [],
      roles: d.after ? [...(roles.get(d.after.file) ?? [])].sort() : [],
      published: publishedCallouts(post, input.ledger),
    });
  }

  const allRoles = [...new Set(posts.flatMap((p) => p.roles))].sort();
  const relevant = posts.flatMap((p) => p.findings);
  return {
    base: input.base,
    head: input.head,
    timezone: zone,
    summary: {
      added: posts.filter((p) => p.kind === 'added').length,
      removed: posts.filter((p) => p.kind === 'removed').length,
      rescheduled: posts.filter((p) => p.edits.includes('time')).length,
      edited: posts.filter((p) => p.edits.some((e) => CONTENT_EDITS.includes(e))).length,
      moved: posts.filter((p) => p.edits.includes('file')).length,
      campaigns: diff.campaigns.length,
      config: diff.config.length,
      errors: relevant.filter((p) => p.severity === 'error').length + invalid.reduce((n, f) => n + f.problems.length, 0),
      warnings: relevant.filter((p) => p.severity === 'warning').length,
      invalidFiles: invalid.length,
      publishedEdits: posts.filter((p) => p.kind !== 'added' && p.published.length > 0).length,
    },
    roles: allRoles,
    approvers: (base ?? head).config.roles,
    posts,
    campaigns: diff.campaigns,
    config: diff.config,
    invalid,
  };
}

function emptyPlan(input: PlanInput, timezone: string, invalid: InvalidFile[]): Plan {
  return {
    base: input.base,
    head: input.head,
    timezone,
    summary: {
      added: 0,
      removed: 0,
      rescheduled: 0,
      edited: 0,
      moved: 0,
      campaigns: 0,
      config: 0,
      errors: invalid.reduce((n, f) => n + f.problems.length, 0),
      warnings: 0,
      invalidFiles: invalid.length,
      publishedEdits: 0,
    },
    roles: [],
    approvers: {},
    posts: [],
    campaigns: [],
    config: [],
    invalid,
  };
}

interface FileChanges {
  /** Paths added, removed or edited (either side). */
  paths: ReadonlySet<string>;
  config: boolean;
  campaigns: boolean;
}

function changedFiles(base: CalendarFiles, head: CalendarFiles): FileChanges {
  const before = new Map(base.files.map((f) => [f.path, f]));
  const paths = new Set<string>();
  for (const f of head.files) {
    const old = before.get(f.path);
    if (!old || old.kind !== f.kind || old.issue?.code !== f.issue?.code || !sameBytes(old.bytes, f.bytes)) paths.add(f.path);
    before.delete(f.path);
  }
  for (const path of before.keys()) paths.add(path);
  return knownChanges(paths, base, head);
}

function knownChanges(paths: ReadonlySet<string>, base: CalendarFiles, head: CalendarFiles): FileChanges {
  const kinds = new Set([...base.files, ...head.files].filter((f) => paths.has(f.path)).map((f) => f.kind));
  return { paths, config: kinds.has('config'), campaigns: kinds.has('campaign') };
}

/** The calendar narrowed to the posts in `paths`, for diffing. */
function postsIn(calendar: Calendar, paths: ReadonlySet<string>): Calendar {
  const posts = calendar.posts.filter((p) => paths.has(p.file));
  return { ...calendar, posts, postsById: new Map(posts.map((p) => [p.id, p])) };
}

/** More changed posts than this and the rules run on the whole calendar (a sort would cost as much). */
export const MAX_NEIGHBOURHOOD = 512;

/**
 * The calendar narrowed to the posts the rules need to judge `changed` exactly as on the whole
 * calendar: those posts and every post within the longest `reach` of a rule that judges posts
 * by their neighbours in time (spacing, daily limit, content mix, duplicate text). A rule
 * without `reach` judges each post on its own (a rule that looks across posts must declare one).
 */
function neighbourhood(calendar: Calendar, changed: Post[]): Calendar {
  if (changed.length > MAX_NEIGHBOURHOOD) return calendar;
  if (changed.length === 0) return { ...calendar, posts: [], postsById: new Map() };
  const meets = neighbourWindows(calendar.config, changed);
  // A neighbour is judged at each of its channel times too: from its \`at\` to its last channel.
  const posts = calendar.posts.filter((p) => meets(p.at.getTime(), p.at.getTime() + staggerSpan(p)));
  return { ...calendar, posts, postsById: new Map(posts.map((p) => [p.id, p])) };
}

/**
 * Whether a post judged from `from` to `to` (ms) is a neighbour of a changed post: within the
 * longest rule `reach` of one (of the rules `rules` picks), counted from its `at` to its last channel (stagger).
 */
export function neighbourWindows(config: Calendar['config'], changed: Post[], rules: (id: string) => boolean = () => true): (from: number, to: number) => boolean {
  const active = resolveRules(config, RULES.filter((r) => r.meta.reach && rules(r.meta.id)), []);
  const reach = Math.max(0, ...active.map((a) => a.rule.meta.reach!(a.options as never)));
  // A staggered post is judged at each channel's time: its window runs to its last channel.
  const windows = changed.map((p) => [p.at.getTime() - reach, p.at.getTime() + staggerSpan(p) + reach] as const).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of windows) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  // Whether [from, to] meets a window (windows are sorted and disjoint).
  return (from: number, to: number) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (to < merged[mid][0]) hi = mid - 1;
      else if (from > merged[mid][1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** The head's posts and campaigns judged with the base's socialcal.yaml; undefined when there is no base config. */
function withBaseConfig(headFiles: CalendarFiles, baseFiles: CalendarFiles): Calendar | undefined {
  const baseConfig = baseFiles.files.find((f) => f.kind === 'config');
  const headConfig = headFiles.files.find((f) => f.kind === 'config');
  if (!baseConfig || !headConfig || sameBytes(baseConfig.bytes, headConfig.bytes)) return undefined;
  const files = headFiles.files.map((f) => (f.kind === 'config' ? baseConfig : f));
  return buildCalendar({ ...headFiles, files }).calendar;
}

function sameBytes(a?: Uint8Array, b?: Uint8Array): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

function rolesByFile(findings: Problem[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.rule !== 'approval-required' || !f.roles?.length) continue;
    const set = out.get(f.file) ?? new Set<string>();
    for (const role of f.roles) set.add(role);
    out.set(f.file, set);
  }
  return out;
}

function mergeRoles(into: Map<string, Set<string>>, more: Map<string, Set<string>>): void {
  for (const [file, roles] of more) {
    const set = into.get(file) ?? new Set<string>();
    for (const role of roles) set.add(role);
    into.set(file, set);
  }
}

function invalidFiles(problems: Problem[], head: Calendar): InvalidFile[] {
  const loaded = new Set([...head.posts.map((p) => p.file), ...[...head.campaigns.values()].map((c) => c.file), head.config.file]);
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    if (p.severity !== 'error' || loaded.has(p.file)) continue;
    byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  }
  return [...byFile].map(([file, list]) => ({ file, problems: list }));
}

function previews(post: Post, calendar: Calendar): AccountPreview[] {
  return renderPost(post, calendar).map((r) => {
    return {
      account: r.account.name,
      platform: r.account.platform,
      items: r.items.map((item) => {
        const fit = itemFits(calendar.config, r.account.platform, item);
        return {
          text: item.text,
          length: fit.length,
          limit: fit.limit,
          over: !fit.fits,
          media: item.media.map((m) => ({ file: m.file, alt: m.alt })),
        };
      }),
    };
  });
}

/** Marks each item whose text the change edits with the text it had before. */
function withPreviousText(accounts: AccountPreview[], before: ReturnType<typeof renderPost>): AccountPreview[] {
  return accounts.map((a) => {
    const old = before.find((r) => r.account.name === a.account);
    return {
      ...a,
      items: a.items.map((item, i) => {
        const previous = old?.items[i]?.text;
        return previous !== undefined && previous !== item.text ? { ...item, previousText: previous } : item;
      }),
    };
  });
}

function publishedCallouts(post: Post, ledger: LedgerView | undefined): PublishedCallout[] {
  if (!ledger) return [];
  const out: PublishedCallout[] = [];
  for (const account of post.channels) {
    const status = ledger.status(post.id, account);
    if (status && GONE_OUT.includes(status.state)) out.push({ account, state: status.state, url: status.url });
  }
  return out;
}

/** Channel times of a staggered post (and of its previous version, when it moved), or nothing. */
function staggerTimes(post: Post, before: Post | undefined, zone: string): Pick<PlannedPost, 'channelTimes' | 'previousChannelTimes'> {
  const times = (p: Post) => channelSchedule(p, zone).map((t) => ({ account: t.account, at: t.local }));
  if (!post.stagger && !before?.stagger) return {};
  return { channelTimes: times(post), ...(before ? { previousChannelTimes: times(before) } : {}) };
}
