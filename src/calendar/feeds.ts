import type { Account, Campaign, Config, Feed, FieldPath, Queue, SourceMap } from './model.js';
import { didYouMean, makeProblem, type Problem } from './problems.js';
import type { ConfigInput } from './schema.js';

// `feeds:` in socialcal.yaml → Feed settings, with located problems for names that do not
// exist (accounts, pillar, queue; campaigns once they are loaded) and templates that cannot work.

export const PLACEHOLDERS = ['title', 'link', 'summary'] as const;
const UTM_KEYS = { source: 'utm_source', medium: 'utm_medium', campaign: 'utm_campaign', content: 'utm_content', term: 'utm_term' } as const;

export function loadFeeds(data: ConfigInput, source: SourceMap, accounts: Record<string, Account>, queues: Record<string, Queue>, problems: Problem[]): Record<string, Feed> {
  const feeds: Record<string, Feed> = Object.create(null);
  for (const [name, input] of Object.entries(data.feeds ?? {})) {
    const path: FieldPath = ['feeds', name];
    const invalid = (field: string, detail: string, hint: string) =>
      problems.push(makeProblem('field-invalid', source.locate([...path, field]), [...path, field], { detail, hint }));
    if (!isFeedLocation(input.url)) {
      invalid('url', `"${input.url}" is neither an http(s) URL nor a path inside the repository`, 'write https://example.com/feed.xml, or a repository path such as feeds/blog.xml');
    }
    const text = input.text ?? '{title} {link}';
    for (const [, placeholder] of text.matchAll(/\{([^{}\s]*)\}/g)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(placeholder)) {
        const suggestion = didYouMean(placeholder, PLACEHOLDERS);
        invalid('text', `unknown placeholder {${placeholder}}${suggestion ? ` (did you mean {${suggestion}}?)` : ''}`, 'use {title}, {link} and {summary}');
      }
    }
    input.channels.forEach((account, i) => {
      if (!accounts[account]) {
        const known = Object.keys(accounts);
        problems.push(makeProblem('ref-account', source.locate([...path, 'channels', i]), [...path, 'channels', i], { name: account, suggestion: didYouMean(account, known) ?? '', known: known.join(', ') }));
      }
    });
    if (input.pillar !== undefined && !(data.pillars ?? []).includes(input.pillar)) {
      problems.push(makeProblem('ref-pillar', source.locate([...path, 'pillar']), [...path, 'pillar'], { name: input.pillar, known: (data.pillars ?? []).join(', ') || '(none: add `pillars:` to socialcal.yaml)' }));
    }
    if (input.queue !== undefined && !queues[input.queue]) {
      const known = Object.keys(queues);
      problems.push(makeProblem('ref-queue', source.locate([...path, 'queue']), [...path, 'queue'], { name: input.queue, suggestion: didYouMean(input.queue, known) ?? '', known: known.join(', ') }));
    }
    const time = input.time ?? '10:00';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) invalid('time', `"${time}" is not a time of day`, 'write HH:MM, e.g. 10:00');
    const utm: Record<string, string> = {};
    for (const [key, param] of Object.entries(UTM_KEYS)) {
      const value = input.utm?.[key as keyof typeof UTM_KEYS];
      if (value === undefined) continue;
      // The link is tagged once per draft, not per account: {platform} and {account} have no value here.
      if (/\{(platform|account)\}/.test(value)) {
        problems.push(makeProblem('field-invalid', source.locate([...path, 'utm', key]), [...path, 'utm', key], { detail: `"${value}": a feed's UTM values are the same for every account`, hint: 'write a fixed value, or give the feed a campaign whose utm tags links per account' }));
      }
      utm[param] = value;
    }
    feeds[name] = { name, url: input.url, text, channels: input.channels, tags: input.tags ?? [], pillar: input.pillar, campaign: input.campaign, utm, queue: input.queue, time, limit: input.limit ?? 5 };
  }
  return feeds;
}

/** Campaigns load after the config: their references are checked then. */
export function feedCampaignProblems(config: Config, campaigns: Map<string, Campaign>): Problem[] {
  return Object.values(config.feeds).flatMap((feed) => {
    if (feed.campaign === undefined || campaigns.has(feed.campaign)) return [];
    const path: FieldPath = ['feeds', feed.name, 'campaign'];
    return [makeProblem('ref-campaign', config.source.locate(path), path, { name: feed.campaign, suggestion: didYouMean(feed.campaign, campaigns.keys()) ?? '' })];
  });
}

/** An http(s) URL, or a relative path that stays inside the repository. */
export function isFeedLocation(url: string): boolean {
  if (/^https?:\/\//i.test(url)) {
    try {
      new URL(url);
      return true;
    } catch {
      return false;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('\\')) return false;
  return !url.split(/[/\\]/).includes('..');
}
