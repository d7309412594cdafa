import { createHash } from 'node:crypto';
import type { Calendar, LedgerView, Post } from '../calendar/model.js';
import { renderPost } from '../calendar/render.js';
import { channelGroups, channelSchedule } from '../calendar/stagger.js';
import { wallParts } from '../calendar/time.js';
import { nextDay } from '../views/calendar/period.js';
import { exportPosts, firstWords, type ExportFilter } from './select.js';
import { writeIcs, type IcsEvent } from './ical-text.js';

// The calendar as RFC 5545 events: one per post (times in UTC, so every client agrees across
// daylight-saving changes) — a staggered post one per channel time —, one per campaign milestone, all-day events for blackouts and
// campaign spans. UIDs derive from ids only, so a subscribed calendar updates in place.
// ical-text.ts writes the RFC 5545 text.

export interface IcsOptions {
  filter?: ExportFilter;
  ledger?: LedgerView;
  /** DTSTAMP of every event (default: now). */
  stamp?: Date;
}

const DOMAIN = 'socialcal';
const POST_MINUTES = 15;

/** A staggered post's later channel times are `post-<id>~<first account at that time>@…`: stable while the offsets change. */
export function postUid(post: Pick<Post, 'id'>, account?: string): string {
  return `post-${post.id}${account ? `~${account}` : ''}@${DOMAIN}`;
}

export function icsEvents(calendar: Calendar, opts: IcsOptions = {}): IcsEvent[] {
  const zone = calendar.config.timezone;
  const stamp = opts.stamp ?? new Date();
  const campaignsWanted = opts.filter?.campaigns;
  const campaigns = [...calendar.campaigns.values()].filter((c) => !campaignsWanted?.length || campaignsWanted.includes(c.id));
  const events: IcsEvent[] = [];

  for (const post of exportPosts(calendar, opts.filter)) {
    const campaign = post.campaign ? calendar.campaigns.get(post.campaign) : undefined;
    const text = post.text.trim();
    let description = `Accounts: ${post.channels.map((c) => accountLabel(calendar, c, opts.ledger?.status(post.id, c))).join(', ')}\n`;
    if (post.stagger) description += `Staggered: ${channelSchedule(post, zone).map((t) => `${t.account} ${t.local.slice(11)}`).join(', ')}\n`;
    if (campaign) description += `Campaign: ${campaign.name}\n`;
    description += `Status: ${post.status}${post.tags.length ? ` · Tags: ${post.tags.map((t) => `#${t}`).join(' ')}` : ''}\nFile: ${post.file}\n\n${text}`;
    // What an account gets differs from the text only through an override or the campaign's UTM links.
    if (campaign?.utm || Object.keys(post.overrides).length > 0) {
      for (const r of renderPost(post, calendar)) {
        const own = r.items[0].text.trim();
        if (own !== text) description += `\n\n— ${r.account.name}:\n${own}`;
      }
    }
    for (const group of channelGroups(post)) {
      const url = opts.ledger ? group.channels.map((c) => opts.ledger!.status(post.id, c)?.url).find(Boolean) : undefined;
      events.push({
        uid: longUid(postUid(post, group.stagger === 'later' ? group.channels[0] : undefined)),
        stamp,
        start: group.at,
        minutes: POST_MINUTES,
        summary: `${firstWords(post.text)} [${group.channels.join(', ')}]`,
        description,
        categories: [...(campaign ? [campaign.id] : []), ...post.tags],
        status: post.status === 'ready' ? 'CONFIRMED' : 'TENTATIVE',
        transparent: true,
        url,
      });
    }
  }

  for (const campaign of campaigns) {
    for (const m of campaign.milestones) {
      events.push({
        uid: longUid(`milestone-${campaign.id}-${m.id}@${DOMAIN}`),
        stamp,
        start: m.at,
        minutes: 60,
        summary: `★ ${m.title ?? m.id} (${campaign.name})`,
        description: `Milestone ${m.id} of campaign ${campaign.name} (${campaign.file}).`,
        categories: ['milestone', campaign.id],
        transparent: true,
      });
    }
    if (campaign.starts && campaign.ends) {
      // The days as the campaign writes them, in its own zone (a New York campaign's last day
      // is not the next day in Berlin).
      events.push({
        uid: longUid(`campaign-${campaign.id}@${DOMAIN}`),
        stamp,
        start: dayIn(campaign.starts, campaign.timezone),
        endDay: nextDay(dayIn(campaign.ends, campaign.timezone)),
        summary: `Campaign: ${campaign.name}`,
        description: [campaign.objective, campaign.owner ? `Owner: ${campaign.owner}` : undefined, `File: ${campaign.file}`].filter(Boolean).join('\n'),
        categories: ['campaign', campaign.id],
        transparent: true,
      });
    }
  }

  for (const b of calendar.config.blackouts) {
    const scope = [b.tags?.length ? `tags: ${b.tags.join(', ')}` : undefined, b.accounts?.length ? `accounts: ${b.accounts.join(', ')}` : undefined].filter(Boolean);
    events.push({
      uid: longUid(`blackout-${slug(b.name)}-${b.fromText.slice(0, 10)}@${DOMAIN}`),
      stamp,
      start: dayIn(b.from, zone),
      endDay: nextDay(dayIn(b.to, zone)),
      summary: `Blackout: ${b.name}`,
      description: [b.reason, scope.length ? `Applies to ${scope.join('; ')}` : 'Applies to all posts'].filter(Boolean).join('\n'),
      categories: ['blackout'],
      outOfOffice: true,
    });
  }
  return events;
}

export function toIcs(calendar: Calendar, opts: IcsOptions = {}): string {
  return writeIcs({ productId: '-//socialcal//calendar export//EN', name: `Social calendar (${calendar.config.timezone})`, events: icsEvents(calendar, opts) });
}

const MAX_UID = 500;

/** A UID must stay unique and stable, so a long one (a huge milestone name) is replaced by its hash. */
function longUid(uid: string): string {
  return uid.length > MAX_UID ? `post-${createHash('sha256').update(uid).digest('hex')}@${DOMAIN}` : uid;
}

function accountLabel(calendar: Calendar, name: string, status: { state: string } | undefined): string {
  const account = calendar.config.accounts[name];
  const who = account ? `${name} (${account.platform}${account.handle ? ` ${account.handle}` : ''})` : name;
  return status ? `${who} — ${status.state}` : who;
}

/** The civil day of `instant` in `zone`, YYYY-MM-DD. */
function dayIn(instant: Date, zone: string): string {
  const p = wallParts(instant, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'blackout';
}
