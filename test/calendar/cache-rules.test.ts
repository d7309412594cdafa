import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../src/calendar/cache.js';
import type { Problem } from '../../src/calendar/problems.js';
import { collect } from '../../src/commands/check.js';
import { BASE_CONFIG, calendarDir, removeDir, type FileSpec } from '../support/calendar-dir.js';
import { jpeg } from '../support/images.js';

// A warm `check` takes the findings of per-post rules about unchanged posts from the cache and
// runs rules that look across posts on the whole calendar: editing one file must change what is
// found about another, unchanged one exactly as a run without the cache would.

const dirs: string[] = [];
function calendar(files: Record<string, FileSpec>): string {
  const dir = calendarDir(files);
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach(removeDir));

const NOW = '2027-01-01T00:00:00Z';
const check = async (root: string, opts: { cache?: boolean; now?: string } = {}) =>
  (await collect(root, new Date(opts.now ?? NOW), { cache: opts.cache ?? true })).problems;
const about = (problems: Problem[], file: string) => problems.filter((p) => p.file === file).map((p) => `${p.rule ?? '-'}:${p.code}`);
const canonical = (problems: Problem[]) => problems.map((p) => JSON.stringify(p)).sort();
const cacheFile = (root: string) => join(root, CACHE_DIR, 'calendar.json');
const edit = (root: string, path: string, from: string | RegExp, to: string) => {
  const file = join(root, path);
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(file, text.replace(from, to));
};

/** Runs check warm and asserts it finds exactly what a run without the cache finds. */
async function warmEqualsCold(root: string, now = NOW): Promise<Problem[]> {
  const warm = await check(root, { now });
  expect(canonical(warm)).toEqual(canonical(await check(root, { cache: false, now })));
  return warm;
}

const post = (at: string, extra = '', channels = 'bluesky') => `at: ${at}\nchannels: [${channels}]\n${extra}text: Post at ${at}\n`;

describe('cached rule findings', { timeout: 120_000 }, () => {
  it('keeps a per-post rule finding with the post file and reuses it while the file is unchanged', async () => {
    const root = calendar({ 'posts/2027/03/late.yaml': post('2027-03-08 23:00') });
    expect(about(await check(root), 'posts/2027/03/late.yaml')).toEqual(['quiet-hours:quiet']);
    // Proof that the warm run takes it from the cache: a message changed in the cache is what it shows.
    const body = JSON.parse(readFileSync(cacheFile(root), 'utf8'));
    const kept = body.entries['posts/2027/03/late.yaml'].rules.found['quiet-hours'];
    expect(kept).toHaveLength(1);
    kept[0].message = 'from the cache';
    writeFileSync(cacheFile(root), JSON.stringify(body));
    // Without the memo of the whole check (check-memo.ts), which would answer first.
    rmSync(join(root, CACHE_DIR, 'check.json'));
    expect((await check(root)).find((p) => p.rule === 'quiet-hours')?.message).toBe('from the cache');
    expect((await check(root, { cache: false })).find((p) => p.rule === 'quiet-hours')?.message).toMatch(/inside quiet hours/);
  });

  it('runs per-post rules again on an edited post', async () => {
    const root = calendar({ 'posts/2027/03/late.yaml': post('2027-03-08 23:00') });
    await check(root);
    edit(root, 'posts/2027/03/late.yaml', '23:00', '11:00');
    expect(about(await warmEqualsCold(root), 'posts/2027/03/late.yaml')).toEqual([]);
  });

  it('forgets them when socialcal.yaml changes (a rule turned off)', async () => {
    const root = calendar({ 'posts/2027/03/late.yaml': post('2027-03-08 23:00') });
    await check(root);
    writeFileSync(join(root, 'socialcal.yaml'), `${BASE_CONFIG}rules:\n  quiet-hours: off\n`);
    expect(about(await warmEqualsCold(root), 'posts/2027/03/late.yaml')).toEqual([]);
  });

  it('sees an edited campaign in the findings about its unchanged posts (campaign-dates)', async () => {
    const root = calendar({});
    expect(about(await check(root), 'posts/2027/03/teaser.yaml')).toEqual([]);
    edit(root, 'campaigns/spring.yaml', 'ends: 2027-03-31', 'ends: 2027-03-05');
    expect(about(await warmEqualsCold(root), 'posts/2027/03/teaser.yaml')).toEqual(['campaign-dates:afterEnd']);
  });

  it('sees a media file grown past the platform limit in the findings about an unchanged post (media)', async () => {
    const root = calendar({ 'media/pic.jpg': jpeg(), 'posts/2027/03/pic.yaml': post('2027-03-08 10:00', 'media:\n  - file: media/pic.jpg\n    alt: A grey square\n') });
    expect(about(await check(root), 'posts/2027/03/pic.yaml')).toEqual([]);
    writeFileSync(join(root, 'media/pic.jpg'), Buffer.concat([jpeg(), Buffer.alloc(2_100_000)]));
    expect(about(await warmEqualsCold(root), 'posts/2027/03/pic.yaml')).toEqual(['media:tooLarge']);
  });

  it('judges past-due by the time of each run, not the cached one', async () => {
    const root = calendar({});
    expect(about(await check(root), 'posts/2027/03/teaser.yaml')).toEqual([]);
    expect(about(await warmEqualsCold(root, '2027-04-01T00:00:00Z'), 'posts/2027/03/teaser.yaml')).toEqual(['past-due:missed']);
  });

  it('ignores a cache whose kept findings are not findings (hand-edited, another version)', async () => {
    const root = calendar({ 'posts/2027/03/late.yaml': post('2027-03-08 23:00') });
    await check(root);
    const body = JSON.parse(readFileSync(cacheFile(root), 'utf8'));
    body.entries['posts/2027/03/late.yaml'].rules.found['quiet-hours'] = [{ message: 'half a finding' }];
    writeFileSync(cacheFile(root), JSON.stringify(body));
    expect(about(await warmEqualsCold(root), 'posts/2027/03/late.yaml')).toEqual(['quiet-hours:quiet']);
  });

  describe('rules across posts see one other file edited', () => {
    it('spacing: another post moved close before an unchanged one', async () => {
      const root = calendar({ 'posts/a.yaml': post('2027-01-12 10:00'), 'posts/b.yaml': post('2027-01-12 12:00') });
      expect(about(await check(root), 'posts/b.yaml')).toEqual([]);
      edit(root, 'posts/a.yaml', '10:00', '11:30');
      expect(about(await warmEqualsCold(root), 'posts/b.yaml')).toEqual(['spacing:tooClose']);
    });

    it('duplicate-text: another post rewritten to the unchanged one\'s text', async () => {
      const root = calendar({ 'posts/a.yaml': 'at: 2027-01-01 10:00\nchannels: [bluesky]\ntext: Join us\n', 'posts/b.yaml': 'at: 2027-01-20 10:00\nchannels: [bluesky]\ntext: Join us today\n' });
      expect(about(await check(root), 'posts/b.yaml')).toEqual([]);
      edit(root, 'posts/a.yaml', 'Join us', 'Join us today');
      expect(about(await warmEqualsCold(root), 'posts/b.yaml')).toEqual(['duplicate-text:duplicate']);
    });

    it('daily-limit: another post moved onto a full day makes an unchanged one the sixth', async () => {
      const files: Record<string, string> = { 'posts/other.yaml': post('2027-01-13 08:00') };
      for (let i = 0; i < 5; i++) files[`posts/d${i}.yaml`] = post(`2027-01-12 ${String(8 + 2 * i).padStart(2, '0')}:00`);
      const root = calendar(files);
      expect(about(await check(root), 'posts/d4.yaml')).toEqual([]);
      edit(root, 'posts/other.yaml', '2027-01-13 08:00', '2027-01-12 07:00');
      const warm = await warmEqualsCold(root);
      expect(about(warm, 'posts/d4.yaml')).toEqual(['daily-limit:tooMany']);
      expect(about(warm, 'posts/other.yaml')).toEqual([]);
    });

    it('content-mix: another post of the week tagged promotional tips the unchanged one over', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 5; i++) files[`posts/d${i}.yaml`] = post(`2027-01-${11 + i} 10:00`, `tags: [${i === 3 ? 'promotional' : 'tips'}]\n`);
      const root = calendar(files);
      expect(about(await check(root), 'posts/d3.yaml')).toEqual([]);
      edit(root, 'posts/d1.yaml', 'tags: [tips]', 'tags: [promotional]');
      expect(about(await warmEqualsCold(root), 'posts/d3.yaml')).toEqual(['content-mix:tooPromotional']);
    });
  });
});
