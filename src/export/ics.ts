import { createHash } from 'node:crypto';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { Calendar, LedgerView, Post } from '../calendar/model.js';
import { renderPost } from '../calendar/render.js';
import { wallParts } from '../calendar/time.js';
import { nextDay } from '../views/calendar/period.js';
import { exportPosts, firstWords, type ExportFilter } from './select.js';

// The calendar as RFC 5545 events: one per post (times in UTC, so every client agrees across
// daylight-saving changes), one per campaign milestone, all-day events for blackouts and
// campaign spans. UIDs derive from ids only, so a subscribed calendar updates in place.

export interface IcsOptions {
  filter?: ExportFilter;
  ledger?: LedgerView;
  /** DTSTAMP of every event (default: now). */
  stamp?: Date;
}

const DOMAIN = 'socialcal';
const POST_MINUTES = 15;

export function postUid(post: Pick<Post, 'id'>): string {
  return `post-${post.id}@${DOMAIN}`;
}

export function icsEvents(calendar: Calendar, opts: IcsOptions = {}): EventAttributes[] {
  const zone = calendar.config.timezone;
  const stamp = (opts.stamp ?? new Date()).getTime();
  const campaignsWanted = opts.filter?.campaigns;
  const campaigns = [...calendar.campaigns.values()].filter((c) => !campaignsWanted?.length || campaignsWanted.includes(c.id));
  const events: EventAttributes[] = [];

  for (const post of exportPosts(calendar, opts.filter)) {
    const rendered = renderPost(post, calendar);
    const campaign = post.campaign ? calendar.campaigns.get(post.campaign) : undefined;
    const lines = [
      `Accounts: ${post.channels.map((c) => accountLabel(calendar, c, opts.ledger?.status(post.id, c))).join(', ')}`,
      campaign ? `Campaign: ${campaign.name}` : undefined,
      `Status: ${post.status}${post.tags.length ? ` · Tags: ${post.tags.map((t) => `#${t}`).join(' ')}` : ''}`,
      `File: ${post.file}`,
      '',
      post.text.trim(),
      ...rendered
        .filter((r) => r.items[0].text.trim() !== post.text.trim())
        .map((r) => `\n— ${r.account.name}:\n${r.items[0].text.trim()}`),
    ];
    const url = post.channels.map((c) => opts.ledger?.status(post.id, c)?.url).find(Boolean);
    events.push({
      uid: postUid(post),
      ...utcStart(post.at),
      duration: { minutes: POST_MINUTES },
      title: `${firstWords(post.text)} [${post.channels.join(', ')}]`,
      description: lines.filter((l) => l !== undefined).join('\n'),
      categories: categories([...(campaign ? [campaign.id] : []), ...post.tags]),
      status: post.status === 'ready' ? 'CONFIRMED' : 'TENTATIVE',
      transp: 'TRANSPARENT',
      ...(url ? { url } : {}),
      timestamp: stamp,
    } as EventAttributes);
  }

  for (const campaign of campaigns) {
    for (const m of campaign.milestones) {
      events.push({
        uid: `milestone-${campaign.id}-${m.id}@${DOMAIN}`,
        ...utcStart(m.at),
        duration: { hours: 1 },
        title: `★ ${m.title ?? m.id} (${campaign.name})`,
        description: `Milestone ${m.id} of campaign ${campaign.name} (${campaign.file}).`,
        categories: categories(['milestone', campaign.id]),
        transp: 'TRANSPARENT',
        timestamp: stamp,
      } as EventAttributes);
    }
    if (campaign.starts && campaign.ends) {
      // The days as the campaign writes them, in its own zone (a New York campaign's last day
      // is not the next day in Berlin).
      events.push({
        uid: `campaign-${campaign.id}@${DOMAIN}`,
        start: dateArray(campaign.starts, campaign.timezone),
        end: dateArray(campaign.ends, campaign.timezone, true),
        title: `Campaign: ${campaign.name}`,
        description: [campaign.objective, campaign.owner ? `Owner: ${campaign.owner}` : undefined, `File: ${campaign.file}`].filter(Boolean).join('\n'),
        categories: categories(['campaign', campaign.id]),
        transp: 'TRANSPARENT',
        timestamp: stamp,
      } as EventAttributes);
    }
  }

  for (const b of calendar.config.blackouts) {
    const scope = [b.tags?.length ? `tags: ${b.tags.join(', ')}` : undefined, b.accounts?.length ? `accounts: ${b.accounts.join(', ')}` : undefined].filter(Boolean);
    events.push({
      uid: `blackout-${slug(b.name)}-${b.fromText.slice(0, 10)}@${DOMAIN}`,
      start: dateArray(b.from, zone),
      end: dateArray(b.to, zone, true),
      title: `Blackout: ${b.name}`,
      description: [b.reason, scope.length ? `Applies to ${scope.join('; ')}` : 'Applies to all posts'].filter(Boolean).join('\n'),
      categories: ['blackout'],
      busyStatus: 'OOF',
      timestamp: stamp,
    } as EventAttributes);
  }
  return events;
}

export function toIcs(calendar: Calendar, opts: IcsOptions = {}): string {
  const { error, value } = createEvents(icsEvents(calendar, opts).map(clipEvent), { productId: '-//socialcal//calendar export//EN', calName: `Social calendar (${calendar.config.timezone})` });
  if (error || value === null) throw new Error(`could not write the ICS file: ${error?.message ?? 'no output'}`);
  return refold(value);
}

/** Longest description handed to the ICS writer; longer texts are shortened with a note. */
const MAX_DESCRIPTION = 4000;
const MAX_FIELD = 500;

/**
 * The ics package folds long lines in quadratic time (a 50,000-character text takes a minute),
 * so texts are clipped first; no platform's post is longer than the description limit.
 */
function clipEvent(event: EventAttributes): EventAttributes {
  const clip = (text: string | undefined, max: number) =>
    text === undefined || [...text].length <= max ? text : `${[...text].slice(0, max).join('')}… (shortened)`;
  // A UID must stay unique and stable, so a long one (a huge milestone name) is replaced by its hash.
  const uid = event.uid && event.uid.length > MAX_FIELD ? `post-${createHash('sha256').update(event.uid).digest('hex')}@${DOMAIN}` : event.uid;
  return {
    ...event,
    ...(uid ? { uid } : {}),
    ...(event.url ? { url: clip(event.url, MAX_FIELD * 4) } : {}),
    title: clip(event.title, MAX_FIELD),
    description: clip(event.description, MAX_DESCRIPTION),
    ...(event.categories ? { categories: event.categories.map((c) => clip(c, MAX_FIELD)!) } : {}),
  } as EventAttributes;
}

/**
 * Folds lines at 75 octets as RFC 5545 §3.1 asks; the generator counts characters, so lines
 * with non-ASCII text come out longer. Those lines are split again, never inside a UTF-8
 * sequence; the rest (nearly all) pass untouched.
 */
export function refold(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      if (Buffer.byteLength(line) <= 75) return line;
      const continuation = line.startsWith(' ');
      const parts: string[] = [];
      let current = continuation ? ' ' : '';
      let octets = current.length;
      for (const ch of continuation ? line.slice(1) : line) {
        const size = Buffer.byteLength(ch);
        if (octets + size > 75) {
          parts.push(current);
          current = ' ';
          octets = 1;
        }
        current += ch;
        octets += size;
      }
      parts.push(current);
      return parts.join('\r\n');
    })
    .join('\r\n');
}

function accountLabel(calendar: Calendar, name: string, status: { state: string } | undefined): string {
  const account = calendar.config.accounts[name];
  const who = account ? `${name} (${account.platform}${account.handle ? ` ${account.handle}` : ''})` : name;
  return status ? `${who} — ${status.state}` : who;
}

function utcStart(at: Date): Pick<EventAttributes, 'start' | 'startInputType' | 'startOutputType'> {
  return { start: at.getTime(), startInputType: 'utc', startOutputType: 'utc' };
}

/** The civil day of `instant` in `zone` as an ICS date; `exclusiveEnd` gives the day after. */
function dateArray(instant: Date, zone: string, exclusiveEnd = false): DateArray {
  const p = wallParts(instant, zone);
  const key = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  const [y, m, d] = (exclusiveEnd ? nextDay(key) : key).split('-').map(Number);
  return [y, m, d];
}

/**
 * CATEGORIES values escaped as RFC 5545 TEXT (the `ics` library joins them with commas as they
 * are), and none at all rather than an empty CATEGORIES line.
 */
function categories(values: string[]): string[] | undefined {
  return values.length ? values.map((v) => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,')) : undefined;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'blackout';
}
