// Writes a deterministic metrics history for examples/calendar into examples/ledger/ (laid out
// like the ledger branch: metrics/posts/*.yaml, metrics/followers.yaml) and web analytics into
// examples/calendar/analytics/web.csv, so `socialcal report` shows something on a fresh clone:
//   npm run build && node scripts/example-history.js
//   socialcal report -C examples/calendar --history examples/ledger --now 2027-04-01T00:00:00Z
// The numbers are invented by a seeded generator; test/report/example.test.ts keeps them in sync.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCalendar } from '../dist/calendar/load.js';
import { historyFiles } from '../dist/metrics/history.js';
import { serializeWebRows } from '../dist/analytics/web.js';

const here = dirname(fileURLToPath(import.meta.url));
export const NOW = new Date('2027-04-01T00:00:00Z');
const HOUR = 3_600_000;
const AGES = [['1h', HOUR, 0.3], ['1d', 24 * HOUR, 0.75], ['7d', 7 * 24 * HOUR, 0.95], ['30d', 30 * 24 * HOUR, 1]];
/** Webhooks and Telegram give no metrics. */
const UNMEASURED = new Set(['discord', 'slack', 'telegram']);
const FOLLOWERS = { bluesky: 4200, mastodon: 1800, x: 9500, linkedin: 6100, threads: 2300, instagram: 3100, facebook: 5200 };
/** Which counts each platform gives (docs/metrics.md), and how engaged its audience is. */
const SHAPE = {
  bluesky: { counts: ['likes', 'reposts', 'replies', 'quotes'], rate: 0.025 },
  mastodon: { counts: ['likes', 'reposts', 'replies'], rate: 0.035 },
  x: { counts: ['likes', 'reposts', 'replies', 'quotes', 'impressions', 'saves'], rate: 0.008 },
  linkedin: { counts: ['likes', 'replies'], rate: 0.015 },
  threads: { counts: ['likes', 'reposts', 'replies', 'quotes', 'impressions'], rate: 0.02 },
  instagram: { counts: ['likes', 'replies'], rate: 0.03 },
  facebook: { counts: ['likes', 'reposts', 'replies'], rate: 0.01 },
};
const SPLIT = { likes: 0.62, reposts: 0.18, replies: 0.12, quotes: 0.04, saves: 0.04 };

/** mulberry32: a small seeded generator, so every run writes the same numbers. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function exampleHistory(root = join(here, '../examples/calendar')) {
  const { calendar } = loadCalendar(root);
  const rnd = random(2027);
  const posts = [];
  const web = [];
  for (const post of calendar.posts) {
    if (post.status !== 'ready' || post.at >= NOW) continue;
    // Mornings and promotional posts do a little better: something for the breakdowns to find.
    const hour = new Date(post.at).getUTCHours();
    const lift = (hour >= 7 && hour <= 10 ? 1.3 : 1) * (post.tags.includes('promotional') ? 1.2 : 1) * (post.media.length ? 1.15 : 1);
    for (const account of post.channels) {
      const platform = calendar.config.accounts[account]?.platform;
      if (!platform || UNMEASURED.has(platform)) continue;
      const shape = SHAPE[platform];
      const thread = (post.overrides[account] ?? post.overrides[platform])?.thread ?? post.thread;
      const base = FOLLOWERS[platform] * shape.rate * lift * (0.5 + rnd());
      for (let item = 0; item <= thread.length; item++) {
        const engagements = base * 0.55 ** item;
        const publishedAt = post.at.getTime() + item * 2000;
        const final = {};
        for (const name of shape.counts) {
          final[name] = name === 'impressions' ? Math.round(engagements * (18 + 10 * rnd())) : Math.round(engagements * (SPLIT[name] ?? 0) * (0.7 + 0.6 * rnd()));
        }
        const snapshots = AGES.filter(([, ms]) => publishedAt + ms <= NOW.getTime()).map(([age, ms, share]) => ({
          age,
          at: iso(publishedAt + ms + 600_000),
          counts: Object.fromEntries(Object.entries(final).map(([k, v]) => [k, Math.round(v * share)])),
        }));
        snapshots.push({ age: 'latest', at: iso(NOW.getTime()), counts: final });
        posts.push({ postId: post.id, account, platform, item, url: `https://${platform}.example/${account}/${post.id}${item ? `/${item}` : ''}`, publishedAt: iso(publishedAt), snapshots });
      }
    }
    const campaign = post.campaign ? calendar.campaigns.get(post.campaign) : undefined;
    if (campaign) {
      const day = iso(post.at.getTime()).slice(0, 10);
      for (const account of post.channels) {
        const sessions = Math.round(20 + 180 * rnd() * lift);
        web.push({ from: day, to: day, tool: 'ga4', campaign: campaign.utm?.campaign ?? campaign.id, source: calendar.config.accounts[account].platform, medium: 'social', content: post.id, sessions, conversions: Math.round(sessions * (0.05 + 0.1 * rnd())) });
      }
    }
  }
  const followers = [];
  for (const account of Object.keys(calendar.config.accounts)) {
    const platform = calendar.config.accounts[account].platform;
    if (UNMEASURED.has(platform)) continue;
    for (let week = 0; week <= 13; week++) {
      followers.push({ account, at: iso(Date.UTC(2027, 0, 1, 6) + week * 7 * 24 * HOUR), followers: Math.round(FOLLOWERS[platform] * (1 + 0.012 * week + 0.004 * rnd())) });
    }
  }
  posts.sort((a, b) => (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : a.account < b.account ? -1 : a.account > b.account ? 1 : a.item - b.item));
  return { history: { posts, followers }, web };
}

/** The files the generator writes, by path relative to the repository. */
export function exampleFiles() {
  const { history, web } = exampleHistory();
  const files = new Map();
  for (const [path, text] of historyFiles(history)) files.set(`examples/ledger/${path}`, text);
  files.set('examples/calendar/analytics/web.csv', serializeWebRows(web));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = join(here, '..');
  rmSync(join(repo, 'examples/ledger/metrics'), { recursive: true, force: true });
  for (const [path, text] of exampleFiles()) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  console.log(`wrote examples/ledger/metrics/ and examples/calendar/analytics/web.csv`);
}
