import { z } from 'zod';
import { listeningSchema } from '../listen/config.js';
import { ACCOUNT_SETTINGS } from '../platforms/settings/index.js';
import { KPI_METRICS, POST_STATUSES, type PlatformId } from './model.js';

// The file format. Times stay strings here; the loader resolves them in their zone.
// JSON Schemas for editors are generated from these (npm run schemas).

const slug = z.string().min(1);
// An id is a file name and appears in every message about its post: keep it to a readable length.
const id = z.string().min(1).max(100);
const wallTime = z
  .string()
  .describe('Wall time `YYYY-MM-DD HH:MM` in the zone that applies, optionally with an offset like +01:00.');
const zone = z.string().describe('IANA time zone, e.g. Europe/Berlin.');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const weekday = z.enum([...WEEKDAYS, 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

export const repeatSchema = z
  .strictObject({
    every: z.string().describe('How often: `1 day`, `2 weeks`, `6w`, `month`, `3 months`.'),
    weekday: weekday.optional().describe('With months: repeat on this weekday (with `nth`) instead of the day of the month.'),
    nth: z
      .union([z.number().int().min(1).max(5), z.literal('last')])
      .optional()
      .describe('With `weekday`: which one in the month, 1–5 or last (default 1).'),
    until: wallTime.optional().describe('No occurrence after this date (a date alone includes the day).'),
    count: z.number().int().min(1).max(1000).optional().describe('Occurrences in all, the first (`at`) included.'),
  })
  .describe('Repeat the post: every N days, weeks or months, or on the nth weekday of the month; until a date or a count.');

export const evergreenSchema = z
  .strictObject({
    every: z.string().describe('The least time between two occurrences, counted from when the last one went out: `60 days`, `8 weeks`, `3 months` (at least 7 days).'),
    until: wallTime.optional().describe('No occurrence after this date (a date alone includes the day).'),
    count: z.number().int().min(1).max(1000).optional().describe('Occurrences in all, the first included.'),
    history: z
      .array(wallTime)
      .optional()
      .describe('Written by `socialcal schedule`: the earlier occurrences, oldest first (`at` is the latest).'),
  })
  .describe('Evergreen rotation: after the post went out, `socialcal schedule` gives it the next free slot of its `queue` no sooner than `every` later.');
// Numbers are let through so `check` can say "45 has no unit" at the line, not "expected a string".
const staggerOffset = z.union([
  z.string().describe('A duration: minutes or hours, e.g. 45m, 2h.'),
  z.number().describe('0; any other number needs a unit (45m).'),
]);

export const mediaSchema = z
  .strictObject({
    file: z.string().min(1).describe('Path inside the repository, e.g. media/teaser.png.'),
    alt: z.string().optional().describe('Alternative text describing the image for people who cannot see it.'),
  })
  .describe('An image (or video) attached to the post.');

export const threadItemSchema = z
  .strictObject({
    text: z.string().describe('Text of this reply.'),
    media: z.array(mediaSchema).optional().describe('Images attached to this reply.'),
  })
  .describe('A follow-up post, published as a reply to the one before it.');

export const overrideSchema = z
  .strictObject({
    text: z.string().optional().describe('Text for this account or platform instead of the post\'s.'),
    media: z.array(mediaSchema).optional().describe('Media for this account or platform instead of the post\'s.'),
    thread: z.array(threadItemSchema).optional().describe('Follow-up posts for this account or platform instead of the post\'s.'),
  })
  .describe('Replacement content for one account (by account name) or one platform (by platform id).');

export const postSchema = z
  .strictObject({
    id: id.optional().describe('Unique id (at most 100 characters); defaults to the file name without extension.'),
    at: wallTime
      .optional()
      .describe(
        'When to publish: wall time `YYYY-MM-DD HH:MM` in the post\'s zone, relative to a campaign milestone such as `launch - 2d`, or `next-slot` (with `queue`). Leave it out when the post names a `queue`: `socialcal schedule` writes it.',
      ),
    queue: slug
      .optional()
      .describe('Queue name from socialcal.yaml `queues`: `socialcal schedule` gives the post the next free slot and writes `at`.'),
    repeat: repeatSchema.optional(),
    evergreen: evergreenSchema.optional(),
    stagger: z
      .union([staggerOffset, z.record(z.string(), staggerOffset)])
      .optional()
      .describe(
        'Spread the channels over time: `45m` puts each channel 45 minutes after the one before it (in the order of `channels`); a map gives accounts their own offset from `at`, e.g. { bluesky: 0m, linkedin: 45m, x: 2h } (channels left out go at `at`). Minutes or hours, at most 24h.',
      ),
    priority: z
      .number()
      .int()
      .optional()
      .describe('Order in the queue: higher goes first (default 0); equal priorities keep file order.'),
    timezone: zone.optional().describe('IANA zone for `at`; defaults to the campaign\'s, else the config\'s.'),
    channels: z.array(slug).min(1).describe('Account names from socialcal.yaml to publish to.'),
    campaign: slug.optional().describe('Campaign id (file name under campaigns/).'),
    tags: z.array(z.string()).optional().describe('Free-form tags; rules and blackouts select by tag.'),
    pillar: z.string().optional().describe('Content pillar, one of the config\'s `pillars`.'),
    text: z.string().describe('The post text.'),
    media: z.array(mediaSchema).optional().describe('Images attached to the post (the platform limits how many).'),
    thread: z.array(threadItemSchema).optional().describe('Follow-up posts, published as replies in order.'),
    overrides: z.record(z.string(), overrideSchema).optional().describe('Per account or per platform replacement content.'),
    status: z.enum(POST_STATUSES).optional().describe('idea | draft | ready (default ready). Only `ready` posts are published.'),
    notes: z.string().optional().describe('Internal notes for the team; never published.'),
    langs: z.array(z.string()).max(3).optional().describe('Language codes of the text, e.g. [en].'),
    reply_to: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'expected the web address of the post to answer, e.g. https://bsky.app/profile/someone.bsky.social/post/3k…')
      .optional()
      .describe('Web address of a post to answer: this post publishes as a reply to it (Bluesky, Mastodon, X).'),
    card: z
      .strictObject({
        uri: z.string().describe('The link the card opens.'),
        title: z.string().describe('Title shown on the card.'),
        description: z.string().optional().describe('Short text shown under the title.'),
        thumb: z.string().optional().describe('Image path inside the repository.'),
      })
      .optional()
      .describe('A link preview card (Bluesky external embed).'),
  })
  .superRefine((post, ctx) => {
    // A post needs a time or a queue; said even when other fields are wrong, like any missing field.
    if (post.at === undefined && post.queue === undefined) ctx.addIssue({ code: 'invalid_type', expected: 'string', path: ['at'], input: undefined });
  }, { when: ({ value }) => value !== null && typeof value === 'object' && !Array.isArray(value) })
  .describe('A socialcal post.');

const milestoneSchema = z.union([
  wallTime,
  z.strictObject({
    at: wallTime.describe('When the milestone happens: wall time `YYYY-MM-DD HH:MM` in the campaign\'s zone.'),
    title: z.string().optional().describe('Name shown in calendar views, e.g. Launch day.'),
  }),
]);

export const utmSchema = z
  .strictObject({
    source: z.string().optional().describe('utm_source; `{platform}` and `{account}` are replaced. Default {platform}.'),
    medium: z.string().optional().describe('utm_medium. Default social.'),
    campaign: z.string().optional().describe('utm_campaign. Default: the campaign id.'),
    content: z.string().optional().describe('utm_content, e.g. to tell variants apart; `{platform}`, `{account}` and `{post}` (the post id, for per-post web analytics in `socialcal report`) are replaced.'),
    term: z.string().optional().describe('utm_term, e.g. a keyword; `{platform}` and `{account}` are replaced.'),
    domains: z.array(z.string()).optional().describe('Only tag links to these domains (and subdomains); all links when absent.'),
  })
  .describe('UTM parameters appended to links in the campaign\'s posts.');

export const campaignSchema = z
  .strictObject({
    id: id.optional().describe('At most 100 characters; defaults to the file name without extension.'),
    name: z.string().describe('Human name of the campaign.'),
    starts: wallTime.optional().describe('First day (or time) of the campaign.'),
    ends: wallTime.optional().describe('Last day (or time) of the campaign; a date alone includes that whole day.'),
    timezone: zone.optional(),
    objective: z.string().optional().describe('What the campaign is for, in a sentence.'),
    owner: z.string().optional().describe('Who is responsible, e.g. a GitHub handle.'),
    kpis: z
      .array(
        z.strictObject({
          name: z.string().optional().describe('What is measured in the team\'s words, e.g. livestream sign-ups; defaults to the metric.'),
          metric: z
            .enum(KPI_METRICS)
            .optional()
            .describe('What `socialcal report` counts for it: posts, impressions, engagements, likes, reposts, replies, quotes, clicks, engagement-rate (mean per follower, a share like 0.02), sessions or conversions (from `metrics import`). Without it the KPI is listed but not measured.'),
          target: z.number().nonnegative().describe('The number the campaign aims for by its end (for engagement-rate: the mean rate, e.g. 0.02).'),
          unit: z.string().optional().describe('Unit of the target, e.g. %, clicks.'),
        }),
      )
      .optional()
      .describe('Key results and their targets; `socialcal report` compares them with what happened.'),
    budget: z
      .strictObject({
        amount: z.number().nonnegative().optional().describe('Total spend on the campaign (creative, paid boosts…); the cost per engagement divides it by the engagements.'),
        currency: z.string().optional().describe('Currency code shown with amounts, e.g. EUR.'),
        boosts: z
          .array(
            z.strictObject({
              post: slug.describe('Id of the boosted post.'),
              account: slug.optional().describe('Account the boost ran on; all of the post\'s accounts when absent.'),
              amount: z.number().nonnegative().describe('What the boost cost.'),
            }),
          )
          .optional()
          .describe('Paid promotion of single posts; each gets its own cost per engagement.'),
      })
      .optional()
      .describe('What the campaign costs; the report shows cost per engagement.'),
    utm: utmSchema.optional(),
    milestones: z
      .record(z.string(), milestoneSchema)
      .optional()
      .describe('Named moments (launch, event); posts can be timed relative to them: `at: launch - 2d`.'),
  })
  .describe('A socialcal campaign.');

const severity = z.enum(['off', 'warn', 'error']);

const platformSettings = Object.values(ACCOUNT_SETTINGS) as [(typeof ACCOUNT_SETTINGS)[PlatformId], ...(typeof ACCOUNT_SETTINGS)[PlatformId][]];

/** One account: `platform` picks the settings schema (src/platforms/settings/<platform>.ts). */
export const accountSchema = z
  .discriminatedUnion('platform', platformSettings)
  .describe('A social media account: platform, handle, credential variable names and that platform\'s own settings.');

export const blackoutSchema = z.strictObject({
  name: z.string().describe('Name shown in findings and calendar views, e.g. Q3 earnings quiet period.'),
  from: wallTime,
  to: wallTime.describe('End of the period; a date alone includes that whole day.'),
  tags: z.array(z.string()).optional().describe('Only posts with one of these tags; all posts when absent.'),
  accounts: z.array(z.string()).optional().describe('Only these accounts; all when absent.'),
  reason: z.string().optional().describe('Why nobody posts then; shown with the finding.'),
});

export const slotSchema = z
  .strictObject({
    days: z.array(weekday).min(1).describe('Weekdays of the slot: mon, tue, wed, thu, fri, sat, sun.'),
    times: z.array(z.string()).min(1).describe('Local times `HH:MM` on those days, e.g. ["10:00", "15:30"].'),
    accounts: z
      .array(z.string())
      .optional()
      .describe('Only for posts whose channels are all among these accounts; any post when absent.'),
    pillars: z.array(z.string()).optional().describe('Only for posts of these content pillars; any post when absent.'),
  })
  .describe('Posting times of a queue: every listed weekday at every listed time.');

export const queueSchema = z
  .strictObject({
    slots: z.array(slotSchema).describe('When the queue posts: weekday × local time, optionally only for some accounts or pillars.'),
    timezone: zone.optional().describe('Zone the slot times are in; the config\'s when absent.'),
  })
  .describe('A named queue: posts that say `queue: <name>` get its next free slot from `socialcal schedule`.');

export const feedSchema = z
  .strictObject({
    url: z.string().min(1).describe('The RSS 2.0 or Atom feed: an http(s) URL, or a path inside the repository (a fixture).'),
    text: z
      .string()
      .optional()
      .describe('Text of each draft; {title}, {link} and {summary} are filled from the entry. Default: "{title} {link}".'),
    channels: z.array(slug).min(1).describe('Accounts the drafts go to.'),
    tags: z.array(z.string()).optional().describe('Tags of each draft, e.g. [curated].'),
    pillar: z.string().optional().describe('Content pillar of each draft.'),
    campaign: slug.optional().describe('Campaign of each draft.'),
    utm: z
      .strictObject(Object.fromEntries(['source', 'medium', 'campaign', 'content', 'term'].map((k) => [k, z.string().optional().describe(`utm_${k}: a fixed value (no {platform}, {account} or {post}).`)])))
      .optional()
      .describe('UTM parameters appended to the entry\'s link ({link}); the same for every account.'),
    queue: slug.optional().describe('Queue the drafts join (`queue:` instead of `at`), so `socialcal schedule` gives them slots.'),
    time: z.string().optional().describe('Without a queue: drafts are timed the day after curating at this local time `HH:MM` (default 10:00).'),
    limit: z.number().int().min(1).max(100).optional().describe('At most this many new drafts a run from this feed, newest first (default 5).'),
  })
  .describe('A feed whose new entries `socialcal curate` turns into draft posts.');

export const configSchema = z
  .strictObject({
    timezone: zone.describe('The calendar\'s default IANA zone.'),
    accounts: z.record(z.string(), accountSchema).describe('Account name → platform and settings.'),
    roles: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Approver role → GitHub users and teams (@org/team).'),
    rules: z
      .record(
        z.string(),
        z.union([severity, z.looseObject({ severity: severity.optional().describe('off | warn | error; the rule\'s default when absent.') })]),
      )
      .optional()
      .describe('Rule id → off | warn | error, or { severity, …options } (severity defaults to the rule\'s own).'),
    blackouts: z.array(blackoutSchema).optional().describe('Periods with no posting (embargoes, quiet periods).'),
    pillars: z.array(z.string()).optional().describe('Content pillars the team balances.'),
    queues: z.record(z.string(), queueSchema).optional().describe('Queue name → its posting slots; see docs/planning.md.'),
    feeds: z.record(z.string(), feedSchema).optional().describe('Feed name → RSS/Atom URL and the template for its drafts; see docs/curate.md.'),
    publish: z
      .strictObject({
        grace: z.string().optional().describe('How late a post may still go out, e.g. 6h (default).'),
        concurrency: z.number().int().min(1).max(32).optional().describe('How many posts go out at once (default 4).'),
        unknown: z.enum(['hold']).optional().describe('What to do when an outcome cannot be known: hold for a person.'),
        branch: z.string().optional().describe('Ledger branch (default socialcal-ledger).'),
        remote: z.string().optional().describe('Git remote to push the ledger to (default origin).'),
        ledger: z
          .enum(['remote', 'local'])
          .optional()
          .describe('Where the ledger lives: remote (default; publish refuses to run without that remote) or local (this clone\'s branch is the only ledger — never for CI).'),
        committer: z
          .strictObject({
            name: z.string().describe('Committer name on ledger commits.'),
            email: z.string().describe('Committer email on ledger commits.'),
          })
          .optional()
          .describe('Who ledger commits are made as (default: GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else socialcal <socialcal@localhost>).'),
      })
      .optional()
      .describe('How `publish` runs: grace period, concurrency, ledger branch and remote.'),
    listening: listeningSchema.optional(),
  })
  .describe('socialcal configuration.');

export type PostInput = z.infer<typeof postSchema>;
export type CampaignInput = z.infer<typeof campaignSchema>;
export type ConfigInput = z.infer<typeof configSchema>;

export const SCHEMAS = {
  post: postSchema,
  campaign: campaignSchema,
  config: configSchema,
} as const;

export type SchemaKind = keyof typeof SCHEMAS;

/** The `$schema` line every file starts with; `prefix` is the path from the file to the repo root. */
export function schemaLine(kind: SchemaKind, prefix: string): string {
  return `# yaml-language-server: $schema=${prefix}node_modules/socialcal/schemas/${kind}.schema.json`;
}
