// `socialcal metrics` as a user runs it: the mistakes people make get exit 2 and a message that
// says what and how to fix; a calendar with nothing published says so.
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { commitFiles, git, initRepo } from '../support/git.js';
import { calendarRepo, configYaml } from '../publish/calendar.js';

const config = configYaml({ masto: 'platform: mastodon\nserver: https://mastodon.example\ncredentials: { token: MASTO_TOKEN }' });

describe('socialcal metrics on the command line', () => {
  it('refuses a mistyped account, an unreadable duration or date, naming the flag', () => {
    const { work } = calendarRepo(config, []);
    const typo = cli(['metrics', '--accounts', 'mastp'], { cwd: work });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--accounts.*mastp/);
    expect(typo.stderr).toContain('masto');
    const wait = cli(['metrics', '--max-wait', 'a while'], { cwd: work });
    expect(wait.code).toBe(2);
    expect(wait.stderr).toContain('--max-wait a while: not a duration');
    const since = cli(['metrics', '--since', 'last tuesday'], { cwd: work });
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since last tuesday');
  });

  it('says that nothing is published yet, and changes nothing', () => {
    const { work, remote } = calendarRepo(config, []);
    const run = cli(['metrics'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing published yet');
    expect(() => git(remote, 'rev-parse', '--verify', 'refs/heads/socialcal-ledger')).toThrow();
    const json = JSON.parse(cli(['metrics', '--json'], { cwd: work }).stdout);
    expect(json).toMatchObject({ nothingPublished: true, read: 0, written: 0, ok: true });
  });

  it('without the ledger\'s remote in this clone, says which remote and how to fix it', () => {
    const dir = initRepo({ 'socialcal.yaml': config });
    const run = cli(['metrics'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the ledger\'s remote "origin"');
  });

  it('a hand-damaged metrics file on the ledger branch stops the run naming the file and the field', () => {
    const repo = calendarRepo(config, []);
    // Someone edited the ledger branch by hand and pushed it.
    const editor = repo.clone();
    git(editor, 'checkout', '--quiet', '--orphan', 'socialcal-ledger');
    git(editor, 'rm', '-rfq', '.');
    commitFiles(editor, {
      'published/p1.yaml': 'post: p1\naccounts:\n  masto:\n    state: published\n    run: r\n    claimedAt: 2027-01-20T11:00:00.000Z\n    updatedAt: 2027-01-20T11:00:00.000Z\n    publishedAt: 2027-01-20T11:00:00.000Z\n    attempts: 1\n    items:\n      - handle: h1\n        id: "101"\n',
      'metrics/posts/p1.yaml': 'post: p1\naccounts:\n  masto:\n    platform: mastodon\n    publishedAt: 2027-01-20T11:00:00Z\n    snapshots:\n      1h: {at: 2027-01-20T12:00:00Z, likes: lots}\n',
    }, 'hand edit');
    git(editor, 'push', '--quiet', 'origin', 'socialcal-ledger');

    const run = cli(['metrics'], { cwd: repo.work, env: { MASTO_TOKEN: 'token' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('metrics file metrics/posts/p1.yaml on the ledger branch is damaged: accounts.masto.snapshots.1h.likes');
    expect(run.stderr).toContain('restore it from the ledger branch');
  });
});
