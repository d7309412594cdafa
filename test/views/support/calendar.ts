import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCalendar } from '../../../src/calendar/load.js';
import type { Calendar, Freeze, LedgerView, PublishStatus } from '../../../src/calendar/model.js';

// Calendars for view and export tests: built from in-memory YAML (no disk), or written to a
// folder (for the CLI and for the 10,000-post timing).

export const CONFIG = `timezone: Europe/Berlin
pillars: [education, community, promotion]
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social, color: blue }
  mastodon: { platform: mastodon, handle: "@acme@example.social", server: https://example.social, color: magenta }
  linkedin: { platform: linkedin, color: "#0a66c2" }
blackouts:
  - name: earnings
    from: 2027-03-24
    to: 2027-03-25
    tags: [promotional]
`;

export const CAMPAIGN = `name: Spring launch
starts: 2027-03-22
ends: 2027-03-31
milestones:
  launch: { at: 2027-03-29 10:00, title: Launch day }
utm: { domains: [acme.example] }
`;

/** A post file; `extra` YAML lines may replace `channels`. */
export function post(at: string, extra = ''): string {
  const channels = /^channels:/m.test(extra) ? '' : 'channels: [bluesky, mastodon]\n';
  return `at: ${at}\n${channels}text: Post at ${at} https://acme.example/x\n${extra}`;
}

/** A calendar from files given as path → YAML; media paths in `media` exist. */
export function memoryCalendar(files: Record<string, string>, media: Record<string, number> = {}): Calendar {
  const entries = Object.entries({ 'socialcal.yaml': CONFIG, ...files }).sort(([a], [b]) => a.localeCompare(b));
  const { calendar, problems } = buildCalendar({
    root: '/calendar',
    files: entries.map(([path, text]) => ({
      path,
      kind: path === 'socialcal.yaml' ? 'config' : path.startsWith('campaigns/') ? 'campaign' : 'post',
      bytes: new TextEncoder().encode(text),
    })),
    media: (path) => (path in media ? { exists: true, size: media[path] } : { exists: false }),
  });
  const errors = problems.filter((p) => p.severity === 'error');
  if (!calendar || errors.length) throw new Error(`fixture calendar has problems: ${errors.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  return calendar;
}

export function ledger(states: Record<string, PublishStatus>, freezes: Freeze[] = []): LedgerView {
  return { status: (postId, account) => states[`${postId}/${account}`], freezes };
}

const ACCOUNTS = ['bluesky', 'mastodon', 'linkedin', 'discord'];
const TAGS = ['product', 'promotional', 'event', 'education', 'community'];

/** Writes a calendar of `count` posts over about four years (7 a day), with 20 campaigns. */
export function writeLargeCalendar(root: string, count: number): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'socialcal.yaml',
    `timezone: Europe/Berlin
accounts:
${ACCOUNTS.map((a) => `  ${a}: { platform: ${a}, color: green }`).join('\n')}
blackouts:
  - { name: quiet, from: 2027-01-25, to: 2027-01-29, tags: [promotional] }
`,
  );
  write('media/a.png', 'not really a png, but copied all the same');
  for (let c = 0; c < 20; c++) {
    const month = String((c % 12) + 1).padStart(2, '0');
    const year = 2027 + Math.floor(c / 12);
    write(`campaigns/c${c}.yaml`, `name: Campaign ${c}\nstarts: ${year}-${month}-01\nends: ${year}-${month}-20\nmilestones:\n  m: ${year}-${month}-10 12:00\n`);
  }
  const start = Date.UTC(2027, 0, 1);
  for (let i = 0; i < count; i++) {
    const day = new Date(start + Math.floor(i / 7) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const hour = 8 + ((i * 5) % 12);
    const channels = ACCOUNTS.filter((_, k) => (i + k) % 3 !== 0);
    const campaign = i % 4 === 0 ? `campaign: c${(day.getUTCMonth() + (day.getUTCFullYear() - 2027) * 12) % 20}\n` : '';
    write(
      `posts/${date.slice(0, 4)}/${date.slice(5, 7)}/p${i}.yaml`,
      `at: ${date} ${String(hour).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}
channels: [${channels.join(', ')}]
${campaign}tags: [${TAGS[i % TAGS.length]}]
text: Post number ${i} about something worth reading https://acme.example/p/${i}
${i % 10 === 0 ? 'media:\n  - file: media/a.png\n    alt: A picture\n' : ''}`,
    );
  }
}
