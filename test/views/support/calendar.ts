import { buildCalendar } from '../../../src/calendar/load.js';
import type { Calendar, Freeze, LedgerView, PublishStatus } from '../../../src/calendar/model.js';

// Calendars for view and export tests, built from in-memory YAML (no disk).

export const CONFIG = `timezone: Europe/Berlin
pillars: [education, community, promotion]
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social, color: blue }
  mastodon: { platform: mastodon, handle: "@acme@example.social", server: https://example.social, color: magenta }
  linkedin: { platform: linkedin, author: "urn:li:organization:2414183", color: "#0a66c2" }
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
