import type { Calendar, LedgerView, Post, PublishStateName } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import { renderForAccount, type RenderedPost } from '../../calendar/render.js';
import { channelAt } from '../../calendar/stagger.js';
import { formatWall } from '../../calendar/time.js';
import { itemFits } from '../../platforms/fit.js';

// Everything a post's detail view shows, per account: the final text and its length against the
// platform's limit, media with alt text, publish state; plus the findings located in its file.

export interface DetailItem {
  text: string;
  length: number;
  limit: number;
  over: boolean;
  media: { file: string; alt?: string; exists: boolean }[];
}

export interface DetailAccount {
  name: string;
  platform: string;
  handle?: string;
  color?: string;
  /** When the post goes out on this account: `at`, plus its offset where the post has a `stagger`. */
  at: string;
  local: string;
  offsetMinutes: number;
  /** The main post, then thread items. */
  items: DetailItem[];
  publish?: { state: PublishStateName; at?: string; url?: string };
}

export interface PostDetail {
  id: string;
  file: string;
  at: string;
  local: string;
  timezone: string;
  campaign?: string;
  campaignName?: string;
  status: Post['status'];
  tags: string[];
  pillar?: string;
  notes?: string;
  accounts: DetailAccount[];
  /** Channels the config does not know (the loader reports them). */
  unknownChannels: string[];
  findings: { severity: Problem['severity']; message: string; hint?: string; where: string; rule?: string }[];
}

/**
 * `renders`: posts already rendered for their accounts (as `renderPost` does, e.g. by the rules
 * engine: RunOptions.renders), used instead of rendering again.
 */
export function postDetail(calendar: Calendar, post: Post, opts: { ledger?: LedgerView; problems?: Problem[]; renders?: ReadonlyMap<Post, RenderedPost[]> } = {}): PostDetail {
  const zone = calendar.config.timezone;
  const accounts: DetailAccount[] = [];
  const unknownChannels: string[] = [];
  const done = opts.renders?.get(post);
  let known = 0;
  // Most channels go out at the post's own time: formatted once.
  const at0 = post.at.toISOString();
  const local0 = formatWall(post.at, zone);
  for (const channel of post.channels) {
    const account = calendar.config.accounts[channel];
    if (!account) {
      unknownChannels.push(channel);
      continue;
    }
    // renderPost renders the known channels in order.
    const shared = done?.[known];
    const rendered = shared?.post === post && shared.account === account ? shared : renderForAccount(post, account, calendar);
    known++;
    const status = opts.ledger?.status(post.id, channel);
    const at = channelAt(post, channel);
    accounts.push({
      name: account.name,
      platform: account.platform,
      handle: account.handle,
      color: account.color,
      at: at === post.at ? at0 : at.toISOString(),
      local: at === post.at ? local0 : formatWall(at, zone),
      offsetMinutes: (at.getTime() - post.at.getTime()) / 60_000,
      items: rendered.items.map((item) => {
        const fit = itemFits(calendar.config, account.platform, item);
        return { text: item.text, length: fit.length, limit: fit.limit, over: !fit.fits, media: item.media.map((m) => ({ file: m.file, alt: m.alt, exists: m.exists })) };
      }),
      publish: status ? { state: status.state, at: status.at?.toISOString(), url: status.url } : undefined,
    });
  }
  return {
    id: post.id,
    file: post.file,
    at: at0,
    local: local0,
    timezone: zone,
    campaign: post.campaign,
    campaignName: post.campaign ? calendar.campaigns.get(post.campaign)?.name : undefined,
    status: post.status,
    tags: post.tags,
    pillar: post.pillar,
    notes: post.notes,
    accounts,
    unknownChannels,
    findings: problemsIn(opts.problems ?? [], post.file).map((p) => ({ severity: p.severity, message: p.message, hint: p.hint, where: `${p.file}:${p.line}:${p.column}${p.path ? ` ${p.path}` : ''}`, rule: p.rule })),
  };
}

// The site asks for every post's findings from one list: grouped by file once per list (a filter
// per post made 10,000 posts × their findings). The list must not change after the first call.
const grouped = new WeakMap<readonly Problem[], Map<string, Problem[]>>();

function problemsIn(problems: readonly Problem[], file: string): Problem[] {
  let byFile = grouped.get(problems);
  if (!byFile) {
    byFile = new Map();
    for (const p of problems) {
      const list = byFile.get(p.file);
      if (list) list.push(p);
      else byFile.set(p.file, [p]);
    }
    grouped.set(problems, byFile);
  }
  return byFile.get(file) ?? [];
}
