// Writes a deterministic synthetic calendar (for benchmarks): N posts, campaigns and accounts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLATFORMS = ['bluesky', 'mastodon', 'linkedin', 'discord', 'x', 'threads', 'telegram', 'slack', 'bluesky', 'mastodon'];
const WORDS = 'build ship test deploy cache monorepo pipeline release launch community meetup docs guide tip speed dashboard review team open source'.split(' ');
const pad = (n) => String(n).padStart(2, '0');

// Settings each platform requires (src/platforms/settings/<platform>.ts).
const REQUIRED = {
  mastodon: ', server: https://fosstodon.org',
  linkedin: ', author: "urn:li:organization:1"',
  telegram: ', chat: "@acme_news"',
  threads: ', userId: "17841400000000001", mediaBaseUrl: https://acme.example/calendar/',
};

export function generateCalendar(dir, { posts = 10_000, campaigns = 50, accounts = 10, seed = 42 } = {}) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const accountNames = Array.from({ length: accounts }, (_, i) => `${PLATFORMS[i % PLATFORMS.length]}-${i}`);
  const config = [
    'timezone: Europe/Berlin',
    'accounts:',
    ...accountNames.map((name, i) => `  ${name}: { platform: ${PLATFORMS[i % PLATFORMS.length]}, handle: acct${i}${REQUIRED[PLATFORMS[i % PLATFORMS.length]] ?? ''} }`),
    'pillars: [education, community, promotion]',
    'roles:',
    '  legal: [lee]',
    '  marketing: [dana]',
    '',
  ].join('\n');
  mkdirSync(join(dir, 'campaigns'), { recursive: true });
  mkdirSync(join(dir, 'media'), { recursive: true });
  writeFileSync(join(dir, 'socialcal.yaml'), config);
  // A PNG signature, so the media content check (first bytes) accepts it; the rest is filler.
  const image = Buffer.alloc(2048, 1);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(image);
  writeFileSync(join(dir, 'media', 'image.png'), image);
  // Each campaign spans 14 days; posts are spread evenly over those days, 08:00–20:00 local,
  // rotating accounts so spacing and daily limits hold, as in a real team's calendar.
  const spanDays = 14;
  const days = campaigns * spanDays;
  const perDay = Math.ceil(posts / days);
  const dayText = (n) => {
    const d = new Date(Date.UTC(2027, 0, 1 + n));
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  };
  for (let c = 0; c < campaigns; c++) {
    writeFileSync(
      join(dir, 'campaigns', `campaign-${c}.yaml`),
      `name: Campaign ${c}\nstarts: ${dayText(c * spanDays)}\nends: ${dayText((c + 1) * spanDays - 1)}\nobjective: Grow\nutm:\n  medium: social\n  domains: [acme.example]\nmilestones:\n  launch: ${dayText(c * spanDays + 3)} 10:00\n`,
    );
  }
  for (let i = 0; i < posts; i++) {
    const day = Math.floor(i / perDay);
    const slot = i % perDay;
    const minutes = 8 * 60 + Math.floor((slot * 12 * 60) / perDay);
    const date = dayText(day);
    const local = `${date} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
    const channels = [...new Set([accountNames[slot % accounts], accountNames[(slot + 3) % accounts]])];
    const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS)).join(' ');
    const promotional = i % 10 === 0;
    const lines = [
      '# yaml-language-server: $schema=../../../node_modules/socialcal/schemas/post.schema.json',
      `at: ${local}`,
      `channels: [${channels.join(', ')}]`,
      `campaign: campaign-${Math.floor(day / spanDays)}`,
      `tags: [${promotional ? 'promotional' : pick(['tips', 'event', 'product'])}]`,
      `pillar: ${promotional ? 'promotion' : pick(['education', 'community'])}`,
      `text: ${words} ${i} https://acme.example/p/${i}`,
    ];
    if (i % 5 === 0) lines.push('media:', '  - file: media/image.png', '    alt: A generated test image');
    if (i % 7 === 0) lines.push('thread:', `  - text: More about ${pick(WORDS)} ${i}`);
    if (i % 11 === 0) lines.push('status: draft');
    const folder = join(dir, 'posts', date.slice(0, 4), date.slice(5, 7));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `post-${i}.yaml`), lines.join('\n') + '\n');
  }
  return { posts, campaigns, accounts };
}
