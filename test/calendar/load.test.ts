import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalendar } from '../../src/calendar/load.js';
import { jsonSchemaText, SCHEMA_KINDS } from '../../src/calendar/json-schema.js';
import { renderPost } from '../../src/calendar/render.js';
import { formatWall } from '../../src/calendar/time.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function load(files: Record<string, string>) {
  const dir = calendarDir(files);
  dirs.push(dir);
  return loadCalendar(dir);
}

describe('the example calendar', () => {
  const { calendar, problems } = loadCalendar(join(import.meta.dirname, '../../examples/calendar'));

  it('loads without problems', () => {
    expect(problems).toEqual([]);
    expect(calendar!.posts.length).toBeGreaterThanOrEqual(20);
    expect(calendar!.campaigns.size).toBe(2);
    expect(new Set(Object.values(calendar!.config.accounts).map((a) => a.platform)).size).toBeGreaterThanOrEqual(3);
  });

  it('has a thread, media with alt text and overrides', () => {
    const posts = calendar!.posts;
    expect(posts.some((p) => p.thread.length > 0)).toBe(true);
    expect(posts.some((p) => p.media.some((m) => m.alt && m.exists && m.size! > 0))).toBe(true);
    expect(posts.some((p) => Object.keys(p.overrides).length > 0)).toBe(true);
  });

  it('resolves milestone-relative times', () => {
    const teaser = calendar!.postsById.get('launch-teaser')!;
    expect(formatWall(teaser.at, 'Europe/Berlin')).toBe('2027-01-08 10:00');
  });

  it('keeps posts sorted by time', () => {
    const times = calendar!.posts.map((p) => p.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('loading', () => {
  it('reads zones post → campaign → config', () => {
    const { calendar, problems } = load({
      'campaigns/ny.yaml': 'name: NY\ntimezone: America/New_York\n',
      'posts/a.yaml': 'at: 2027-01-12 10:00\nchannels: [bluesky]\ntext: config zone\n',
      'posts/b.yaml': 'at: 2027-01-12 10:00\ncampaign: ny\nchannels: [bluesky]\ntext: campaign zone\n',
      'posts/c.yaml': 'at: 2027-01-12 10:00\ncampaign: ny\ntimezone: Asia/Tokyo\nchannels: [bluesky]\ntext: post zone\n',
    });
    expect(problems).toEqual([]);
    const at = (id: string) => calendar!.postsById.get(id)!.at.toISOString();
    expect(at('a')).toBe('2027-01-12T09:00:00.000Z');
    expect(at('b')).toBe('2027-01-12T15:00:00.000Z');
    expect(at('c')).toBe('2027-01-12T01:00:00.000Z');
  });

  it('keeps the wall hour when a milestone offset crosses a DST change', () => {
    const { calendar, problems } = load({
      'campaigns/spring.yaml': 'name: Spring\nmilestones:\n  launch: 2027-03-29 10:00\n',
      'posts/a.yaml': 'at: launch - 2d\ncampaign: spring\nchannels: [bluesky]\ntext: before the change\n',
    });
    expect(problems).toEqual([]);
    const post = calendar!.postsById.get('a')!;
    expect(formatWall(post.at, 'Europe/Berlin')).toBe('2027-03-27 10:00');
    expect(post.at.toISOString()).toBe('2027-03-27T09:00:00.000Z');
  });

  it('treats a date-only campaign end as the whole day', () => {
    const { calendar } = load({});
    const spring = calendar!.campaigns.get('spring')!;
    expect(spring.ends!.toISOString()).toBe('2027-03-31T21:59:59.999Z');
  });

  it('collects every problem instead of stopping at the first', () => {
    const { problems } = load({
      'posts/a.yaml': 'at: 2027-01-12 10:00\nchannels: [nope]\ntext: a\n',
      'posts/b.yaml': 'at: never\nchannels: [bluesky]\ntext: b\n',
      'posts/c.yaml': 'channels: [bluesky]\n',
    });
    expect(problems.map((p) => `${p.file}:${p.code}`)).toEqual([
      'posts/a.yaml:ref-account',
      'posts/b.yaml:time-format',
      'posts/c.yaml:field-required',
      'posts/c.yaml:field-required',
    ]);
  });

  it('defaults id to the file name and status to ready', () => {
    const { calendar } = load({});
    const post = calendar!.postsById.get('teaser')!;
    expect(post.status).toBe('ready');
    expect(post.file).toBe('posts/2027/03/teaser.yaml');
  });
});

describe('rendering what each account receives', () => {
  it('applies overrides by account, then platform, and campaign UTM to links', () => {
    const { calendar } = load({
      'campaigns/spring.yaml': 'name: Spring\nutm: { domains: [acme.example] }\n',
      'posts/2027/03/teaser.yaml':
        'at: 2027-03-08 10:00\ncampaign: spring\nchannels: [bluesky, mastodon, linkedin]\ntext: See https://acme.example/launch. And https://other.example/x\n' +
        'overrides:\n  mastodon:\n    text: Toot https://acme.example/launch?ref=toot\n  linkedin:\n    text: Long version\n',
    });
    const rendered = renderPost(calendar!.postsById.get('teaser')!, calendar!);
    const byAccount = Object.fromEntries(rendered.map((r) => [r.account.name, r.items[0]]));
    expect(byAccount.bluesky.text).toBe(
      'See https://acme.example/launch?utm_source=bluesky&utm_medium=social&utm_campaign=spring. And https://other.example/x',
    );
    expect(byAccount.bluesky.path).toEqual(['text']);
    expect(byAccount.mastodon.text).toBe('Toot https://acme.example/launch?ref=toot&utm_source=mastodon&utm_medium=social&utm_campaign=spring');
    expect(byAccount.mastodon.path).toEqual(['overrides', 'mastodon', 'text']);
    expect(byAccount.linkedin.text).toBe('Long version');
  });
});

describe('JSON Schemas', () => {
  it.each(SCHEMA_KINDS)('schemas/%s.schema.json is up to date (run `npm run schemas`)', (kind) => {
    const onDisk = readFileSync(join(import.meta.dirname, `../../schemas/${kind}.schema.json`), 'utf8');
    expect(onDisk).toBe(jsonSchemaText(kind));
  });
});
