// A repeating post publishes each occurrence exactly once: the built CLI, a bare remote as the
// ledger's home, a fake Mastodon on 127.0.0.1, and a run killed between accept and record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { cliProcess } from '../support/cli.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { ageClaims, showFile } from '../support/git.js';
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
const ledger = (remote: string, id: string) => parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);
const sent = (text: string) => masto.statuses.filter((s) => s.text === text).length;

describe('publishing a repeating post', () => {
  it('each occurrence goes out once, under its own ledger record; a crash on one doubles neither', { timeout: 300_000 }, async () => {
    const proxy = await startLossyProxy(masto.url);
    try {
      const text = 'Weekly office hours, Wednesdays 12:00 UTC';
      const repo = calendarRepo(configYaml({ masto: account(proxy.url) }), [
        { id: 'office-hours', at: '2027-01-06 11:00', channels: ['masto'], text, extra: 'repeat: { every: 1 week, count: 3 }' },
      ]);
      const env = { MASTO_TOKEN: masto.token };
      const publish = (now: string, dir = repo.clone()) => cliProcess(['publish', '-C', dir, '--now', now, '--json'], env);

      const first = await publish('2027-01-06T12:00:00Z');
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout).pairs).toEqual([expect.objectContaining({ post: 'office-hours', state: 'published' })]);
      expect(sent(text)).toBe(1);

      // The second occurrence: the run is killed after Mastodon accepted, before the record.
      proxy.loseNext((m, p) => m === 'POST' && p === '/api/v1/statuses', 'hold');
      const killed = await cliProcess(['publish', '-C', repo.clone(), '--now', '2027-01-13T12:00:00Z'], env, (kill) => void proxy.accepted().then(kill));
      expect(killed.signal).toBe('SIGKILL');
      expect(sent(text)).toBe(2);
      expect(ledger(repo.remote, 'office-hours@2027-01-13').accounts.masto.state).toBe('claimed');
      expect(ledger(repo.remote, 'office-hours').accounts.masto.state).toBe('published');

      ageClaims(repo.remote, 31);
      const next = await publish('2027-01-13T12:00:00Z');
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout).pairs).toEqual([expect.objectContaining({ post: 'office-hours@2027-01-13', action: 'reconcile', state: 'published' })]);
      expect(sent(text)).toBe(2);

      const third = await publish('2027-01-20T12:00:00Z');
      expect(JSON.parse(third.stdout).pairs).toEqual([expect.objectContaining({ post: 'office-hours@2027-01-20', state: 'published' })]);
      const again = await publish('2027-01-20T12:30:00Z');
      expect(JSON.parse(again.stdout).pairs).toEqual([]);
      expect(sent(text)).toBe(3);
      expect(ledger(repo.remote, 'office-hours@2027-01-20').accounts.masto.state).toBe('published');
    } finally {
      await proxy.close();
    }
  });
});
