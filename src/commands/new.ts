import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { calendarRoot, checkZone, commaList, parseOptions } from './options.js';
import { ID } from '../calendar/load.js';
import type { Calendar, PlatformId } from '../calendar/model.js';
import { platformOfUrl, REPLY_PLATFORMS } from '../rules/reply-to.js';
import { POST_STATUSES } from '../calendar/model.js';
import { didYouMean } from '../calendar/problems.js';
import { resolveMilestoneTime } from '../calendar/milestones.js';
import { parseWallTime } from '../calendar/time.js';
import { EXIT, UsageError } from '../errors.js';
import { postPath, writePostFile } from '../scaffold/post-file.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  at: z.string().optional(),
  channels: z.string().optional(),
  text: z.string().optional(),
  campaign: z.string().optional(),
  tag: z.array(z.string()).optional(),
  pillar: z.string().optional(),
  id: z.string().optional(),
  timezone: z.string().optional(),
  status: z.enum(POST_STATUSES).optional(),
  template: z.string().optional(),
  replyTo: z.string().optional(),
  json: z.boolean().optional(),
});
type Opts = z.infer<typeof Options>;

export function configure(cmd: Command): void {
  cmd
    .description('Create a post file under posts/YYYY/MM/ from flags (asks for missing ones in a terminal).')
    .option('--at <time>', '"YYYY-MM-DD HH:MM" in the calendar\'s zone, or relative to a campaign milestone: "launch - 2d"')
    .option('--channels <accounts>', 'comma-separated account names from socialcal.yaml')
    .option('--text <text>', 'the post text')
    .option('--campaign <id>', 'campaign id')
    .option('--tag <tag>', 'a tag (repeat for more, or comma-separate)', (v: string, prev: string[] = []) => [...prev, ...v.split(',')])
    .option('--pillar <pillar>', 'content pillar')
    .option('--id <id>', 'post id and file name (default: from the text)')
    .option('--timezone <zone>', 'IANA zone for --at (default: campaign\'s, else calendar\'s)')
    .option('--status <status>', 'idea, draft or ready (default: draft)')
    .option('--template <post-id>', 'copy channels, campaign, tags, pillar, text, media, thread and overrides from an existing post')
    .option('--reply-to <url>', 'answer this post (its web address): publishes as a reply; channels default to the accounts on its platform')
    .option('--json', 'print the created file as JSON')
    .addHelpText(
      'after',
      `
New posts are drafts unless --status ready: only ready posts are ever published.

Examples:
  socialcal new --at "2027-01-20 10:00" --channels bluesky,mastodon --text "Hello 👋" --tag tips
  socialcal new --template launch-day --at "launch + 1d" --id launch-day-after \\
    --text "Missed the launch? The recap: https://acme.example/2"
  socialcal new --reply-to https://bsky.app/profile/fan.bsky.social/post/3kq2m5yf2xk2a \\
    --template answer-dark-mode --text "Hi! Dark mode: Settings → Appearance." --at "2027-01-20 15:00"

A template copies the post's channels, campaign, tags, pillar, media, thread and per-account\noverrides (without their texts when you give --text); give new --text, or check reports the copy\nas duplicate text.`,
    );
}

export interface NewPost {
  path: string;
  id: string;
  data: Record<string, unknown>;
}

/** Decides the file and its fields; throws a UsageError naming the flag on bad input. */
export function draftPost(calendar: Calendar, opts: Opts): NewPost {
  const template = opts.template ? templateData(calendar, opts.template) : {};
  const replyTo = opts.replyTo?.trim();
  if (replyTo !== undefined && !/^https?:\/\/\S+$/.test(replyTo)) throw new UsageError(`--reply-to ${replyTo}: not a web address`, 'copy the post\'s address from the browser or from `socialcal inbox`');
  const target = replyTo ? platformOfUrl(replyTo) : undefined;
  const channels = commaList(opts.channels) ?? (target ? replyAccounts(calendar, target) : (template.channels as string[] | undefined));
  const text = opts.text ?? (template.text as string | undefined);
  if (!opts.at) throw new UsageError('--at is required', 'e.g. --at "2027-01-20 10:00"');
  if (!channels?.length) throw new UsageError('--channels is required', `one or more of: ${Object.keys(calendar.config.accounts).join(', ')}`);
  if (!text) throw new UsageError('--text is required', 'e.g. --text "Hello"');
  for (const c of channels) {
    if (!calendar.config.accounts[c]) {
      const s = didYouMean(c, Object.keys(calendar.config.accounts));
      throw new UsageError(`--channels: unknown account "${c}"${s ? ` (did you mean "${s}"?)` : ''}`, `accounts: ${Object.keys(calendar.config.accounts).join(', ')}`);
    }
  }
  if (target) {
    const wrong = channels.filter((c) => calendar.config.accounts[c].platform !== target);
    if (wrong.length) throw new UsageError(`--channels ${wrong.join(', ')}: cannot answer a ${target} post`, `give only ${target} accounts with --reply-to ${replyTo}`);
  }
  const campaignId = opts.campaign ?? (template.campaign as string | undefined);
  const campaign = campaignId ? calendar.campaigns.get(campaignId) : undefined;
  if (campaignId && !campaign) {
    const s = didYouMean(campaignId, calendar.campaigns.keys());
    throw new UsageError(`--campaign: unknown campaign "${campaignId}"${s ? ` (did you mean "${s}"?)` : ''}`, `campaigns: ${[...calendar.campaigns.keys()].join(', ') || '(none)'}`);
  }
  checkZone('--timezone', opts.timezone);
  const zone = opts.timezone ?? campaign?.timezone ?? calendar.config.timezone;

  // Resolved as the loader resolves it.
  let wall = opts.at;
  const relative = resolveMilestoneTime(opts.at, campaign, zone);
  if (relative?.ok === false && relative.reason === 'milestone') {
    throw new UsageError(`--at ${opts.at}: no milestone "${relative.milestone}"${campaign ? ` in ${campaign.id}` : ' (give --campaign)'}`);
  }
  if (relative?.ok === false) throw new UsageError(`--at ${opts.at}: lands outside the years 0001–9999`, 'check the offset, e.g. "launch - 2d"');
  if (relative?.ok) wall = relative.wall;
  const t = parseWallTime(wall, zone);
  if (!t.ok) {
    const why =
      t.reason === 'gap' ? `does not exist in ${zone} (use ${t.suggestion})` : t.reason === 'ambiguous' ? `is ambiguous in ${zone} (write ${t.first} or ${t.second})` : t.reason === 'offset' ? `has an offset out of range (${t.offset})` : 'is not "YYYY-MM-DD HH:MM"';
    throw new UsageError(`--at ${opts.at} ${why}`);
  }
  const instant = t.instant;

  const id = opts.id ?? slugify(text);
  if (!ID.test(id)) throw new UsageError(`--id ${id}: use letters, digits, "-", "_" and "." only`);
  if (calendar.postsById.has(id)) throw new UsageError(`a post with id "${id}" exists: ${calendar.postsById.get(id)!.file}`, 'choose another --id');
  const path = postPath(id, instant, zone);
  const tags = opts.tag?.map((t) => t.trim()).filter(Boolean) ?? (template.tags as string[] | undefined);
  const data: Record<string, unknown> = {
    at: opts.at,
    ...(opts.timezone ? { timezone: opts.timezone } : {}),
    channels,
    ...(replyTo ? { reply_to: replyTo } : {}),
    ...(campaignId ? { campaign: campaignId } : {}),
    ...(tags?.length ? { tags } : {}),
    ...((opts.pillar ?? template.pillar) ? { pillar: opts.pillar ?? template.pillar } : {}),
    text,
    ...(template.media ? { media: template.media } : {}),
    ...(template.thread ? { thread: template.thread } : {}),
    ...overridesFrom(template.overrides, opts.text !== undefined),
    status: opts.status ?? 'draft',
  };
  return { path, id, data };
}

/** The accounts that can answer a post on `platform`; none is a usage error. */
function replyAccounts(calendar: Calendar, platform: PlatformId): string[] {
  const names = Object.values(calendar.config.accounts).filter((a) => a.platform === platform).map((a) => a.name);
  if (!names.length || !REPLY_PLATFORMS.includes(platform)) throw new UsageError(`--reply-to: the calendar has no ${platform} account to answer from`, `add one to socialcal.yaml, or give --channels`);
  return names;
}

function templateData(calendar: Calendar, id: string): Record<string, unknown> {
  const post = calendar.postsById.get(id);
  if (!post) throw new UsageError(`--template: no post with id "${id}"`, 'use the id of an existing post (socialcal ls --all)');
  const raw = parse(readFileSync(join(calendar.root, post.file), 'utf8'), { version: '1.2' }) as Record<string, unknown>;
  const { channels, campaign, tags, pillar, text, media, thread, overrides } = raw;
  return { channels, campaign, tags, pillar, text, media, thread, overrides };
}

/**
 * The template's per-account overrides (media a platform needs, `thread: []` where it has no
 * replies). With a new --text, their own texts are dropped: they belong to the template's words.
 */
function overridesFrom(overrides: unknown, newText: boolean): { overrides?: Record<string, unknown> } {
  if (!overrides || typeof overrides !== 'object') return {};
  const kept = Object.entries(overrides as Record<string, Record<string, unknown>>)
    .map(([name, o]) => [name, newText && o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'text')) : o] as const)
    .filter(([, o]) => o && typeof o === 'object' && Object.keys(o).length > 0);
  return kept.length ? { overrides: Object.fromEntries(kept) } : {};
}

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .split('-')
    .filter(Boolean)
    .slice(0, 5)
    .join('-');
  return slug || 'post';
}

async function ask(opts: Opts): Promise<Opts> {
  if (!process.stdin.isTTY || (opts.at && opts.channels && opts.text)) return opts;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const filled = { ...opts };
    if (!filled.at) filled.at = (await rl.question('When (YYYY-MM-DD HH:MM)? ')).trim();
    if (!filled.channels && !filled.template) filled.channels = (await rl.question('Channels (comma-separated accounts)? ')).trim();
    if (!filled.text && !filled.template) filled.text = (await rl.question('Text? ')).trim();
    return filled;
  } finally {
    rl.close();
  }
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const opts = await ask(parseOptions(Options, raw));
  const post = draftPost(calendar, opts);
  writePostFile(calendar.root, post.path, post.data, {
    outside: 'new writes only inside the calendar; replace the symlinked folder with a real one',
    exists: 'choose another --id',
  });
  if (opts.json) writeJson(post);
  else writeOut(`Created ${post.path} (${post.data.status}). Run \`socialcal check\` to validate it.\n`);
  return EXIT.ok;
}
