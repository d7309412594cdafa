import { afterEach, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/export/csv.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { EXAMPLE, emptyCopy, essence, load, plan, write } from './support.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function roundTrip(source: string) {
  const before = load(source);
  const target = emptyCopy(source);
  dirs.push(target);
  const result = plan(target, toCsv(before));
  expect(result.errors).toEqual([]);
  expect(result.shape).toBe('socialcal');
  write(target, result);
  const after = load(target);
  return { before, after, result };
}

describe('import csv: export → import gives the same posts', () => {
  it('on examples/calendar: every post, its time, labels and what each account receives', () => {
    const { before, after, result } = roundTrip(EXAMPLE);
    // One file a post: a repeating post's later occurrences come back from its `repeat`.
    expect(result.posts).toHaveLength(new Set(before.posts.map((p) => p.series ?? p.id)).size);
    expect(before.posts.some((p) => p.series && p.series !== p.id)).toBe(true);
    expect(after.posts.map((p) => essence(p, after))).toEqual(before.posts.map((p) => essence(p, before)));
    // Same files too: posts/YYYY/MM/<id>.yaml.
    expect(after.posts.map((p) => p.file)).toEqual(before.posts.map((p) => p.file));
    // UTM parameters the campaign adds are not written into the imported text.
    expect(after.postsById.get('launch-day')!.text.trimEnd()).toBe(before.postsById.get('launch-day')!.text.trimEnd());
  });

  it('on a synthetic calendar: zones, a repeated DST hour, platform overrides, formula-like and multi-line text, thread media', () => {
    const root = calendarDir({
      'socialcal.yaml': `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
  linkedin: { platform: linkedin, author: "urn:li:organization:2414183" }
pillars: [education, promotion]
`,
      'campaigns/spring.yaml': `name: Spring
starts: 2027-03-01
ends: 2027-12-31
utm: { source: "{account}", content: v1 }
milestones:
  launch: 2027-03-10 10:00
`,
      'media/a.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'posts/2027/03/teaser.yaml': `at: launch - 2d
channels: [bluesky, mastodon, linkedin]
campaign: spring
tags: [product, promotional]
pillar: promotion
text: "=SUM(A1) is not a formula here, \\"quoted\\", commas, https://acme.example/a?x=1"
media:
  - { file: media/a.png, alt: "A chart, rising" }
thread:
  - text: "Second, with an image https://acme.example/b"
    media: [{ file: media/a.png, alt: second }]
overrides:
  linkedin: { text: "Long LinkedIn text\\n\\nwith paragraphs https://acme.example/a", thread: [] }
  mastodon: { media: [] }
status: ready
`,
      'posts/2027/10/fall-back.yaml': `at: 2027-10-31 02:30+01:00
channels: [bluesky]
text: "- starts with a dash\\n@mention and +plus"
status: idea
`,
      'posts/2027/05/new-york.yaml': `at: 2027-05-01 09:00
timezone: America/New_York
channels: [mastodon, bluesky]
tags: [tips]
text: Plain one
status: draft
`,
    });
    dirs.push(root);
    const { before, after } = roundTrip(root);
    expect(after.posts.map((p) => essence(p, after))).toEqual(before.posts.map((p) => essence(p, before)));
    const fallBack = after.postsById.get('fall-back')!;
    expect(fallBack.text).toBe('- starts with a dash\n@mention and +plus');
    expect(fallBack.atText).toBe('2027-10-31 02:30+01:00');
    // The campaign's utm_source/utm_content came off; the link's own parameter stayed.
    expect(after.postsById.get('teaser')!.text).toContain('https://acme.example/a?x=1');
    expect(after.postsById.get('teaser')!.text).not.toContain('utm_');
  });

  it('importing an export into the calendar it came from refuses every existing id and writes nothing', () => {
    const result = plan(EXAMPLE, toCsv(load(EXAMPLE)));
    expect(result.posts).toEqual([]);
    expect(result.errors[0]).toMatchObject({ row: 2, column: 'post_id', message: 'a post with id "launch-teaser" exists: posts/2027/01/launch-teaser.yaml' });
  });
});
