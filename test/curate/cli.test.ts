import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { cli, cliProcess } from '../support/cli.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { startRecordingServer, type RecordingServer } from '../support/http-server.js';
import { rss } from './feeds.js';

// A hostile entry: workflow-command lines, markdown, control characters, a bidi override.
const HOSTILE = rss([
  { title: '::error file=socialcal.yaml::pwned\u0007', link: 'https://acme.example/a', guid: 'a', date: 'Mon, 15 Feb 2027 09:00:00 GMT', description: '\n::add-mask::x\n**bold** [link](javascript:alert(1)) \u001b[31mred\u202e' },
  { title: 'Plain entry', link: 'https://acme.example/b', guid: 'b', date: 'Mon, 01 Feb 2027 09:00:00 GMT' },
]);

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer(() => ({ status: 200, headers: { 'content-type': 'application/rss+xml' }, body: HOSTILE }));
});
afterAll(() => server.close());

const NOW = ['--now', '2027-03-01T08:00:00Z'];

// Its own process, awaited: the feed server runs in this one and must keep answering.
async function curateIn(root: string, ...args: string[]) {
  const r = await cliProcess(['-C', root, 'curate', ...args, ...NOW]);
  return { ...r, code: r.code ?? -1 };
}

function setup(feedExtra = '', configExtra = '') {
  return calendarDir({
    'socialcal.yaml': `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
pillars: [education]
${configExtra}feeds:
  blog:
    url: ${server.url}/feed.xml
    text: "{title}: {summary} {link}"
    channels: [bluesky, mastodon]
${feedExtra}`,
  });
}

describe('socialcal curate', () => {
  it('writes drafts and the state; a second run writes nothing; check stays free of loader errors', async () => {
    const root = setup();
    try {
      const first = await curateIn(root);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('2 new drafts');
      const files = readdirSync(join(root, 'posts/2027/03')).filter((f) => f.startsWith('blog-')).sort();
      expect(files).toHaveLength(2);
      const state = readFileSync(join(root, '.socialcal/curated.yaml'), 'utf8');
      expect(state).toMatch(/- key: a\n\s+post: blog-error-file-socialcal-yaml-pwned\n/);
      expect(state).toMatch(/- key: b\n\s+post: blog-plain-entry\n/);

      const second = await curateIn(root, '--json');
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ written: [], feeds: [{ feed: 'blog', entries: 2, drafts: [] }] });
      expect(readFileSync(join(root, '.socialcal/curated.yaml'), 'utf8')).toBe(state);
      const { calendar, problems } = loadCalendar(root);
      expect(problems.filter((p) => p.severity === 'error' && !p.rule)).toEqual([]);
      expect(calendar!.posts.filter((p) => p.id.startsWith('blog-')).map((p) => p.status)).toEqual(['draft', 'draft']);
    } finally {
      removeDir(root);
    }
  });

  it('hostile entry text stays plain text: in the file, in the terminal output and in JSON', async () => {
    const root = setup();
    try {
      const dry = await curateIn(root, '--dry-run');
      expect(dry.code).toBe(0);
      // No line of output can act as a GitHub workflow command; no terminal escapes get through.
      expect(dry.stdout.split('\n').some((l) => l.trimStart().startsWith('::'))).toBe(false);
      expect(dry.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect(existsSync(join(root, '.socialcal'))).toBe(false);
      const json = await curateIn(root, '--json', '--dry-run');
      const draft = JSON.parse(json.stdout).feeds[0].drafts.find((d: { entry: { key: string } }) => d.entry.key === 'a');
      expect(draft.data.text).toBe('::error file=socialcal.yaml::pwned: ::add-mask::x **bold** [link](javascript:alert(1)) [31mred https://acme.example/a');
      expect(json.stdout).not.toMatch(/\\u001b|\\u0007|\\u202e/);
      await curateIn(root);
      const written = readFileSync(join(root, 'posts/2027/03/blog-error-file-socialcal-yaml-pwned.yaml'), 'utf8');
      expect(written.split('\n').some((l) => l.startsWith('::'))).toBe(false);
      const check = cli(['check', '--format', 'github', ...NOW], { cwd: root });
      expect(check.stdout.split('\n').filter((l) => l.startsWith('::error file=socialcal.yaml'))).toEqual([]);
    } finally {
      removeDir(root);
    }
  });

  it('a feed with a queue writes queued drafts (queue:, no at) under posts/curated/', async () => {
    const root = setup('    queue: weekdays\n', 'queues:\n  weekdays:\n    slots:\n      - { days: [mon, tue, wed, thu, fri], times: ["10:00"] }\n');
    try {
      const r = await curateIn(root);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const text = readFileSync(join(root, 'posts/curated/blog-plain-entry.yaml'), 'utf8');
      expect(text).toMatch(/^queue: weekdays$/m);
      expect(text).not.toMatch(/^at:/m);
      expect(text).toMatch(/^status: draft$/m);
      const { calendar } = loadCalendar(root);
      expect(calendar!.queued.map((p) => p.id).sort()).toEqual(['blog-error-file-socialcal-yaml-pwned', 'blog-plain-entry']);
    } finally {
      removeDir(root);
    }
  });

  it('human mistakes: --feed typo, no feeds configured, a feed config check reports with did-you-mean', () => {
    const root = setup('    pillar: educaton\n    queue: weekday\n    utm: { source: "{platform}" }\n');
    try {
      const check = cli(['check', '--json', ...NOW], { cwd: root });
      const problems = JSON.parse(check.stdout).problems.map((p: { path: string; message: string }) => `${p.path}: ${p.message}`);
      expect(problems).toEqual(
        expect.arrayContaining([
          'feeds.blog.pillar: unknown pillar "educaton"',
          'feeds.blog.queue: unknown queue "weekday"',
          expect.stringMatching(/^feeds\.blog\.utm\.source: .*same for every account/),
        ]),
      );
      const typo = cli(['curate', '--feed', 'blgo'], { cwd: root });
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('did you mean "blog"');
    } finally {
      removeDir(root);
    }
    const none = calendarDir({});
    try {
      const r = cli(['curate'], { cwd: none });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('socialcal.yaml has no `feeds:`');
    } finally {
      removeDir(none);
    }
  });
});
