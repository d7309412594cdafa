// `listen` end to end against the fake Mastodon (hashtag timelines and search with Link-header
// paging) and a bare git remote holding the ledger branch: counts, cursors, spikes, the
// automatic freeze that publish then obeys, webhooks, and two runs racing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/listen/run.js';
import { parseState } from '../../src/listen/state.js';
import { parseFreezes } from '../../src/publish/ledger.js';
import { calendarRepo, configYaml, load } from '../publish/calendar.js';
import { cli, cliProcess } from '../support/cli.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { startDiscord, type FakeWebhook, type DiscordMessage } from '../support/fake-webhooks.js';
import { git, showFile, tempDir } from '../support/git.js';

const NOW = new Date('2027-01-20T12:05:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
let masto: FakeMastodon;
let discord: FakeWebhook<DiscordMessage>;

beforeAll(async () => {
  masto = await startMastodon();
  discord = await startDiscord();
});
afterAll(async () => {
  await masto.close();
  await discord.close();
});

function config(extra = '') {
  return configYaml(
    { masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` },
    `listening:
  notify: { discord: ALERT_DISCORD_URL }
  queries:
    outage:
      accounts: [masto]
      hashtags: ["#acmedown"]
      terms: [acme outage]
      freeze: [promotional]
${extra}`,
  );
}

const state = (remote: string, query = 'outage') => parseState(showFile(remote, 'socialcal-ledger', `listening/${query}.yaml`), query);
const freezes = (remote: string) => parseFreezes(showFile(remote, 'socialcal-ledger', 'freeze.yaml'));

describe('socialcal listen on Mastodon', () => {
  it('back-fills the window, counts each post once, alerts on a burst once, freezes tagged posts once', async () => {
    // Three quiet days: one #acmedown post every 6 hours.
    const start = masto.statuses.length;
    for (let h = 72; h >= 6; h -= 6) masto.remote({ acct: `user${h}@remote.example`, text: `is #acmedown again?`, at: minutes(-h * 60) });
    const repo = calendarRepo(config(), [{ id: 'promo', at: '2027-01-20 13:00', channels: ['masto'], text: 'Buy now', tags: ['promotional'] }]);
    const env = { MASTO_TOKEN: masto.token, ALERT_DISCORD_URL: discord.url };
    const run = (at: Date) => listen(load(repo.work).calendar, { now: at, env, sleep: async () => undefined });

    const first = await run(NOW);
    expect(first.queries[0]).toMatchObject({ query: 'outage', added: 12, warmingUp: false, continuing: false, truncated: false });
    expect(first.queries[0].alert).toBeUndefined();
    const s1 = state(repo.remote);
    expect(Object.values(s1.hours).reduce((a, b) => a + b, 0)).toBe(12);
    expect(s1.trackedFrom?.toISOString()).toBe('2027-01-06T13:00:00.000Z'); // 336 hourly buckets back, the first complete one

    // Two mentions this hour — one matching both the hashtag and the term — count as two, no alert.
    masto.remote({ acct: 'a@x.example', text: 'acme outage? #acmedown', at: minutes(1) });
    masto.remote({ acct: 'b@x.example', text: 'is it an acme outage', at: minutes(2) });
    const second = await run(minutes(10));
    expect(second.queries[0]).toMatchObject({ added: 2, verdict: { count: 2, spike: false } });
    expect(discord.statuses).toHaveLength(0);

    // The burst: eight more in minutes.
    for (let i = 0; i < 8; i++) masto.remote({ acct: `c${i}@x.example`, text: `#acmedown for me too ${i}`, at: minutes(11 + i) });
    const third = await run(minutes(20));
    const q = third.queries[0];
    expect(q.verdict).toMatchObject({ count: 10, spike: true, kinds: ['volume', 'velocity'] });
    expect(q.alert).toMatchObject({ from: '2027-01-20T12', peak: 10, froze: ['promotional'] });
    expect(third.froze).toHaveLength(1);
    expect(third.notifyProblems).toEqual([]);
    const f = freezes(repo.remote);
    expect(f).toEqual([expect.objectContaining({ tags: ['promotional'], by: 'socialcal listen' })]);
    expect(f[0].reason).toContain('spike in "outage" — 10 mentions this hour');
    expect(git(repo.remote, 'log', '-1', '--format=%B', 'socialcal-ledger')).toMatch(/^socialcal listen: spike in "outage" \(10 mentions this hour, baseline 0\.07\/h\) — froze tags promotional/);
    expect(discord.statuses).toHaveLength(1);
    expect(discord.statuses[0].content).toContain('Spike in "outage": 10 mentions this hour');
    expect(discord.statuses[0].content).toContain('Publishing frozen for tags promotional');

    // A person lifts the freeze; the spike goes on into the next hour: no second alert, no re-freeze.
    expect(cli(['unfreeze', '--tag', 'promotional'], { cwd: repo.work }).code).toBe(0);
    for (let i = 0; i < 12; i++) masto.remote({ acct: `d${i}@x.example`, text: `#acmedown still ${i}`, at: minutes(60 + i) });
    const fourth = await run(minutes(75));
    expect(fourth.queries[0]).toMatchObject({ continuing: true, verdict: { count: 12, spike: true } });
    expect(fourth.queries[0].alert).toBeUndefined();
    expect(freezes(repo.remote)).toEqual([]);
    expect(discord.statuses).toHaveLength(1);
    expect(state(repo.remote).alerts).toEqual([expect.objectContaining({ from: '2027-01-20T12', last: '2027-01-20T13', peak: 12 })]);

    // Nothing new: nothing written.
    const tip = git(repo.remote, 'rev-parse', 'socialcal-ledger');
    await run(minutes(76));
    expect(git(repo.remote, 'rev-parse', 'socialcal-ledger')).toBe(tip);
    masto.statuses.splice(start);
    masto.notifications.splice(0);
  }, 180_000);

  it('two runs racing on two clones count every post exactly once', async () => {
    for (let i = 0; i < 7; i++) masto.remote({ acct: `r${i}@x.example`, text: `#acmerace ${i}`, at: minutes(-30 + i) });
    const repo = calendarRepo(
      configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }, 'listening:\n  queries:\n    race:\n      accounts: [masto]\n      hashtags: [acmerace]\n'),
      [],
    );
    const env = { MASTO_TOKEN: masto.token };
    await Promise.all([repo.clone(), repo.clone()].map((dir) => listen(load(dir).calendar, { now: NOW, env, sleep: async () => undefined })));
    const s = state(repo.remote, 'race');
    expect(s.hours['2027-01-20T11']).toBe(7);
    expect(Object.values(s.hours).reduce((a, b) => a + b, 0)).toBe(7);
  }, 180_000);

  it('pages hashtag timelines by their Link header and stops at the cursor', async () => {
    for (let i = 0; i < 95; i++) masto.remote({ acct: `p${i}@x.example`, text: `#acmepaged ${i}`, at: minutes(-200 + i) });
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }, 'listening:\n  queries:\n    paged:\n      accounts: [masto]\n      hashtags: [acmepaged]\n'), []);
    const env = { MASTO_TOKEN: masto.token };
    const seen = masto.requests.length;
    const report = await listen(load(repo.work).calendar, { now: NOW, env });
    expect(report.queries[0].added).toBe(95);
    const pages = masto.requests.slice(seen).filter((r) => r.path === '/api/v1/timelines/tag/acmepaged');
    // 40 + 40 + 15, then the empty page that ends the Link chain.
    expect(pages.map((r) => r.query.max_id ?? 'first')).toHaveLength(4);
    expect(pages[1].query).toMatchObject({ limit: '40', max_id: expect.any(String) });
    expect(pages.every((r) => r.headers.authorization === `Bearer ${masto.token}`)).toBe(true);

    // The next run reads one page: the newest posts are behind the cursor.
    masto.remote({ acct: 'late@x.example', text: '#acmepaged late', at: minutes(1) });
    const before = masto.requests.length;
    const again = await listen(load(repo.work).calendar, { now: minutes(5), env });
    expect(again.queries[0].added).toBe(1);
    expect(masto.requests.slice(before).filter((r) => r.path === '/api/v1/timelines/tag/acmepaged')).toHaveLength(1);
  }, 180_000);
});

describe('socialcal listen, the CLI', () => {
  it('a spike during a publish window: exit 1, annotation and summary; the tagged post is held, the rest go out; ls shows why', async () => {
    const repo = calendarRepo(config(), [
      { id: 'promo', at: '2027-01-20 12:00', channels: ['masto'], text: 'Big sale today', tags: ['promotional'] },
      { id: 'status-update', at: '2027-01-20 12:00', channels: ['masto'], text: 'We are looking into reports of problems' },
    ]);
    for (let i = 0; i < 9; i++) masto.remote({ acct: `e${i}@x.example`, text: `#acmedown ${i}`, at: minutes(-4 + i * 0.2) });
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    const env = { MASTO_TOKEN: masto.token, ALERT_DISCORD_URL: discord.url, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    // The first run back-fills the whole window (quiet), so it judges this hour at once.
    const listened = await cliProcess(['-C', repo.work, 'listen', '--now', minutes(5).toISOString()], env);
    expect(listened.stderr).toBe('');
    expect(listened.stdout).not.toContain('could not read');
    expect(listened.code).toBe(1);
    expect(listened.stdout).toContain('outage: 9 this hour');
    expect(listened.stdout).toContain('SPIKE (volume, velocity)');
    expect(listened.stdout).toMatch(/^::error title=socialcal listen%3A spike in outage::Spike in "outage": 9 mentions this hour against a baseline of 0\/h; froze posts tagged promotional$/m);
    expect(readFileSync(summary, 'utf8')).toContain('| outage | 9 | 0 | SPIKE (volume, velocity) |');

    const published = await cliProcess(['-C', repo.work, 'publish', '--now', minutes(6).toISOString()], { MASTO_TOKEN: masto.token });
    expect(published.code).toBe(0);
    expect(masto.statuses.filter((s) => s.account.acct === 'acme').map((s) => s.text)).toEqual(['We are looking into reports of problems']);
    expect(published.stdout).toContain('spike in "outage"');

    const ls = cli(['ls', '--all'], { cwd: repo.work });
    expect(ls.stdout).toContain('❄ publishing is frozen for tags promotional: listen: spike in "outage" — 9 mentions this hour');
    const month = cli(['calendar', '--month', '2027-01'], { cwd: repo.work });
    expect(month.stdout).toContain('❄ publishing frozen: listen: spike in "outage" — 9 mentions this hour');
  }, 180_000);

  it('tells what is wrong with a listening section, at file:line', () => {
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}`, hook: 'platform: slack' }, 'listening:\n  queries:\n    brand:\n      accounts: [hook, mastoo]\n'), []);
    const checked = cli(['check'], { cwd: repo.work });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/^socialcal\.yaml\n(.*\n)*\s+14:18\s+error\s+account "hook" is on slack; listening searches bluesky and mastodon only/m);
    expect(checked.stdout).toMatch(/unknown account "mastoo".*did you mean "masto"/is);
    expect(checked.stdout).toContain('query "brand" has neither terms nor hashtags');
    const none = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}` }), []);
    const listened = cli(['listen'], { cwd: none.work });
    expect(listened.code).toBe(2);
    expect(listened.stderr).toContain('socialcal.yaml has no `listening:` section');
    const typo = cli(['listen', '--query', 'outag'], { cwd: repo.work });
    expect(typo.code).toBe(2);
  }, 180_000);
});
