// The workflows that talk to the platforms pass exactly the secrets the accounts' adapters read:
// generated from socialcal.yaml by `init` and `init --update-workflows`, checked by `doctor`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Account, PlatformId } from '../../src/calendar/model.js';
import { PLATFORMS } from '../../src/calendar/model.js';
import { requireCalendar } from '../../src/commands/shared.js';
import { UsageError } from '../../src/errors.js';
import { CREDENTIAL_KEYS } from '../../src/platforms/credentials.js';
import { createAdapter } from '../../src/platforms/index.js';
import { checkWorkflowSecrets, workflowSecrets } from '../../src/scaffold/workflow-secrets.js';
import { cli } from '../support/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'socialcal-workflow-secrets-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** One account a platform, each with the settings its adapter requires; Mastodon's secret has a name of the team's choosing. */
const ACCOUNTS: Record<PlatformId, string> = {
  bluesky: 'acme-bsky:\n    platform: bluesky\n    handle: acme.bsky.social',
  mastodon: 'masto:\n    platform: mastodon\n    server: https://mastodon.example\n    credentials: { token: TEAM_MASTODON }',
  x: 'x:\n    platform: x',
  linkedin: 'linkedin:\n    platform: linkedin\n    author: urn:li:organization:2414183',
  threads: 'threads:\n    platform: threads\n    userId: "17841400000000001"',
  facebook: 'facebook:\n    platform: facebook\n    pageId: "104500000000003"',
  instagram: 'instagram:\n    platform: instagram\n    userId: "17841400000000002"',
  discord: 'discord:\n    platform: discord',
  slack: 'team-slack:\n    platform: slack',
  telegram: 'telegram:\n    platform: telegram\n    chat: "@acme_news"',
};

function calendar(name: string, accounts: string, extra = ''): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'socialcal.yaml'), `timezone: UTC\naccounts:\n  ${accounts.split('\n').join('\n  ')}\n${extra}`);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

const allAccounts = Object.values(ACCOUNTS).join('\n');
const workflowFile = (dir: string, name: string) => readFileSync(join(dir, '.github/workflows', `socialcal-${name}.yml`), 'utf8');

/** The env names of the step that runs `socialcal <command>`, besides git's identity. */
function stepSecrets(text: string, command: string): string[] {
  const wf = parse(text);
  const steps = (Object.values(wf.jobs) as { steps: { run?: string; env?: Record<string, string> }[] }[]).flatMap((j) => j.steps);
  const step = steps.find((s) => new RegExp(`socialcal ${command}\\b`).test(s.run ?? ''))!;
  for (const [name, value] of Object.entries(step.env ?? {})) if (!name.startsWith('GIT_')) expect(value).toBe(`\${{ secrets.${name} }}`);
  return Object.keys(step.env ?? {}).filter((name) => !name.startsWith('GIT_'));
}

/** The variables an account reads, from the adapters' declared credential keys (SOCIALCAL_<ACCOUNT>_<SUFFIX> unless named in socialcal.yaml). */
function declared(account: string, platform: PlatformId, named: Record<string, string> = {}): string[] {
  return CREDENTIAL_KEYS[platform].map((spec) => named[spec.key] ?? `SOCIALCAL_${account.toUpperCase().replace(/-/g, '_')}_${spec.suffix}`);
}

const EXPECTED = [
  ...declared('acme-bsky', 'bluesky'),
  ...declared('masto', 'mastodon', { token: 'TEAM_MASTODON' }),
  ...declared('x', 'x'),
  ...declared('linkedin', 'linkedin'),
  ...declared('threads', 'threads'),
  ...declared('facebook', 'facebook'),
  ...declared('instagram', 'instagram'),
  ...declared('discord', 'discord'),
  ...declared('team-slack', 'slack'),
  ...declared('telegram', 'telegram'),
];

describe('init --update-workflows: one account a platform', () => {
  const dir = calendar('every-platform', allAccounts, 'listening:\n  notify: { slack: SPIKE_SLACK, discord: SPIKE_DISCORD }\n  queries:\n    brand:\n      accounts: [acme-bsky]\n      terms: [acme]\n');
  const r = cli(['init', '--update-workflows', '--json'], { cwd: dir });

  it('writes publish, metrics and listen; each passes exactly the variables the accounts read', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(ACCOUNTS).sort()).toEqual([...PLATFORMS].sort()); // no platform left out of this test
    expect(JSON.parse(r.stdout).written).toEqual(['.github/workflows/socialcal-publish.yml', '.github/workflows/socialcal-metrics.yml', '.github/workflows/socialcal-listen.yml']);
    expect(stepSecrets(workflowFile(dir, 'publish'), 'publish')).toEqual(EXPECTED);
    expect(stepSecrets(workflowFile(dir, 'metrics'), 'metrics')).toEqual(EXPECTED);
    // listen searches through Bluesky and Mastodon accounts and tells the spike webhooks.
    expect(stepSecrets(workflowFile(dir, 'listen'), 'listen')).toEqual([...declared('acme-bsky', 'bluesky'), 'TEAM_MASTODON', 'SPIKE_SLACK', 'SPIKE_DISCORD']);
    // Only the secret lines come from the accounts: the rest is the workflow init always writes.
    expect(workflowFile(dir, 'publish')).toContain("cron: '*/15 * * * *'");
  });

  it('with exactly those variables set, every adapter starts; without any one of them, it says which is missing', async () => {
    const { calendar: loaded } = requireCalendar(dir);
    const env = Object.fromEntries(EXPECTED.map((name) => [name, /WEBHOOK/.test(name) ? 'https://hooks.example/services/T0/B0/secret-value' : 'secret-value']));
    for (const account of Object.values(loaded.config.accounts)) {
      await expect(createAdapter(account, env), account.name).resolves.toBeDefined();
      const own = workflowSecrets('publish', { accounts: [account] });
      const required = own.filter((name) => !/IDENTIFIER|CLIENT_(ID|SECRET)/.test(name)); // Bluesky falls back to the handle; LinkedIn's app keys are optional
      for (const name of required) {
        const { [name]: _dropped, ...without } = env;
        await expect(createAdapter(account, without), `${account.name} without ${name}`).rejects.toThrow(name);
      }
    }
  });

  it('running it again changes nothing; a new account is added to the workflows that only differ in their secrets', () => {
    const again = cli(['init', '--update-workflows', '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ written: [], updated: [], kept: expect.arrayContaining(['.github/workflows/socialcal-publish.yml']) });
    const config = readFileSync(join(dir, 'socialcal.yaml'), 'utf8');
    writeFileSync(join(dir, 'socialcal.yaml'), config.replace('accounts:\n', 'accounts:\n  news-bot:\n    platform: telegram\n    chat: "-1001234567890"\n'));
    const added = cli(['init', '--update-workflows'], { cwd: dir });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('~ .github/workflows/socialcal-publish.yml (secrets updated)');
    expect(added.stdout).toContain('= .github/workflows/socialcal-listen.yml (kept)'); // Telegram is not searched
    expect(stepSecrets(workflowFile(dir, 'publish'), 'publish')).toEqual(['SOCIALCAL_NEWS_BOT_BOT_TOKEN', ...EXPECTED]);
  });
});

describe('a hand-edited workflow', () => {
  it('is kept with a note naming the secrets it lacks; --force rewrites it', () => {
    const dir = calendar('hand-edited', ACCOUNTS.mastodon);
    expect(cli(['init', '--update-workflows'], { cwd: dir }).code).toBe(0);
    const edited = workflowFile(dir, 'publish').replace("cron: '*/15 * * * *'", "cron: '*/5 * * * *'");
    writeFileSync(join(dir, '.github/workflows/socialcal-publish.yml'), edited);
    writeFileSync(join(dir, 'socialcal.yaml'), readFileSync(join(dir, 'socialcal.yaml'), 'utf8') + '  discord:\n    platform: discord\n');
    const kept = cli(['init', '--update-workflows', '--json'], { cwd: dir });
    const result = JSON.parse(kept.stdout);
    expect(result.kept).toContain('.github/workflows/socialcal-publish.yml');
    expect(result.updated).toEqual(['.github/workflows/socialcal-metrics.yml']);
    expect(result.notes.join('\n')).toContain('.github/workflows/socialcal-publish.yml was edited by hand, so it is kept: it does not pass SOCIALCAL_DISCORD_WEBHOOK_URL');
    expect(workflowFile(dir, 'publish')).toBe(edited);
    const forced = cli(['init', '--update-workflows', '--force', '--json'], { cwd: dir });
    expect(JSON.parse(forced.stdout).updated).toEqual(['.github/workflows/socialcal-publish.yml']);
    expect(stepSecrets(workflowFile(dir, 'publish'), 'publish')).toEqual(['TEAM_MASTODON', 'SOCIALCAL_DISCORD_WEBHOOK_URL']);
  });
});

describe('init on an existing calendar', () => {
  it('init --force writes missing workflows for the accounts socialcal.yaml has, not the example ones', () => {
    const dir = calendar('force', ACCOUNTS.x);
    const r = cli(['init', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(stepSecrets(workflowFile(dir, 'publish'), 'publish')).toEqual(declared('x', 'x'));
    expect(workflowFile(dir, 'publish')).not.toContain('BLUESKY');
  });

  it('without a flag it points to --update-workflows', () => {
    const dir = calendar('no-flag', ACCOUNTS.x);
    const r = cli(['init'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--update-workflows');
  });
});

describe('human mistakes: one clear error, exit 2, nothing written', () => {
  it.each([
    ['a name with spaces', 'credentials: { token: "mastodon token" }', 'accounts.masto.credentials.token is "mastodon token"', 'MASTODON_TOKEN'],
    ['a name GitHub reserves', 'credentials: { token: GITHUB_TOKEN }', 'accounts.masto.credentials.token is "GITHUB_TOKEN"', 'e.g. TOKEN'],
  ])('%s as a secret name in socialcal.yaml', (_, credentials, message, suggestion) => {
    const dir = calendar(`bad-${credentials.length}`, ACCOUNTS.mastodon.replace('credentials: { token: TEAM_MASTODON }', credentials));
    const r = cli(['init', '--update-workflows'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('cannot be the name of a GitHub Actions secret');
    expect(r.stderr).toContain(suggestion);
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(() => workflowFile(dir, 'publish')).toThrow();
  });

  it('a platform socialcal does not know: the config error with its line, before any file is written', () => {
    const dir = calendar('unknown-platform', 'tiktok:\n    platform: tiktok');
    const r = cli(['init', '--update-workflows'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/socialcal\.yaml:\d+:\d+: .*tiktok/);
    expect(() => workflowFile(dir, 'publish')).toThrow();
  });

  it('the generator itself refuses a platform it has no credential list for', () => {
    const account = { name: 'tt', platform: 'tiktok' as PlatformId, credentials: {} } satisfies Pick<Account, 'name' | 'platform' | 'credentials'>;
    expect(() => workflowSecrets('publish', { accounts: [account] })).toThrow(UsageError);
    expect(() => workflowSecrets('publish', { accounts: [account] })).toThrow('account "tt" is on platform "tiktok", which socialcal cannot pass secrets for');
  });

  it('--update-workflows outside a calendar', () => {
    const dir = join(temp, 'empty');
    mkdirSync(dir);
    const r = cli(['init', '--update-workflows'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--update-workflows: ');
    expect(r.stderr).toContain('socialcal.yaml does not exist');
  });
});

describe('doctor: do the workflows pass what the accounts need?', () => {
  // Accounts whose checks stay on this machine: no default servers, Mastodon on a closed local port.
  const accounts = ['masto:\n    platform: mastodon\n    server: http://127.0.0.1:9', ACCOUNTS.discord].join('\n');

  it('names the variables a workflow does not pass (names only), and is content once they are', () => {
    const dir = calendar('doctor', accounts);
    expect(cli(['init', '--update-workflows'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'socialcal.yaml'), readFileSync(join(dir, 'socialcal.yaml'), 'utf8') + '  team-slack:\n    platform: slack\n');
    const env = { SOCIALCAL_MASTO_TOKEN: 'very-secret-token-value' };
    const before = cli(['doctor', '--json', '--timeout', '2'], { cwd: dir, env });
    expect(before.code).toBe(1);
    const report = JSON.parse(before.stdout);
    expect(report.workflows).toEqual([
      { file: '.github/workflows/socialcal-publish.yml', needs: ['SOCIALCAL_MASTO_TOKEN', 'SOCIALCAL_DISCORD_WEBHOOK_URL', 'SOCIALCAL_TEAM_SLACK_WEBHOOK_URL'], missing: ['SOCIALCAL_TEAM_SLACK_WEBHOOK_URL'], ok: false },
      { file: '.github/workflows/socialcal-metrics.yml', needs: ['SOCIALCAL_MASTO_TOKEN', 'SOCIALCAL_DISCORD_WEBHOOK_URL', 'SOCIALCAL_TEAM_SLACK_WEBHOOK_URL'], missing: ['SOCIALCAL_TEAM_SLACK_WEBHOOK_URL'], ok: false },
      { file: '.github/workflows/socialcal-listen.yml', needs: ['SOCIALCAL_MASTO_TOKEN'], missing: [], ok: true },
    ]);
    // Per account: which variables it needs and whether each is set.
    expect(report.accounts.find((a: { account: string }) => a.account === 'team-slack').credentials).toEqual([
      expect.objectContaining({ var: 'SOCIALCAL_TEAM_SLACK_WEBHOOK_URL', set: false }),
    ]);
    const text = cli(['doctor', '--timeout', '2'], { cwd: dir, env }).stdout;
    expect(text).toContain('✗ .github/workflows/socialcal-publish.yml does not pass SOCIALCAL_TEAM_SLACK_WEBHOOK_URL');
    expect(text).toContain('socialcal init --update-workflows');
    expect(text).toContain('✓ SOCIALCAL_MASTO_TOKEN is set');
    expect(text + before.stdout).not.toContain('very-secret-token-value');

    expect(cli(['init', '--update-workflows'], { cwd: dir }).code).toBe(0);
    const after = JSON.parse(cli(['doctor', '--json', '--timeout', '2'], { cwd: dir, env }).stdout);
    expect(after.workflows.map((w: { ok: boolean }) => w.ok)).toEqual([true, true, true]);
  });

  it('a workflow with no socialcal step left is reported, not skipped', () => {
    const check = checkWorkflowSecrets('x.yml', 'name: x\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n', 'publish', { accounts: [] });
    expect(check).toMatchObject({ ok: false, problem: 'no step runs `socialcal publish` (or the file is not YAML)' });
  });
});
