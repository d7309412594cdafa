import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Calendar, Post } from '../../src/calendar/model.js';
import { loadCalendar } from '../../src/calendar/load.js';
import type { RenderedPost } from '../../src/calendar/render.js';
import { scriptJson, siteData, siteMonths, splitByMonth, type SiteOptions } from '../../src/export/html/data.js';
import { writeSite } from '../../src/export/html/site.js';
import { channelAt } from '../../src/calendar/stagger.js';
import { formatDay, formatWall } from '../../src/calendar/time.js';
import { runRules } from '../../src/rules/index.js';
import { postDetail } from '../../src/views/calendar/detail.js';
import { BASE_CONFIG, calendarDir } from '../support/calendar-dir.js';

// The shortcuts of `export html` held to the general way: the site written month by month
// (siteMonths) against siteData + writeSite, the rules' renders reused against rendering again,
// scriptJson's look-before-replace against always replacing, summaries against an object rest.

const NOW = new Date('2027-01-01T00:00:00Z');

// Overrides by account name and by platform, a thread with its own override, an unknown
// channel, a campaign with UTM and one without, a staggered post whose later channel falls in
// the next month, markup and line separators in texts, media that exists and media that does not.
const CALENDAR = {
  'socialcal.yaml': BASE_CONFIG.replace('accounts:\n', 'accounts:\n  x: { platform: x, handle: "@acme" }\n'),
  'campaigns/tagged.yaml': 'name: Tagged\nutm:\n  medium: social\n  content: "{post}-{account}"\n  domains: [acme.example]\n',
  'campaigns/plain.yaml': 'name: Plain\n',
  'media/a.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
  'posts/2027/01/overrides.yaml': [
    'at: 2027-01-10 10:00',
    'channels: [bluesky, mastodon, linkedin, x]',
    'campaign: tagged',
    'text: "Read https://acme.example/a?x=1 and https://other.example/b <script>alert(1)</script>"',
    'media: [{ file: media/a.png, alt: An image }]',
    'overrides:',
    '  linkedin:',
    '    text: "LinkedIn: https://acme.example/long\u2028line two"',
    '  mastodon:',
    '    thread:',
    '      - text: "Thread one https://acme.example/t1"',
    '      - text: Thread two',
    '        media: [{ file: media/missing.png, alt: Gone }]',
    'thread:',
    '  - text: "Main thread https://acme.example/m1"',
    'notes: internal only',
    '',
  ].join('\n'),
  'posts/2027/01/unknown.yaml': 'at: 2027-01-12 09:00\nchannels: [bluesky, nosuchaccount]\ncampaign: plain\ntext: "Plain https://acme.example/p \u2029 end"\n',
  'posts/2027/01/stagger.yaml': 'at: 2027-01-31 22:00\nchannels: [bluesky, mastodon, linkedin]\nstagger:\n  mastodon: 30m\n  linkedin: 3h\ncampaign: tagged\ntext: "Late https://acme.example/late"\n',
  'posts/2027/02/nocampaign.yaml': 'at: 2027-02-03 08:00\nchannels: [x, mastodon]\ntext: "No campaign https://acme.example/n @someone@example.social"\n',
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function load(root: string): Calendar {
  const { calendar } = loadCalendar(root);
  if (!calendar) throw new Error(`no calendar at ${root}`);
  return calendar;
}

/** Every file of a folder, path → bytes as text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    try {
      out[name] = readFileSync(join(dir, name), 'latin1');
    } catch {
      // a folder
    }
  }
  return out;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'socialcal-fast-'));
  dirs.push(dir);
  return dir;
}

/** What export html does: the rules run first and hand their renders on. */
function withRules(calendar: Calendar, opts: Omit<SiteOptions, 'renders' | 'problems'>): SiteOptions {
  const renders = new Map<Post, RenderedPost[]>();
  const problems = runRules(calendar, { now: opts.now, renders });
  return { ...opts, problems, renders };
}

const calendars: [string, () => string][] = [
  ['the example calendar', () => resolve('examples/calendar')],
  ['a calendar of overrides, threads, stagger and UTM', () => calendarDir(CALENDAR)],
];

describe.each(calendars)('export html month by month, %s', (_name, makeRoot) => {
  const root = makeRoot();
  if (!root.startsWith(resolve('examples'))) dirs.push(root);
  const calendar = load(root);

  it('writes the same files as siteData + writeSite, with and without the rules\' renders and a filter', () => {
    for (const opts of [{ now: NOW }, withRules(calendar, { now: NOW, title: 'T' }), withRules(calendar, { now: NOW, filter: { accounts: ['mastodon'] } })]) {
      const general = tempDir();
      const monthly = tempDir();
      // The general way renders every post itself.
      const written = writeSite(calendar, siteData(calendar, { ...opts, renders: undefined }), general);
      const streamed = writeSite(calendar, siteMonths(calendar, opts), monthly);
      expect(streamed.files).toEqual(written.files);
      expect(tree(monthly)).toEqual(tree(general));
      expect(Object.keys(tree(general)).filter((f) => f.startsWith('data'))).not.toEqual([]);
    }
  });

  it('the rules hand on renders, and each post\'s detail from them equals the detail rendered again', () => {
    const renders = new Map<Post, RenderedPost[]>();
    const problems = runRules(calendar, { now: NOW, renders });
    // Posts whose campaign adds no UTM parameters are rendered as written by the rules.
    expect(calendar.posts.filter((p) => renders.has(p)).length).toBeGreaterThan(0);
    for (const post of calendar.posts) {
      expect(postDetail(calendar, post, { problems, renders })).toEqual(postDetail(calendar, post, { problems }));
    }
  });

  it('each grid entry and account carries its own channel time, formatted as formatDay and formatWall do', () => {
    const zone = calendar.config.timezone;
    const data = siteData(calendar, { now: NOW });
    expect(data.posts.some((p) => p.stagger === 'later')).toBe(true);
    for (const p of data.posts) {
      const post = calendar.postsById.get(p.id)!;
      const at = channelAt(post, p.channels[0]);
      expect([p.day, p.time]).toEqual([formatDay(at, zone), formatWall(at, zone).slice(11)]);
      expect([p.detail.at, p.detail.local]).toEqual([post.at.toISOString(), formatWall(post.at, zone)]);
      for (const a of p.detail.accounts) {
        const own = channelAt(post, a.name);
        expect([a.at, a.local]).toEqual([own.toISOString(), formatWall(own, zone)]);
      }
    }
  });

  it('the month files carry each post\'s summary as an object rest of it would (same keys, same order)', () => {
    const data = siteData(calendar, { now: NOW });
    const { files } = splitByMonth(data);
    const months = [...new Set(data.posts.map((p) => p.day.slice(0, 7)))];
    for (const month of months) {
      const list = data.posts.filter((p) => p.day.startsWith(month));
      const summaries = list.map(({ detail: _, ...summary }) => summary);
      expect(files.get(`data/posts-${month}.js`)).toBe(`socialcalMonth(${alwaysReplaced(month)}, ${alwaysReplaced(summaries)});\n`);
    }
  });
});

describe('postDetail with renders that do not fit the post', () => {
  it('renders again when a shared render is for another account', () => {
    const root = calendarDir(CALENDAR);
    dirs.push(root);
    const calendar = load(root);
    const post = calendar.posts.find((p) => p.id === 'overrides')!;
    const other = calendar.posts.find((p) => p.id === 'unknown')!;
    const renders = new Map<Post, RenderedPost[]>();
    runRules(calendar, { now: NOW, renders });
    // The other post's renders (bluesky only) put where this post's would be.
    const wrong = new Map([[post, renders.get(other) ?? []]]);
    expect(wrong.get(post)!.length).toBeGreaterThan(0);
    expect(postDetail(calendar, post, { renders: wrong })).toEqual(postDetail(calendar, post));
  });
});

/** scriptJson the general way: always replace. */
function alwaysReplaced(value: unknown): string {
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => ({ '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' })[c]!);
}

describe('scriptJson', () => {
  it('equals always replacing, over texts with and without characters to escape', () => {
    const alphabet = ['a', 'Z', ' ', '"', '\\', '<', '>', '/', '\u2028', '\u2029', 'é', '😀', '\n', '\u0000', '\u2027', '\u202a'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const texts = ['', 'plain', '</script>', '\u2028', '\u2029', 'a<b', 'line\u2028sep\u2029par<'];
    for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const text of texts) {
      expect(scriptJson(text)).toBe(alwaysReplaced(text));
      expect(scriptJson({ [text]: [text, 1] })).toBe(alwaysReplaced({ [text]: [text, 1] }));
    }
    expect(scriptJson('</script>')).not.toContain('<');
  });
});

