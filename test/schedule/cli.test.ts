import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { git, initRepo } from '../support/git.js';
import { removeDir } from '../support/calendar-dir.js';

// `socialcal schedule` and `check` as a user runs them, in a real git repository.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CONFIG = `timezone: Europe/Berlin
accounts:
  bluesky: { platform: bluesky, handle: acme.bsky.social }
  linkedin: { platform: linkedin, author: "urn:li:organization:1" }
queues:
  tips:
    slots:
      - { days: [tue, thu], times: ["10:00"], accounts: [bluesky] }
`;
const TIP = '# a queued tip\nqueue: tips # schedule fills this in\nchannels: [bluesky]\ntext: Tip one\n';
const NOW = ['--now', '2027-03-01T00:00:00Z'];

function repo(extra: Record<string, string> = {}): string {
  const dir = initRepo({ 'socialcal.yaml': CONFIG, 'posts/tip-1.yaml': TIP, 'posts/tip-2.yaml': TIP.replace('Tip one', 'Tip two'), ...extra });
  dirs.push(dir);
  return dir;
}

describe('socialcal schedule', () => {
  it('--dry-run says what would happen and writes nothing', () => {
    const dir = repo();
    const r = cli(['schedule', '--dry-run', ...NOW, '-C', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run: 2 of 2 queued posts would be scheduled (no files written).');
    expect(r.stdout).toContain('posts/tip-1.yaml: would get at: 2027-03-02 10:00  [queue tips]');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('writes the times into the files, changing only the queue line; check is clean afterwards', () => {
    const dir = repo();
    const r = cli(['schedule', ...NOW, '-C', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 of 2 queued posts were scheduled.');
    expect(readFileSync(join(dir, 'posts/tip-1.yaml'), 'utf8')).toBe(TIP.replace('queue: tips', 'at: 2027-03-02 10:00'));
    expect(readFileSync(join(dir, 'posts/tip-2.yaml'), 'utf8')).toContain('at: 2027-03-04 10:00 # schedule fills this in');
    expect(git(dir, 'diff', '--numstat').split('\n')).toEqual(['1\t1\tposts/tip-1.yaml', '1\t1\tposts/tip-2.yaml']);
    expect(cli(['check', ...NOW, '-C', dir]).code).toBe(0);
    // Running again finds nothing queued and changes nothing.
    const again = cli(['schedule', ...NOW, '-C', dir]);
    expect(again.stdout).toContain('No queued posts.');
    expect(git(dir, 'diff', '--numstat').split('\n')).toHaveLength(2);
  });

  it('--json reports placements with ISO instants and wall times', () => {
    const dir = repo();
    const r = cli(['schedule', '--dry-run', '--json', ...NOW, '-C', dir]);
    expect(JSON.parse(r.stdout)).toEqual({
      timezone: 'Europe/Berlin',
      dryRun: true,
      placed: [
        { id: 'tip-1', file: 'posts/tip-1.yaml', queue: 'tips', at: '2027-03-02T09:00:00.000Z', atText: '2027-03-02 10:00', timezone: 'Europe/Berlin' },
        { id: 'tip-2', file: 'posts/tip-2.yaml', queue: 'tips', at: '2027-03-04T09:00:00.000Z', atText: '2027-03-04 10:00', timezone: 'Europe/Berlin' },
      ],
      unplaced: [],
    });
  });

  it('a post no slot can take: schedule exits 1 and says why; check reports it at its queue line', () => {
    const dir = repo({ 'posts/li.yaml': 'queue: tips\nchannels: [linkedin]\ntext: For LinkedIn\n' });
    const r = cli(['schedule', ...NOW, '-C', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('posts/li.yaml: not scheduled [queue tips]: its slots are only for accounts bluesky; the post goes to linkedin');
    const check = cli(['check', '--json', ...NOW, '-C', dir]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).problems).toMatchObject([{ file: 'posts/li.yaml', line: 1, code: 'queue-unplaced', path: 'queue' }]);
    expect(readFileSync(join(dir, 'posts/li.yaml'), 'utf8')).toBe('queue: tips\nchannels: [linkedin]\ntext: For LinkedIn\n');
  });

  it('check runs the content rules on queued posts too', () => {
    const dir = repo({ 'posts/long.yaml': `queue: tips\nchannels: [bluesky]\ntext: ${'x'.repeat(400)}\n` });
    const check = cli(['check', '--json', ...NOW, '-C', dir]);
    expect(JSON.parse(check.stdout).problems).toMatchObject([{ file: 'posts/long.yaml', rule: 'max-length' }]);
  });

  it('queued posts have no time yet: ls does not list them', () => {
    const dir = repo();
    const ls = cli(['ls', '--all', '--json', ...NOW, '-C', dir]);
    expect(JSON.parse(ls.stdout).posts).toEqual([]);
  });

  it('usage mistakes exit 2 naming the flag', () => {
    const dir = repo();
    expect(cli(['schedule', '--horizon', 'soon', ...NOW, '-C', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--horizon soon: not a duration') });
    expect(cli(['schedule', '--from', 'tomorrow', ...NOW, '-C', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--from tomorrow') });
  });
});
