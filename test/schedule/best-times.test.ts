// `schedule --best-times` as a user runs it: a metrics history committed to the ledger branch of a
// real repository (with a bare remote), the built CLI, and the rules still in force.
import { afterAll, describe, expect, it } from 'vitest';
import { historyFiles, type MetricsHistory, type PostMetrics } from '../../src/metrics/history.js';
import { removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';
import { cloneRepo, git, repoWithRemote, writeFiles } from '../support/git.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CONFIG = `timezone: UTC
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  mastodon: { platform: mastodon, server: https://fosstodon.org }
queues:
  tips:
    slots:
      - { days: [mon, tue, wed, thu, fri, sat, sun], times: ["09:00", "17:00"] }
`;
const tip = (n: number, channel = 'bluesky') => `queue: tips\nchannels: [${channel}]\ntext: Tip number ${n}\n`;
// 2027-03-01 is a Monday.
const NOW = ['--now', '2027-03-01T00:00:00Z'];

/** Posts of one account at one weekday and hour in February, with these like counts (1,000 followers). */
function posts(account: string, platform: string, firstDay: number, hour: number, likes: number[]): PostMetrics[] {
  return likes.map((n, i) => {
    const at = new Date(Date.UTC(2026, 10, firstDay + 7 * i, hour, 5)).toISOString().replace('.000', '');
    return { postId: `${account}-${firstDay}-${hour}-${i}`, account, platform, item: 0, publishedAt: at, snapshots: [{ age: 'latest' as const, at: '2027-02-20T00:00:00Z', counts: { likes: n } }] };
  });
}

// November 2026: the 5th is a Thursday, the 3rd a Tuesday.
const HISTORY: MetricsHistory = {
  posts: [
    // bluesky: Thursdays 17:00 are the best (about 5 %), Tuesdays 09:00 are weaker (about 0.5 %).
    ...posts('bluesky', 'bluesky', 5, 17, [48, 50, 52, 49, 51, 50]),
    ...posts('bluesky', 'bluesky', 3, 9, [4, 5, 6, 5, 5, 5]),
    // mastodon: three posts, under the five a slot needs.
    ...posts('mastodon', 'mastodon', 5, 17, [30, 31, 29]),
  ].sort((a, b) => (a.postId < b.postId ? -1 : 1)),
  followers: [
    { account: 'bluesky', at: '2026-11-01T00:00:00Z', followers: 1000 },
    { account: 'mastodon', at: '2026-11-01T00:00:00Z', followers: 1000 },
  ],
};

/** A calendar repo whose ledger branch (on the remote) holds the metrics history; a fresh clone of it. */
function repo(files: Record<string, string>, history?: MetricsHistory): string {
  const { remote, work } = repoWithRemote({ 'socialcal.yaml': CONFIG, ...files });
  if (history) {
    git(work, 'checkout', '--quiet', '--orphan', 'socialcal-ledger');
    git(work, 'rm', '--quiet', '-rf', '.');
    writeFiles(work, Object.fromEntries(historyFiles(history)));
    git(work, 'add', '.');
    git(work, 'commit', '--quiet', '-m', 'metrics');
    git(work, 'push', '--quiet', 'origin', 'socialcal-ledger');
  }
  const dir = cloneRepo(remote);
  dirs.push(remote, work, dir);
  return dir;
}

describe('schedule --best-times', () => {
  it('with history the post lands in the best slot rather than the earliest, and the next in the next best; it says why', () => {
    const dir = repo({ 'posts/a.yaml': tip(1), 'posts/b.yaml': tip(2) }, HISTORY);
    const r = cli(['schedule', '--best-times', '--dry-run', '--json', ...NOW, '-C', dir]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.notes).toBeUndefined();
    expect(report.placed.map((p: { file: string; atText: string }) => [p.file, p.atText])).toEqual([
      ['posts/a.yaml', '2027-03-04 17:00'], // Thursday 17:00, not Monday 09:00
      ['posts/b.yaml', '2027-03-02 09:00'], // Thursday's is taken; Tuesday 09:00 is the next best within the week
    ]);
    expect(report.placed[0].why).toEqual({
      chosen: 'best-time',
      earliest: '2027-03-01T09:00:00.000Z',
      bestTimes: [expect.objectContaining({ account: 'bluesky', weekday: 4, hour: 17, n: 6, rate: expect.closeTo(0.05, 3) })],
    });
    const text = cli(['schedule', '--best-times', '--dry-run', ...NOW, '-C', dir]).stdout;
    expect(text).toContain('posts/a.yaml: would get at: 2027-03-04 17:00  [queue tips]  best time');
    expect(text).toMatch(/best time: bluesky Thu 17:00 5\.00 % \(lower bound 4\.\d\d %, n = 6\); earliest free slot was 2027-03-01 09:00/);
    // Without the flag: the earliest free slots.
    const plain = JSON.parse(cli(['schedule', '--dry-run', '--json', ...NOW, '-C', dir]).stdout);
    expect(plain.placed.map((p: { atText: string }) => p.atText)).toEqual(['2027-03-01 09:00', '2027-03-01 17:00']);
  });

  it('an account without enough data takes the earliest slot, and is named', () => {
    const dir = repo({ 'posts/m.yaml': tip(1, 'mastodon') }, HISTORY);
    const report = JSON.parse(cli(['schedule', '--best-times', '--dry-run', '--json', ...NOW, '-C', dir]).stdout);
    expect(report.placed).toEqual([expect.objectContaining({ atText: '2027-03-01 09:00', why: { chosen: 'earliest', notEnoughData: ['mastodon'] } })]);
    // With --min-posts 3 its three Thursday posts count.
    const three = JSON.parse(cli(['schedule', '--best-times', '--min-posts', '3', '--dry-run', '--json', ...NOW, '-C', dir]).stdout);
    expect(three.placed.map((p: { atText: string }) => p.atText)).toEqual(['2027-03-04 17:00']);
  });

  it('rules still hold: a blackout over the best day sends the post to the next best slot', () => {
    const dir = repo({ 'socialcal.yaml': `${CONFIG}blackouts:\n  - { name: Offsite, from: 2027-03-04, to: 2027-03-04 }\n`, 'posts/a.yaml': tip(1) }, HISTORY);
    const report = JSON.parse(cli(['schedule', '--best-times', '--dry-run', '--json', ...NOW, '-C', dir]).stdout);
    expect(report.placed.map((p: { atText: string }) => p.atText)).toEqual(['2027-03-02 09:00']);
  });

  it('with no metrics at all it says so in a note (exit 0) and takes the earliest slots', () => {
    const dir = repo({ 'posts/a.yaml': tip(1) });
    const r = cli(['schedule', '--best-times', ...NOW, '-C', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Note: --best-times: no metrics history on the socialcal-ledger branch yet, so every post takes its earliest free slot');
    expect(r.stdout).toContain('posts/a.yaml: got at: 2027-03-01 09:00');
    const json = JSON.parse(cli(['schedule', '--best-times', '--dry-run', '--json', ...NOW, '-C', repo({ 'posts/a.yaml': tip(1) })]).stdout);
    expect(json.notes).toEqual([expect.stringContaining('no metrics history')]);
  });

  it('a wrong --min-posts is a usage error', () => {
    const dir = repo({ 'posts/a.yaml': tip(1) });
    expect(cli(['schedule', '--best-times', '--min-posts', 'lots', ...NOW, '-C', dir]).code).toBe(2);
  });
});
