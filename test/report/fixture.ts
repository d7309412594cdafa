// A small calendar and metrics history with hand-computed expectations (see report.test.ts).
import { buildCalendar } from '../../src/calendar/load.js';
import type { Calendar } from '../../src/calendar/model.js';
import type { MetricsHistory, PostMetrics } from '../../src/metrics/history.js';
import type { WebRow } from '../../src/analytics/web.js';
import { memoryFiles } from '../plan/memory-files.js';

export const FILES: Record<string, string> = {
  'socialcal.yaml': `timezone: Europe/Berlin
pillars: [education, promotion]
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social, credentials: { identifier: H, password: P } }
  mastodon: { platform: mastodon, handle: "@acme@example.social", server: https://example.social, credentials: { token: T } }
`,
  'campaigns/launch.yaml': `name: Launch
starts: 2027-01-04 00:00
ends: 2027-01-14 00:00
kpis:
  - { metric: engagements, target: 100 }
  - { metric: posts, target: 5 }
  - { metric: engagement-rate, target: 0.02 }
  - { name: sign-ups, metric: conversions, target: 20 }
  - { name: press mentions, target: 3 }
budget:
  amount: 50
  currency: EUR
  boosts:
    - { post: a, account: bluesky, amount: 20 }
`,
  'posts/a.yaml': `at: 2027-01-04 10:00
channels: [bluesky, mastodon]
campaign: launch
pillar: promotion
tags: [launch, product]
text: It is here.
thread:
  - text: And more.
`,
  'posts/b.yaml': `at: 2027-01-05 10:00
channels: [bluesky]
campaign: launch
tags: [launch]
text: Read https://acme.example/b
`,
  'posts/c.yaml': `at: 2027-01-05 10:00
channels: [bluesky]
text: Hello.
`,
};

export function calendar(files = FILES): Calendar {
  const { calendar, problems } = buildCalendar(memoryFiles(files));
  if (!calendar || problems.some((p) => p.severity === 'error')) throw new Error(JSON.stringify(problems, null, 2));
  return calendar;
}

export function item(postId: string, account: string, publishedAt: string, counts: PostMetrics['snapshots'][number]['counts'], extra: Partial<PostMetrics> = {}): PostMetrics {
  return {
    postId,
    account,
    platform: account === 'mastodon' ? 'mastodon' : 'bluesky',
    item: 0,
    publishedAt,
    url: `https://example.test/${account}/${postId}`,
    snapshots: [{ age: 'latest', at: '2027-01-05T12:00:00Z', counts }],
    ...extra,
  };
}

export const HISTORY: MetricsHistory = {
  posts: [
    item('a', 'bluesky', '2027-01-04T09:00:00Z', { likes: 10, reposts: 5, replies: 3 }),
    item('a', 'bluesky', '2027-01-04T09:00:05Z', { likes: 6 }, { item: 1 }),
    item('a', 'mastodon', '2027-01-04T09:00:00Z', { likes: 4, reposts: 0, replies: 0 }),
    item('b', 'bluesky', '2027-01-05T09:00:00Z', {}, { snapshots: [{ age: 'latest', at: '2027-01-06T12:00:00Z', counts: { likes: 9, impressions: 500 } }] }),
    item('c', 'bluesky', '2027-01-05T09:00:00Z', { likes: 0 }),
  ],
  followers: [
    { account: 'bluesky', at: '2027-01-01T00:00:00Z', followers: 1000 },
    { account: 'bluesky', at: '2027-01-06T00:00:00Z', followers: 1200 },
    { account: 'mastodon', at: '2027-01-01T00:00:00Z', followers: 200 },
  ],
};

export const WEB: WebRow[] = [
  { from: '2027-01-04', to: '2027-01-04', tool: 'ga4', campaign: 'launch', source: 'bluesky', medium: 'social', content: 'a', sessions: 20, conversions: 8 },
  { from: '2027-01-05', to: '2027-01-05', tool: 'ga4', campaign: 'launch', source: 'mastodon', medium: 'social', sessions: 10, conversions: 4 },
  { from: '2027-01-05', to: '2027-01-05', tool: 'ga4', campaign: 'newsletter', source: 'email', sessions: 99 },
];
