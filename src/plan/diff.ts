import type { Calendar, Campaign, Config, MediaRef, Post, ThreadItem } from '../calendar/model.js';
import { renderPost } from '../calendar/render.js';
import { channelTimes } from '../calendar/stagger.js';

// What a change does to the calendar, as data: posts matched by id (so a moved file is not a
// new post), campaigns by id, and the config by area. Pure.

/** A part of a post that a change touched, in the words of the post file. */
export type PostEdit =
  | 'time'
  | 'text'
  | 'media'
  | 'thread'
  | 'channels'
  | 'overrides'
  | 'status'
  | 'tags'
  | 'campaign'
  | 'pillar'
  | 'card'
  | 'langs'
  | 'notes'
  | 'file'
  /** Only the final text changed: the campaign's UTM or an account's settings. */
  | 'rendered';

export interface PostDiff {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  before?: Post;
  after?: Post;
  /** For changed posts: what changed, in a stable order. */
  edits: PostEdit[];
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface CampaignDiff {
  id: string;
  kind: ChangeKind;
  file: string;
  /** For changed campaigns: the fields that changed. */
  fields: string[];
}

export type ConfigArea = 'timezone' | 'accounts' | 'roles' | 'rules' | 'blackouts' | 'pillars' | 'publish';

/** One entry of the config that changed: a rule, a role, a blackout, an account… */
export interface ConfigChange {
  area: ConfigArea;
  /** The rule id, role, account or blackout name; the area itself for single values. */
  name: string;
  kind: ChangeKind;
  before?: string;
  after?: string;
}

export interface CalendarDiff {
  posts: PostDiff[];
  campaigns: CampaignDiff[];
  config: ConfigChange[];
}

const EDIT_ORDER: PostEdit[] = [
  'file',
  'time',
  'text',
  'media',
  'thread',
  'channels',
  'overrides',
  'status',
  'tags',
  'campaign',
  'pillar',
  'card',
  'langs',
  'notes',
];

function mediaKey(media: MediaRef[]): string {
  return JSON.stringify(media.map((m) => [m.file, m.alt ?? null, m.size ?? null]));
}

function threadKey(thread: ThreadItem[]): string {
  return JSON.stringify(thread.map((t) => [t.text, mediaKey(t.media)]));
}

function overridesKey(post: Post): string {
  const keys = Object.keys(post.overrides).sort();
  return JSON.stringify(
    keys.map((k) => {
      const o = post.overrides[k];
      return [k, o.text ?? null, o.media ? mediaKey(o.media) : null, o.thread ? threadKey(o.thread) : null];
    }),
  );
}

const FIELD: Record<Exclude<PostEdit, 'rendered'>, (p: Post) => unknown> = {
  file: (p) => p.file,
  // A changed stagger reschedules the channels it moves.
  time: (p) => (p.stagger ? channelTimes(p).map((t) => `${t.account}@${t.at.getTime()}`).join(',') : p.at.getTime()),
  text: (p) => p.text,
  media: (p) => mediaKey(p.media),
  thread: (p) => threadKey(p.thread),
  channels: (p) => p.channels.join('\n'),
  overrides: overridesKey,
  status: (p) => p.status,
  tags: (p) => [...p.tags].sort().join('\n'),
  campaign: (p) => p.campaign ?? '',
  pillar: (p) => p.pillar ?? '',
  card: (p) => JSON.stringify(p.card ?? null),
  langs: (p) => (p.langs ?? []).join('\n'),
  notes: (p) => p.notes ?? '',
};

/** What each account would receive, as one comparable string. */
function renderedKey(post: Post, calendar: Calendar): string {
  return JSON.stringify(renderPost(post, calendar).map((r) => [r.account.name, r.account.platform, r.items.map((i) => i.text)]));
}

export function postEdits(before: Post, after: Post, calendars?: { base: Calendar; head: Calendar }): PostEdit[] {
  const edits = EDIT_ORDER.filter((e) => FIELD[e as Exclude<PostEdit, 'rendered'>](before) !== FIELD[e as Exclude<PostEdit, 'rendered'>](after));
  if (calendars && renderedKey(before, calendars.base) !== renderedKey(after, calendars.head)) {
    const contentEdited = edits.some((e) => e === 'text' || e === 'thread' || e === 'overrides' || e === 'channels');
    if (!contentEdited) edits.push('rendered');
  }
  return edits;
}

export function diffCalendars(base: Calendar | undefined, head: Calendar): CalendarDiff {
  const posts: PostDiff[] = [];
  const before = base?.postsById ?? new Map<string, Post>();
  for (const post of head.posts) {
    const old = before.get(post.id);
    if (!old) {
      posts.push({ id: post.id, kind: 'added', after: post, edits: [] });
      continue;
    }
    const edits = postEdits(old, post, base ? { base, head } : undefined);
    if (edits.length) posts.push({ id: post.id, kind: 'changed', before: old, after: post, edits });
  }
  for (const post of base?.posts ?? []) {
    if (!head.postsById.has(post.id)) posts.push({ id: post.id, kind: 'removed', before: post, edits: [] });
  }
  posts.sort((a, b) => postTime(a) - postTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    posts,
    campaigns: diffCampaigns(base?.campaigns ?? new Map(), head.campaigns),
    config: base ? diffConfig(base.config, head.config) : [],
  };
}

function postTime(d: PostDiff): number {
  return (d.after ?? d.before)!.at.getTime();
}

function campaignFields(c: Campaign): Record<string, unknown> {
  return {
    file: c.file,
    name: c.name,
    timezone: c.timezone,
    starts: c.starts?.getTime(),
    ends: c.ends?.getTime(),
    objective: c.objective,
    owner: c.owner,
    kpis: c.kpis,
    utm: c.utm,
    milestones: c.milestones.map((m) => [m.id, m.at.getTime(), m.title]),
  };
}

function diffCampaigns(base: Map<string, Campaign>, head: Map<string, Campaign>): CampaignDiff[] {
  const out: CampaignDiff[] = [];
  for (const [id, campaign] of head) {
    const old = base.get(id);
    if (!old) {
      out.push({ id, kind: 'added', file: campaign.file, fields: [] });
      continue;
    }
    const a = campaignFields(old);
    const b = campaignFields(campaign);
    const fields = Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    if (fields.length) out.push({ id, kind: 'changed', file: campaign.file, fields });
  }
  for (const [id, campaign] of base) if (!head.has(id)) out.push({ id, kind: 'removed', file: campaign.file, fields: [] });
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Config values as short strings a reviewer can compare. */
function configEntries(config: Config): Record<ConfigArea, Map<string, string>> {
  const rule = (s: Config['rules'][string]) => {
    const severity = s.severity ?? 'default severity';
    return Object.keys(s.options).length ? `${severity} ${JSON.stringify(s.options)}` : severity;
  };
  return {
    timezone: new Map([['timezone', config.timezone]]),
    accounts: new Map(
      Object.values(config.accounts).map((a) => [
        a.name,
        [a.platform, a.handle, a.server, Object.keys(a.settings).length ? JSON.stringify(a.settings) : undefined].filter(Boolean).join(' '),
      ]),
    ),
    roles: new Map(Object.entries(config.roles).map(([role, members]) => [role, members.join(', ')])),
    rules: new Map(Object.entries(config.rules).map(([id, s]) => [id, rule(s)])),
    blackouts: new Map(
      config.blackouts.map((b) => [
        b.name,
        [`${b.fromText} – ${b.toText}`, b.tags ? `tags ${b.tags.join(', ')}` : '', b.accounts ? `accounts ${b.accounts.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
      ]),
    ),
    pillars: new Map([['pillars', config.pillars.join(', ')]]),
    publish: new Map(
      Object.entries(config.publish).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v ?? '')]),
    ),
  };
}

export function diffConfig(base: Config, head: Config): ConfigChange[] {
  const a = configEntries(base);
  const b = configEntries(head);
  const out: ConfigChange[] = [];
  for (const area of Object.keys(b) as ConfigArea[]) {
    for (const [name, after] of b[area]) {
      const before = a[area].get(name);
      if (before === undefined) out.push({ area, name, kind: 'added', after });
      else if (before !== after) out.push({ area, name, kind: 'changed', before, after });
    }
    for (const [name, before] of a[area]) if (!b[area].has(name)) out.push({ area, name, kind: 'removed', before });
  }
  return out;
}
