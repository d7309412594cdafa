import { mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../src/calendar/cache.js';
import { collect, type CheckResult } from '../../src/commands/check.js';
import { serializeLedgerFile } from '../../src/publish/ledger.js';
import { random } from '../fuzz/corpus.js';
import { BASE_CONFIG, calendarDir, removeDir, type FileSpec } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';
import { git, initRepo } from '../support/git.js';
import { jpeg, png } from '../support/images.js';

// The memo of a whole `check` (src/calendar/check-memo.ts): a warm run where nothing changed
// answers from it; a change to anything the check depended on (a post, the config, a media file,
// the ledger, the time crossing a post's due time, the tool's version) makes it check again, and
// the outcome is always what a run without the cache finds.

const dirs: string[] = [];
const calendar = (files: Record<string, FileSpec>) => {
  const dir = calendarDir(files);
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach(removeDir));

const NOW = '2027-01-01T00:00:00Z';
const check = (root: string, opts: { cache?: boolean; now?: string } = {}) => collect(root, new Date(opts.now ?? NOW), { cache: opts.cache ?? true });
const memoFile = (root: string) => join(root, CACHE_DIR, 'check.json');
const canonical = (r: CheckResult) => JSON.stringify({ ...r, problems: r.problems.map((p) => JSON.stringify(p)).sort() });

/** Marks the memo (a post count no calendar here has), so a run that answers from it shows the mark. */
const MARK = 424242;
function markMemo(root: string): void {
  const body = JSON.parse(readFileSync(memoFile(root), 'utf8'));
  body.result.posts = MARK;
  writeFileSync(memoFile(root), JSON.stringify(body));
}
const fromMemo = (r: CheckResult) => r.posts === MARK;

/** A warm run that must not answer from the memo: it finds exactly what a run without the cache finds. */
async function checksAgain(root: string, now = NOW): Promise<CheckResult> {
  const warm = await check(root, { now });
  expect(fromMemo(warm)).toBe(false);
  expect(canonical(warm)).toBe(canonical(await check(root, { cache: false, now })));
  return warm;
}

const post = (at: string, extra = '', channels = 'bluesky') => `at: ${at}\nchannels: [${channels}]\n${extra}text: Post at ${at}\n`;
const LATE = { 'posts/2027/03/late.yaml': post('2027-03-08 23:00') };

describe('the check memo', { timeout: 120_000 }, () => {
  it('answers a warm run where nothing changed, with what the first run found', async () => {
    const root = calendar(LATE);
    const first = await check(root);
    expect(first.problems.map((p) => p.rule)).toContain('quiet-hours');
    expect(canonical(await check(root))).toBe(canonical(first));
    markMemo(root);
    expect(fromMemo(await check(root))).toBe(true);
    // --no-cache neither reads nor trusts it.
    expect(fromMemo(await check(root, { cache: false }))).toBe(false);
  });

  it('checks again when a post is edited, added, removed or only touched', async () => {
    const root = calendar(LATE);
    await check(root);
    markMemo(root);
    // Same size, new content: the time changed.
    const late = join(root, 'posts/2027/03/late.yaml');
    writeFileSync(late, readFileSync(late, 'utf8').replace('23:00', '11:00'));
    expect((await checksAgain(root)).problems.map((p) => p.rule)).not.toContain('quiet-hours');
    markMemo(root);
    writeFileSync(join(root, 'posts/2027/03/extra.yaml'), post('2027-03-09 23:30'));
    expect((await checksAgain(root)).posts).toBe(3);
    markMemo(root);
    rmSync(join(root, 'posts/2027/03/extra.yaml'));
    expect((await checksAgain(root)).posts).toBe(2);
    markMemo(root);
    // A file in a new folder, and one that only got a new time (a checkout does that).
    mkdirSync(join(root, 'posts/2027/04'));
    writeFileSync(join(root, 'posts/2027/04/april.yaml'), post('2027-04-01 10:00'));
    await checksAgain(root);
    markMemo(root);
    utimesSync(late, new Date('2026-01-01'), new Date('2026-01-01'));
    await checksAgain(root);
  });

  it('checks again when socialcal.yaml or a campaign changes', async () => {
    const root = calendar(LATE);
    await check(root);
    markMemo(root);
    writeFileSync(join(root, 'socialcal.yaml'), `${BASE_CONFIG}rules:\n  quiet-hours: off\n`);
    expect((await checksAgain(root)).problems.map((p) => p.rule)).not.toContain('quiet-hours');
    markMemo(root);
    writeFileSync(join(root, 'campaigns/spring.yaml'), 'name: Spring launch\nstarts: 2027-03-09\nends: 2027-03-31\n');
    await checksAgain(root);
  });

  it('checks again when a media file is replaced, even by one of the same size', async () => {
    const image = jpeg();
    const root = calendar({ 'media/a.jpg': image, 'posts/2027/03/pic.yaml': post('2027-03-08 10:00', 'media:\n  - file: media/a.jpg\n    alt: A picture\n') });
    const before = await check(root);
    expect(before.problems.filter((p) => p.file === 'posts/2027/03/pic.yaml')).toEqual([]);
    markMemo(root);
    // A PNG's bytes under the .jpg name, padded to the same size.
    const other = Buffer.alloc(image.length);
    Buffer.from(png(8, 8)).copy(other);
    writeFileSync(join(root, 'media/a.jpg'), other);
    expect((await checksAgain(root)).problems.some((p) => p.file === 'posts/2027/03/pic.yaml')).toBe(true);
    markMemo(root);
    rmSync(join(root, 'media/a.jpg'));
    expect((await checksAgain(root)).problems.some((p) => p.file === 'posts/2027/03/pic.yaml' && p.path === 'media[0].file')).toBe(true);
  });

  it('holds only while no post comes due: past the due time (and the grace period) it checks again', async () => {
    const root = calendar({ 'posts/2027/03/due.yaml': post('2027-03-08 10:00', 'status: ready\n') });
    const pastDue = (r: CheckResult) => r.problems.filter((p) => p.rule === 'past-due').map((p) => p.code);
    expect(pastDue(await check(root, { now: '2027-03-08T08:00:00Z' }))).toEqual([]);
    markMemo(root);
    // Earlier and later, still before 10:00 Berlin (09:00Z): the same findings, from the memo.
    expect(fromMemo(await check(root, { now: '2027-03-01T00:00:00Z' }))).toBe(true);
    expect(fromMemo(await check(root, { now: '2027-03-08T08:59:59.999Z' }))).toBe(true);
    // Past its time (and the base calendar's teaser's, the same): checked again; within the grace period nothing is missed.
    expect(pastDue(await checksAgain(root, '2027-03-08T09:00:00.001Z'))).toEqual([]);
    // After the six hours of grace: missed.
    expect(pastDue(await checksAgain(root, '2027-03-08T15:00:00.001Z'))).toContain('missed');
    markMemo(root);
    expect(fromMemo(await check(root, { now: '2027-06-01T00:00:00Z' }))).toBe(true);
    // Back before it: checked again, and nothing is missed.
    expect(pastDue(await checksAgain(root, '2027-03-08T08:00:00Z'))).toEqual([]);
  });

  it('checks again when the ledger records a post as published, and keeps its freezes', async () => {
    const files = { 'socialcal.yaml': BASE_CONFIG, 'posts/2027/03/due.yaml': post('2027-03-08 10:00') };
    const root = initRepo(files);
    dirs.push(root);
    const now = '2027-04-01T00:00:00Z';
    const missed = (r: CheckResult) => r.problems.filter((p) => p.code === 'missed').map((p) => p.file);
    expect(missed(await check(root, { now }))).toEqual(['posts/2027/03/due.yaml']);
    markMemo(root);
    expect(fromMemo(await check(root, { now }))).toBe(true);
    // The publish job records it on the ledger branch (as a fetch would bring it in).
    const at = new Date('2027-03-08T09:00:05Z');
    const record = { post: 'due', accounts: { bluesky: { state: 'published' as const, run: 'r1', claimedAt: at, updatedAt: at, publishedAt: at, attempts: 1, items: [{ handle: 'h1', id: 'x1' }] } } };
    const ledger = initRepo({
      'published/due.yaml': serializeLedgerFile(record),
      'freeze.yaml': 'freezes:\n  - reason: incident\n    at: 2027-03-20T10:00:00Z\n    by: ops\n',
    });
    dirs.push(ledger);
    git(ledger, 'push', '--quiet', root, 'main:refs/heads/socialcal-ledger');
    const after = await checksAgain(root, now);
    expect(missed(after)).toEqual([]);
    expect(after.freezes).toEqual([{ reason: 'incident', at: new Date('2027-03-20T10:00:00Z'), by: 'ops' }]);
    // From the memo, the freeze comes back as it was read.
    expect(await check(root, { now })).toEqual(after);
  });

  it('checks again for another tool version, and ignores a memo it cannot read', async () => {
    const root = calendar(LATE);
    await check(root);
    markMemo(root);
    const body = JSON.parse(readFileSync(memoFile(root), 'utf8'));
    writeFileSync(memoFile(root), JSON.stringify({ ...body, version: '0.0.1' }));
    await checksAgain(root);
    for (const broken of ['{', 'null', '[]', JSON.stringify({ ...body, result: { ...body.result, problems: [{ file: 1 }] } }), JSON.stringify({ ...body, files: 'all' })]) {
      writeFileSync(memoFile(root), broken);
      await checksAgain(root);
    }
  });

  it('keeps no memo when the outcome depends on the very time of the run, or on a symlink', async () => {
    const queued = calendar({
      'socialcal.yaml': `${BASE_CONFIG}queues:\n  tips:\n    slots:\n      - days: [tue]\n        times: ["10:00"]\n`,
      'posts/queued/q.yaml': 'queue: tips\nchannels: [bluesky]\ntext: Whenever there is room\n',
    });
    await check(queued);
    expect(() => readFileSync(memoFile(queued))).toThrow();
    const linked = calendar({ 'shared/late.yaml': post('2027-03-08 23:00'), 'posts/2027/03/late.yaml': { symlink: '../../../shared/late.yaml' } });
    expect((await check(linked)).problems.map((p) => p.rule)).toContain('quiet-hours');
    expect(() => readFileSync(memoFile(linked))).toThrow();
    // A symlink added after the memo was written makes it miss.
    const root = calendar(LATE);
    await check(root);
    markMemo(root);
    symlinkSync('late.yaml', join(root, 'posts/2027/03/again.yaml'));
    await checksAgain(root);
  });

  it('finds what a run without the cache finds, for any time, over staggered and graced posts', async () => {
    // Random calendars of ready, draft and staggered posts; each checked at random times (many
    // inside the memo's span, some outside) and on both sides of a due time and of its end of
    // grace, going forward and back: always the answer of a run without the cache.
    const rng = random(17);
    const iso = (ms: number) => new Date(ms).toISOString();
    const base = Date.parse('2027-03-01T00:00:00Z');
    let answered = 0;
    for (let round = 0; round < 5; round++) {
      const grace = 1 + Math.floor(rng() * 90);
      const files: Record<string, string> = { 'socialcal.yaml': `${BASE_CONFIG}publish:\n  grace: ${grace}m\n` };
      const times: number[] = [];
      for (let i = 0; i < 8; i++) {
        const at = base + Math.floor(rng() * 10 * 24 * 60) * 60_000;
        times.push(at);
        const status = ['ready', 'draft', 'idea'][Math.floor(rng() * 3)];
        const stagger = rng() < 0.4 ? 'stagger: { mastodon: 45m }\n' : '';
        // Berlin is UTC+1 all through March 1–11.
        const wall = iso(at + 3_600_000).slice(0, 16).replace('T', ' ');
        files[`posts/p${round}-${i}.yaml`] = post(wall, `status: ${status}\n${stagger}`, 'bluesky, mastodon');
      }
      const root = calendar(files);
      const cold = new Map<number, string>();
      const same = async (t: number) => {
        const memo = JSON.parse(readFileSync(memoFile(root), 'utf8'));
        if (t >= (memo.from ?? -Infinity) && t < (memo.until ?? Infinity)) answered++;
        const warm = canonical(await check(root, { now: iso(t) }));
        if (!cold.has(t)) cold.set(t, canonical(await check(root, { cache: false, now: iso(t) })));
        expect(warm, `now ${iso(t)}`).toBe(cold.get(t));
      };
      await check(root, { now: iso(base + Math.floor(rng() * 12 * 86_400_000)) });
      for (let probe = 0; probe < 4; probe++) {
        await same(base + Math.floor(rng() * 12 * 86_400_000));
        const t = times[Math.floor(rng() * times.length)];
        for (const edge of [t, t + grace * 60_000, t + 45 * 60_000 + grace * 60_000]) {
          for (const d of [-1, 0, 1, 0, -1]) await same(edge + d);
        }
      }
    }
    expect(answered).toBeGreaterThan(20);
  });
});

describe('socialcal check with the memo', { timeout: 120_000 }, () => {
  it('prints the same on a warm run, in every format, and from a subfolder', () => {
    const root = calendar(LATE);
    for (const format of ['text', 'json', 'github']) {
      const cold = cli(['check', '--format', format, '--now', NOW, '--no-cache', '-C', root]);
      const first = cli(['check', '--format', format, '--now', NOW, '-C', root]);
      const warm = cli(['check', '--format', format, '--now', NOW, '-C', root]);
      expect(cold.code).toBe(0);
      expect(first).toEqual(cold);
      expect(warm).toEqual(cold);
    }
    expect(readFileSync(memoFile(root), 'utf8')).toContain('quiet');
    const sub = cli(['check', '--now', NOW], { cwd: join(root, 'posts/2027') });
    expect(sub.stdout).toBe(cli(['check', '--now', NOW, '--no-cache', '-C', root]).stdout);
  });
});
