// `doctor` against the fake Mastodon and webhook servers and a real local PDS.
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { run } from '../../src/cli.js';
import { checkAccounts } from '../../src/platforms/doctor.js';
import { start, type FakeMastodon } from '../support/fake-mastodon.js';
import { bareRepo, git } from '../support/git.js';
import { startDiscord, startSlack, type DiscordMessage, type FakeWebhook, type SlackMessage } from '../support/fake-webhooks.js';

let network: TestNetworkNoAppView;
let mastodon: FakeMastodon;
let discord: FakeWebhook<DiscordMessage>;
let slack: FakeWebhook<SlackMessage>;
let env: NodeJS.ProcessEnv;
let accounts: Account[];

beforeAll(async () => {
  [network, mastodon, discord, slack] = await Promise.all([TestNetworkNoAppView.create({}), start(), startDiscord(), startSlack()]);
  const agent = network.pds.getClient();
  await agent.createAccount({ handle: 'alice.test', email: 'alice@test.com', password: 'alice-pass' });
  const appPassword = (await agent.com.atproto.server.createAppPassword({ name: 'ci' })).data.password;
  env = { BSKY_APP_PASSWORD: appPassword, MASTODON_TOKEN: mastodon.token, DISCORD_WEBHOOK_URL: discord.url, SLACK_WEBHOOK_URL: slack.url };
  accounts = [
    { name: 'bsky', platform: 'bluesky', handle: 'alice.test', server: network.pds.url, credentials: { password: 'BSKY_APP_PASSWORD' }, settings: {} },
    { name: 'masto', platform: 'mastodon', server: mastodon.url, credentials: { token: 'MASTODON_TOKEN' }, settings: {} },
    { name: 'discord', platform: 'discord', credentials: { webhook: 'DISCORD_WEBHOOK_URL' }, settings: {} },
    { name: 'slack', platform: 'slack', credentials: { webhook: 'SLACK_WEBHOOK_URL' }, settings: {} },
  ];
});

afterAll(async () => {
  await Promise.all([network?.close(), mastodon?.close(), discord?.close(), slack?.close()]);
});

describe('checkAccounts', () => {
  it('passes when every account has credentials that work and the clock agrees', async () => {
    const report = await checkAccounts(accounts, env);
    expect(report.accounts.map((a) => [a.account, a.ok, a.verified?.ok])).toEqual([
      ['bsky', true, true],
      ['masto', true, true],
      ['discord', true, true],
      ['slack', true, true],
    ]);
    expect(report.ok).toBe(true);
    expect(report.accounts[0].credentials).toEqual([
      { key: 'identifier', var: 'SOCIALCAL_BSKY_IDENTIFIER', set: false, fallback: 'alice.test', describe: expect.any(String) },
      { key: 'password', var: 'BSKY_APP_PASSWORD', set: true, describe: expect.any(String) },
    ]);
    const clock = report.accounts[1].clock!;
    expect(clock.server).toBe(mastodon.url);
    expect(Math.abs(clock.skewMs)).toBeLessThan(2000);
    // The webhook's origin only: no token in the report.
    expect(report.accounts[2].clock?.server).toBe(new URL(discord.url).origin);
    expect(JSON.stringify(report)).not.toContain('discord-webhook-token-abc');
    expect(JSON.stringify(report)).not.toContain(env.BSKY_APP_PASSWORD);
    // Slack's check posted nothing.
    expect(slack.statuses).toHaveLength(0);
  });

  it('fails for missing variables, rejected credentials and a wrong clock', async () => {
    const report = await checkAccounts(
      [...accounts, { name: 'li', platform: 'linkedin', credentials: {}, settings: { author: 'urn:li:organization:1' } }],
      { ...env, MASTODON_TOKEN: 'wrong-token', SLACK_WEBHOOK_URL: undefined },
      { now: () => Date.now() + 5 * 60_000 },
    );
    expect(report.ok).toBe(false);
    const by = Object.fromEntries(report.accounts.map((a) => [a.account, a]));
    expect(by.masto.verified).toMatchObject({ ok: false, detail: expect.stringContaining('MASTODON_TOKEN') });
    expect(by.masto.verified!.detail).not.toContain('wrong-token');
    expect(by.slack.credentials).toEqual([{ key: 'webhook', var: 'SLACK_WEBHOOK_URL', set: false, describe: expect.any(String) }]);
    expect(by.slack.verified).toBeUndefined();
    expect(by.slack.ok).toBe(false);
    expect(by.li.ok).toBe(false);
    expect(by.li.verified).toBeUndefined();
    expect(by.li.credentials[0]).toMatchObject({ var: 'SOCIALCAL_LI_TOKEN', set: false });
    expect(by.bsky.clock).toMatchObject({ ok: false });
    expect(by.bsky.clock!.skewMs).toBeGreaterThan(290_000);
  });

  it('times out a platform that does not answer', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const report = await checkAccounts([{ ...accounts[1], server: `http://127.0.0.1:${port}` }], env, { timeoutMs: 200 });
      expect(report.accounts[0].verified).toMatchObject({ ok: false });
      expect(report.ok).toBe(false);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('socialcal doctor', () => {
  it('checks the accounts of a calendar and prints JSON, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socialcal-doctor-'));
    writeFileSync(
      join(dir, 'socialcal.yaml'),
      [
        'timezone: Europe/Berlin',
        'accounts:',
        '  masto:',
        '    platform: mastodon',
        `    server: ${mastodon.url}`,
        '    credentials: { token: MASTODON_TOKEN }',
        '  discord:',
        '    platform: discord',
        '    credentials: { webhook: DISCORD_WEBHOOK_URL }',
        '',
      ].join('\n'),
    );
    // A clone with its remote: doctor also checks that the ledger's remote answers.
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'remote', 'add', 'origin', bareRepo());
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.stubEnv('MASTODON_TOKEN', mastodon.token);
    vi.stubEnv('DISCORD_WEBHOOK_URL', discord.url);
    try {
      expect(await run(['node', 'socialcal', '-C', dir, 'doctor', '--json'])).toBe(0);
      const report = JSON.parse(out.join(''));
      expect(report.accounts.map((a: { account: string; ok: boolean }) => [a.account, a.ok])).toEqual([
        ['masto', true],
        ['discord', true],
      ]);
      expect(report.ledger).toMatchObject({ ok: true, where: 'remote origin, branch socialcal-ledger' });
      out.length = 0;
      vi.stubEnv('MASTODON_TOKEN', '');
      expect(await run(['node', 'socialcal', '-C', dir, 'doctor', '--account', 'masto'])).toBe(1);
      expect(out.join('')).toContain('✗ MASTODON_TOKEN is not set');
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
