import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildCalendar } from '../../src/calendar/load.js';
import { csvRows } from '../../src/export/csv.js';
import { buildPlan } from '../../src/plan/plan.js';
import { runRules } from '../../src/rules/index.js';
import { postDetail } from '../../src/views/calendar/detail.js';
import { memoryFiles } from '../plan/memory-files.js';

// check, the plan preview, the CSV export's over_limit and the calendar detail view give the
// same answer to "does this fit", because they ask the same function.

const CONFIG = stringify({
  timezone: 'UTC',
  accounts: {
    bluesky: { platform: 'bluesky' },
    mastodon: { platform: 'mastodon', server: 'https://fosstodon.org' },
    x: { platform: 'x' },
    linkedin: { platform: 'linkedin', author: 'urn:li:organization:1' },
    telegram: { platform: 'telegram', chat: '@acme_news' },
  },
  rules: { 'max-length': { limits: { linkedin: 1300 } } },
});

const a = (n: number) => 'a'.repeat(n);
const POSTS: Record<string, Record<string, unknown>> = {
  'caption-over': { channels: ['telegram'], text: a(1100), media: [{ file: 'media/a.png', alt: 'A' }] },
  'caption-fits-as-message': { channels: ['telegram'], text: a(1100) },
  'house-limit-over': { channels: ['linkedin'], text: a(1400) },
  'house-limit-fits': { channels: ['linkedin'], text: a(1200) },
  'x-bare-domain-over': { channels: ['x'], text: `${a(260)} acme.com` },
  'x-invalid-char': { channels: ['x'], text: 'hi\uFEFF' },
  'x-fits': { channels: ['x'], text: a(270) },
  'bluesky-bytes-over': { channels: ['bluesky'], text: '👨‍👩‍👧‍👦'.repeat(121) },
  'bluesky-fits': { channels: ['bluesky'], text: '🙂'.repeat(300) },
  'mastodon-not-a-mention': { channels: ['mastodon'], text: `${a(490)} a=@alice@example.com` },
  'mastodon-mention-fits': { channels: ['mastodon'], text: `${a(490)} @alice@example.com` },
};
const OVER = new Set(['caption-over', 'house-limit-over', 'x-bare-domain-over', 'x-invalid-char', 'bluesky-bytes-over', 'mastodon-not-a-mention']);

const files = Object.fromEntries(Object.entries(POSTS).map(([id, p]) => [`posts/${id}.yaml`, stringify({ at: '2027-03-01 10:00', ...p })]));
const source = memoryFiles({ 'socialcal.yaml': CONFIG, ...files }, { 'media/a.png': 100 });

describe('one answer to "does this text fit this account"', () => {
  const { calendar, problems } = buildCalendar(source);
  it('loads', () => expect(problems.filter((p) => p.severity === 'error')).toEqual([]));

  const fromCheck = new Set(
    runRules(calendar!, { now: new Date('2027-01-01T00:00:00Z') })
      .filter((p) => p.rule === 'max-length')
      .map((p) => p.file.replace(/^posts\/|\.yaml$/g, '')),
  );
  const fromCsv = new Set(csvRows(calendar!).filter((r) => r.over_limit === 'yes').map((r) => String(r.post_id)));
  const fromDetail = new Set(calendar!.posts.filter((p) => postDetail(calendar!, p).accounts.some((acc) => acc.items.some((i) => i.over))).map((p) => p.id));
  const plan = buildPlan({
    base: { rev: 'main', commit: 'a'.repeat(40) },
    head: { rev: 'working tree' },
    baseFiles: memoryFiles({ 'socialcal.yaml': CONFIG }),
    headFiles: source,
    now: new Date('2027-01-01T00:00:00Z'),
  });
  const fromPlan = new Set(plan.posts.filter((p) => p.accounts.some((acc) => acc.items.some((i) => i.over))).map((p) => p.id));

  it.each([
    ['check (rule max-length)', fromCheck],
    ['export csv over_limit', fromCsv],
    ['calendar detail view', fromDetail],
    ['plan preview', fromPlan],
  ])('%s flags exactly the posts that do not fit', (_name, flagged) => {
    expect([...flagged].sort()).toEqual([...OVER].sort());
  });

  it('shows the limit that applies: the caption limit, the house limit', () => {
    const rows = csvRows(calendar!);
    expect(rows.find((r) => r.post_id === 'caption-over')).toMatchObject({ limit: 1024, length: 1100 });
    expect(rows.find((r) => r.post_id === 'house-limit-fits')).toMatchObject({ limit: 1300, over_limit: 'no' });
  });
});
