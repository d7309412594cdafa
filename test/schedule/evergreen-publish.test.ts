// Evergreen rotation on the real publish path: the built CLI, a bare remote as the ledger's home,
// a fake Mastodon on 127.0.0.1, and a run killed between accept and record. `schedule` reads the
// ledger to see that an occurrence went out, writes the next one into the file, and `publish`
// sends each occurrence exactly once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { cli, cliProcess } from '../support/cli.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { ageClaims, cloneRepo, git, showFile } from '../support/git.js';
import { calendarRepo, configYaml } from '../publish/calendar.js';
import { startLossyProxy } from '../publish/lossy-proxy.js';

let masto: FakeMastodon;
beforeAll(async () => {
  masto = await startMastodon();
});
afterAll(async () => {
  await masto.close();
});

const account = (server: string) => `platform: mastodon\nserver: ${server}\ncredentials: { token: MASTO_TOKEN }`;
const QUEUES = 'queues:\n  tips:\n    slots:\n      - { days: [tue, thu], times: ["10:00"] }\n';
const TEXT = 'Run only the tests a change touches';
const TIP = `# An evergreen tip: it comes back every 30 days at the least.\nid: tip\nqueue: tips\nevergreen:\n  every: 30 days\nchannels: [masto]\ntext: ${TEXT}\n`;
const ledger = (remote: string, id: string) => parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);
const sent = () => masto.statuses.filter((s) => s.text === TEXT).length;

/** Runs `schedule` in a fresh clone and pushes what it wrote, as a merged pull request would. */
function scheduleAndMerge(remote: string, now: string): { out: ReturnType<typeof cli>; file: string } {
  const dir = cloneRepo(remote);
  const out = cli(['schedule', '--json', '--now', now, '-C', dir]);
  if (git(dir, 'status', '--porcelain') !== '') {
    git(dir, 'commit', '--quiet', '-am', 'schedule');
    git(dir, 'push', '--quiet', 'origin', 'main');
  }
  return { out, file: readFileSync(join(dir, 'posts/tip.yaml'), 'utf8') };
}

describe('evergreen rotation', () => {
  it('publish occurrence 1, schedule places occurrence 2 no sooner than every and on a free slot, publish it once despite a crash', { timeout: 300_000 }, async () => {
    const proxy = await startLossyProxy(masto.url);
    try {
      // Thursday Feb 4 (30 days after Jan 5) is taken by another post, so occurrence 2 goes to Tuesday Feb 9.
      const other = 'id: other\nat: 2027-02-04 10:00\nchannels: [masto]\ntext: Something else\n';
      const repo = calendarRepo(configYaml({ masto: account(proxy.url) }, QUEUES), [], { 'posts/tip.yaml': TIP, 'posts/other.yaml': other });
      const env = { MASTO_TOKEN: masto.token };
      const publish = (now: string) => cliProcess(['publish', '-C', repo.clone(), '--now', now, '--json'], env);

      // The first occurrence: the queue's first slot; `queue` stays in the file.
      const first = scheduleAndMerge(repo.remote, '2027-01-01T00:00:00Z');
      expect(first.out.code, first.out.stderr).toBe(0);
      expect(first.file).toBe(TIP.replace('queue: tips\n', 'queue: tips\nat: 2027-01-05 10:00\n'));
      const one = await publish('2027-01-05T10:00:00Z');
      expect(JSON.parse(one.stdout).pairs).toEqual([expect.objectContaining({ post: 'tip', state: 'published' })]);
      expect(sent()).toBe(1);

      // Before it went out there is nothing to rotate; after, the next occurrence is written with the history.
      const early = scheduleAndMerge(repo.remote, '2027-01-04T00:00:00Z');
      expect(JSON.parse(early.out.stdout)).toMatchObject({ placed: [], unplaced: [] });
      const second = scheduleAndMerge(repo.remote, '2027-01-06T00:00:00Z');
      expect(second.out.code, second.out.stderr).toBe(0);
      expect(JSON.parse(second.out.stdout).placed).toEqual([
        expect.objectContaining({
          file: 'posts/tip.yaml',
          atText: '2027-02-09 10:00',
          evergreen: { occurrence: 'tip@2027-02-09', every: '30 days', after: { id: 'tip', atText: '2027-01-05 10:00', state: 'published' }, notBefore: '2027-02-04T00:00:00.000Z', notBeforeText: '2027-02-04' },
        }),
      ]);
      expect(second.file).toBe(TIP.replace('queue: tips\n', 'queue: tips\nat: 2027-02-09 10:00\n').replace('  every: 30 days\n', '  every: 30 days\n  history:\n    - 2027-01-05 10:00\n'));
      const ls = cli(['ls', '--all', '--json', '--now', '2027-01-06T00:00:00Z', '-C', cloneRepo(repo.remote)]);
      expect(JSON.parse(ls.stdout).posts.map((p: { id: string }) => p.id)).toEqual(['tip', 'other', 'tip@2027-02-09']);
      // Running schedule again changes nothing: the post has a future occurrence.
      expect(JSON.parse(scheduleAndMerge(repo.remote, '2027-01-07T00:00:00Z').out.stdout).placed).toEqual([]);

      // Occurrence 2: the run is killed after Mastodon accepted, before the record.
      proxy.loseNext((m, p) => m === 'POST' && p === '/api/v1/statuses', 'hold');
      const killed = await cliProcess(['publish', '-C', repo.clone(), '--now', '2027-02-09T10:00:00Z'], env, (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      expect(sent()).toBe(2);
      expect(ledger(repo.remote, 'tip@2027-02-09').accounts.masto.state).toBe('claimed');
      // While the claim is open, schedule does not rotate: it says why and writes nothing.
      const waiting = scheduleAndMerge(repo.remote, '2027-02-09T11:00:00Z');
      expect(waiting.out.code, waiting.out.stderr).toBe(0);
      expect(JSON.parse(waiting.out.stdout).waiting).toEqual([{ id: 'tip@2027-02-09', file: 'posts/tip.yaml', reason: 'tip@2027-02-09 is claimed on masto; the rotation waits until publish settles it' }]);
      expect(waiting.file).toBe(second.file);

      ageClaims(repo.remote, 31);
      // Two overlapping runs reconcile the claim: it went out already, so neither posts again.
      const [a, b] = await Promise.all([publish('2027-02-09T10:30:00Z'), publish('2027-02-09T10:30:00Z')]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect(sent()).toBe(2);
      expect(ledger(repo.remote, 'tip@2027-02-09').accounts.masto.state).toBe('published');
      expect(ledger(repo.remote, 'tip').accounts.masto.state).toBe('published');
      const again = await publish('2027-02-09T11:00:00Z');
      expect(JSON.parse(again.stdout).pairs).toEqual([]);
      expect(sent()).toBe(2);

      // The third occurrence follows the second the same way: on the 10:00 slot 30 days on, though the
      // ledger recorded the second at 10:30 (the gap counts days, not minutes).
      const third = scheduleAndMerge(repo.remote, '2027-02-10T00:00:00Z');
      expect(third.out.code, third.out.stderr).toBe(0);
      expect(JSON.parse(third.out.stdout).placed.map((p: { evergreen: { occurrence: string } }) => p.evergreen.occurrence)).toEqual(['tip@2027-03-11']);
      expect(third.file).toContain('  history:\n    - 2027-01-05 10:00\n    - 2027-02-09 10:00\n');
      expect(cli(['check', '--now', '2027-02-10T00:00:00Z', '-C', cloneRepo(repo.remote)]).code).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('an occurrence that went out but whose ledger cannot be read is an error (exit 2), not a silent re-queue', { timeout: 120_000 }, async () => {
    const repo = calendarRepo(configYaml({ masto: account(masto.url) }, QUEUES), [], { 'posts/tip.yaml': TIP.replace('queue: tips\n', 'queue: tips\nat: 2027-01-05 10:00\n') });
    const one = await cliProcess(['publish', '-C', repo.clone(), '--now', '2027-01-05T10:00:00Z', '--json'], { MASTO_TOKEN: masto.token });
    expect(JSON.parse(one.stdout).pairs).toEqual([expect.objectContaining({ post: 'tip', state: 'published' })]);

    // A checkout without the remote (and so without the ledger branch it had fetched).
    const dir = cloneRepo(repo.remote);
    git(dir, 'remote', 'remove', 'origin');
    const before = readFileSync(join(dir, 'posts/tip.yaml'), 'utf8');
    const r = cli(['schedule', '--now', '2027-01-06T00:00:00Z', '-C', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot tell whether an evergreen post went out: posts/tip.yaml (tip, 2027-01-05 10:00); the publish ledger (branch socialcal-ledger, on origin or here) cannot be read');
    expect(r.stderr).toContain('git fetch origin socialcal-ledger');
    expect(readFileSync(join(dir, 'posts/tip.yaml'), 'utf8')).toBe(before);
  });
});
