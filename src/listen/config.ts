// `listening:` in socialcal.yaml: named queries, the window kept, alert thresholds, webhooks.
import { z } from 'zod';
import type { Account, FieldPath, ListeningSettings, SourceMap, SpikeSettings } from '../calendar/model.js';
import { didYouMean, makeProblem, type Problem } from '../calendar/problems.js';
import { parseDuration } from '../calendar/time.js';

export const DEFAULT_SPIKE: SpikeSettings = { min: 5, factor: 3, deviations: 4, velocity: 4 };
export const DEFAULT_KEEP_HOURS = 14 * 24;
export const DEFAULT_BASELINE_HOURS = 7 * 24;
export const DEFAULT_WARMUP_HOURS = 24;
/** Platforms whose search socialcal can read. */
export const LISTENING_PLATFORMS = ['bluesky', 'mastodon'];

const spikeSchema = z
  .strictObject({
    min: z.number().int().min(1).optional().describe(`No alert below this many mentions in an hour (default ${DEFAULT_SPIKE.min}).`),
    factor: z.number().min(1).optional().describe(`Volume: the hour must reach this multiple of the baseline mean (default ${DEFAULT_SPIKE.factor}).`),
    deviations: z.number().min(0).optional().describe(`Volume: and this many standard deviations (√mean) above the mean (default ${DEFAULT_SPIKE.deviations}).`),
    velocity: z.number().min(1).optional().describe(`Velocity: the rise over the previous hour must reach this multiple of the typical hour-to-hour change (default ${DEFAULT_SPIKE.velocity}).`),
  })
  .describe('Spike alert thresholds (docs/engage.md).');

const duration = z.string().describe('A duration: 12h, 7d, 2w.');

export const listeningSchema = z
  .strictObject({
    keep: duration.optional().describe('How long hourly counts are kept on the ledger branch (default 14d).'),
    baseline: duration.optional().describe('How many hours before the current one are the baseline (default 7d).'),
    warmup: duration.optional().describe('No alert until a query has this much history (default 24h).'),
    spike: spikeSchema.optional(),
    notify: z
      .strictObject({
        slack: z.string().min(1).optional().describe('Environment variable holding a Slack incoming webhook URL.'),
        discord: z.string().min(1).optional().describe('Environment variable holding a Discord webhook URL.'),
      })
      .optional()
      .describe('Webhooks told about a spike; the URLs come from environment variables only.'),
    queries: z
      .record(
        z.string(),
        z.strictObject({
          accounts: z.array(z.string()).min(1).describe('Bluesky or Mastodon accounts whose servers are searched.'),
          terms: z.array(z.string().min(1)).optional().describe('Words or phrases, e.g. brand, product and executive names.'),
          hashtags: z.array(z.string().min(1)).optional().describe('Hashtags (with or without #).'),
          spike: spikeSchema.optional(),
          freeze: z.array(z.string().min(1)).optional().describe('On a spike, freeze posts with these tags until a person runs `socialcal unfreeze`.'),
        }),
      )
      .describe('Named queries.'),
  })
  .describe('Keyword and hashtag listening: `socialcal listen`.');

export type ListeningInput = z.infer<typeof listeningSchema>;

/** The listening settings, or undefined with problems pushed when they cannot be used. */
export function loadListening(input: ListeningInput | undefined, accounts: Record<string, Account>, source: SourceMap, problems: Problem[]): ListeningSettings | undefined {
  if (!input) return undefined;
  const before = problems.length;
  const hours = (key: 'keep' | 'baseline' | 'warmup', fallback: number): number => {
    const text = input[key];
    if (text === undefined) return fallback;
    const ms = parseDuration(text);
    if (ms === undefined || ms < 3_600_000) {
      problems.push(invalid(source, ['listening', key], `"${text}" is not a duration of an hour or more`, 'write a number and a unit: 12h, 7d, 2w'));
      return fallback;
    }
    return Math.round(ms / 3_600_000);
  };
  const keepHours = hours('keep', DEFAULT_KEEP_HOURS);
  const baselineHours = hours('baseline', DEFAULT_BASELINE_HOURS);
  const warmupHours = hours('warmup', DEFAULT_WARMUP_HOURS);
  if (baselineHours >= keepHours) {
    problems.push(invalid(source, ['listening', 'baseline'], `the baseline (${baselineHours}h) must be shorter than what is kept (${keepHours}h)`, 'raise listening.keep or lower listening.baseline'));
  }
  const spike = { ...DEFAULT_SPIKE, ...input.spike };
  const queries = Object.entries(input.queries).map(([name, q]) => {
    q.accounts.forEach((account, i) => {
      const path = ['listening', 'queries', name, 'accounts', i];
      const found = accounts[account];
      if (!found) {
        const known = Object.keys(accounts);
        problems.push(makeProblem('ref-account', source.locate(path), path, { name: account, suggestion: didYouMean(account, known) ?? '', known: known.join(', ') }));
      } else if (!LISTENING_PLATFORMS.includes(found.platform)) {
        problems.push(invalid(source, path, `account "${account}" is on ${found.platform}; listening searches ${LISTENING_PLATFORMS.join(' and ')} only`, 'name a Bluesky or Mastodon account here'));
      }
    });
    if (!q.terms?.length && !q.hashtags?.length) {
      problems.push(invalid(source, ['listening', 'queries', name], `query "${name}" has neither terms nor hashtags`, 'add terms: [your brand] or hashtags: [yourtag]'));
    }
    return {
      name,
      accounts: q.accounts,
      terms: q.terms ?? [],
      hashtags: (q.hashtags ?? []).map((h) => h.replace(/^#/, '')),
      spike: { ...spike, ...q.spike },
      freeze: q.freeze ?? [],
    };
  });
  if (problems.length > before) return undefined;
  return { keepHours, baselineHours, warmupHours, notify: input.notify ?? {}, queries };
}

function invalid(source: SourceMap, path: FieldPath, detail: string, hint: string): Problem {
  return makeProblem('field-invalid', source.locate(path), path, { detail, hint });
}
