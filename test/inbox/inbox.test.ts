// `inbox` against the fake Mastodon (notifications paged by Link headers) and a bare git remote
// holding the ledger branch: grouping by our post and campaign, pulls that only add what is new,
// triage by several people at once, and reply posts (`reply_to:`) that answer an item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, triageItem, unanswered, type InboxReport } from '../../src/inbox/run.js';
import { parseInbox } from '../../src/inbox/state.js';
import { publish } from '../../src/publish/runner.js';
import { calendarRepo, configYaml, load, postYaml } from '../publish/calendar.js';
import { cliProcess } from '../support/cli.js';
import { start as startMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { commitFiles, git, showFile } from '../support/git.js';

const NOW = new Date('2027-01-20T12:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
let masto: FakeMastodon;
beforeAll(async () => {
  masto = await startMastodon();
});
afterAll(async () => {
  await masto.close();
});

const noSleep = async () => undefined;
const rows = (r: InboxReport) => r.conversations.flatMap((c) => c.items);

describe('socialcal inbox on Mastodon', () => {
  it('pulls replies, mentions and quotes, groups them by our post, triages them, and sees our reply post answer one', async () => {
    const config = configYaml({
      masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }`,
      link: 'platform: linkedin\nauthor: urn:li:organization:1\ncredentials: { token: LI_TOKEN }',
    });
    const repo = calendarRepo(config, [{ id: 'launch', at: '2027-01-20 11:00', channels: ['masto'], text: 'We launched!', extra: 'campaign: spring' }], {
      'campaigns/spring.yaml': 'name: Spring launch\n',
    });
    const env = { MASTO_TOKEN: masto.token };
    const first = load(repo.work);
    expect((await publish(first.calendar, first.problems, { now: NOW, env, sleep: noSleep })).pairs.map((p) => p.state)).toEqual(['published']);
    const ours = masto.statuses.find((s) => s.text === 'We launched!')!;
    const other = masto.remote({ acct: 'someone@else.example', text: 'unrelated musings', at: minutes(-300) });

    const reply = masto.remote({ acct: 'fan@remote.example', text: '@acme congrats! does it do dark mode?', inReplyTo: ours.id, at: minutes(1) });
    masto.remote({ acct: 'critic@remote.example', text: 'meh', quotes: ours.id, at: minutes(2) });
    masto.remote({ acct: 'asker@remote.example', text: '@acme is the API down?', at: minutes(3) });
    masto.remote({ acct: 'thread@remote.example', text: 'agreed @acme', inReplyTo: other.id, at: minutes(4) });
    masto.remote({ acct: 'liker@remote.example', text: 'no mention here', at: minutes(5) });

    const seen = masto.requests.length;
    const report = await inbox(load(repo.work).calendar, { now: minutes(10), env, sleep: noSleep });
    expect(report.pulled).toEqual([{ account: 'masto', added: 4 }]);
    expect(report.skipped).toEqual([{ account: 'link', why: expect.stringContaining('linkedin: not read') }]);
    const notes = masto.requests.slice(seen).filter((r) => r.path === '/api/v1/notifications');
    expect(notes[0].queryAll['types[]']).toEqual(['mention', 'quote']);
    expect(notes[0].headers.authorization).toBe(`Bearer ${masto.token}`);

    const launch = report.conversations.find((c) => c.post?.id === 'launch')!;
    expect(launch).toMatchObject({ account: 'masto', post: { id: 'launch', campaign: 'spring', url: ours.url } });
    expect(launch.items.map((i) => [i.kind, i.author, i.text])).toEqual([
      ['reply', '@fan@remote.example', '@acme congrats! does it do dark mode?'],
      ['quote', '@critic@remote.example', 'meh'],
    ]);
    expect(launch.items[0]).toMatchObject({ state: 'open', url: reply.url, at: minutes(1) });
    const loose = rows(report).filter((i) => !launch.items.includes(i));
    expect(loose.map((i) => [i.kind, i.author])).toEqual([
      ['reply', '@thread@remote.example'],
      ['mention', '@asker@remote.example'],
    ]);

    // Nothing new: nothing added, nothing committed.
    const tip = git(repo.remote, 'rev-parse', 'socialcal-ledger');
    const again = await inbox(load(repo.work).calendar, { now: minutes(11), env, sleep: noSleep });
    expect(again.pulled).toEqual([{ account: 'masto', added: 0 }]);
    expect(git(repo.remote, 'rev-parse', 'socialcal-ledger')).toBe(tip);

    // Two people triage different items at the same moment from two clones: both changes land.
    const [a, b] = [launch.items[0].id, loose[1].id];
    const [one, two] = [repo.clone(), repo.clone()];
    await Promise.all([
      triageItem(load(one).calendar, a, { state: 'assigned', assignee: '@dana' }, { now: minutes(12), env: { GITHUB_ACTOR: 'lee' }, sleep: noSleep }),
      triageItem(load(two).calendar, b.slice(0, 5), { state: 'done' }, { now: minutes(12), env: { GITHUB_ACTOR: 'kim' }, sleep: noSleep }),
    ]);
    const file = parseInbox(showFile(repo.remote, 'socialcal-ledger', 'inbox/masto.yaml'), 'inbox');
    expect(file.items.find((i) => i.id === a)).toMatchObject({ state: 'assigned', assignee: '@dana', by: 'lee', updatedAt: minutes(12) });
    expect(file.items.find((i) => i.id === b)).toMatchObject({ state: 'done', by: 'kim' });
    expect(git(repo.remote, 'log', '--format=%s', '-2', 'socialcal-ledger').split('\n').sort()).toEqual([`socialcal inbox: assign ${a} to @dana`, `socialcal inbox: done ${b}`].sort());

    // The answer goes through the calendar like any post; once out, the item counts as answered.
    commitFiles(repo.work, { 'posts/dark-mode.yaml': postYaml({ id: 'dark-mode', at: '2027-01-20 12:30', channels: ['masto'], text: 'Yes! Settings → Appearance.', extra: `reply_to: ${reply.url}` }) }, 'answer the fan');
    const answering = load(repo.work);
    expect(answering.problems).toEqual([]);
    const out = await publish(answering.calendar, answering.problems, { now: minutes(31), env, sleep: noSleep });
    expect(out.pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['dark-mode:published']);
    const answer = masto.statuses.find((s) => s.text === 'Yes! Settings → Appearance.')!;
    expect(answer.in_reply_to_id).toBe(reply.id);
    const resolved = masto.requests.find((r) => r.path === '/api/v2/search' && r.query.resolve === 'true')!;
    expect(resolved.query).toMatchObject({ q: reply.url, type: 'statuses' });

    const after = await inbox(load(repo.work).calendar, { now: minutes(32), env, pull: false });
    const item = rows(after).find((i) => i.id === a)!;
    expect(item.answeredBy).toBe('dark-mode');
    expect(rows(after).filter(unanswered).map((i) => i.author)).toEqual(['@thread@remote.example', '@critic@remote.example']); // newest conversation first
  }, 180_000);

  it('pages through many notifications by Link header, and stops at what it has', async () => {
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }), []);
    masto.notifications.splice(0);
    for (let i = 0; i < 95; i++) masto.remote({ acct: `p${i}@x.example`, text: `@acme question ${i}`, at: minutes(-100 + i) });
    const env = { MASTO_TOKEN: masto.token };
    const seen = masto.requests.length;
    const report = await inbox(load(repo.work).calendar, { now: NOW, env, sleep: noSleep });
    expect(report.pulled).toEqual([{ account: 'masto', added: 95 }]);
    const pages = masto.requests.slice(seen).filter((r) => r.path === '/api/v1/notifications');
    expect(pages.map((p) => p.query.max_id === undefined)).toEqual([true, false, false, false]);

    masto.remote({ acct: 'late@x.example', text: '@acme one more', at: minutes(1) });
    const before = masto.requests.length;
    const next = await inbox(load(repo.work).calendar, { now: minutes(2), env, sleep: noSleep });
    expect(next.pulled).toEqual([{ account: 'masto', added: 1 }]);
    // Newest first: the first page already reaches items older than the newest known.
    expect(masto.requests.slice(before).filter((r) => r.path === '/api/v1/notifications')).toHaveLength(1);
  }, 180_000);
});

describe('socialcal inbox, a pull racing a triage', () => {
  it('the pull adds its items and keeps the state another clone set meanwhile', async () => {
    masto.notifications.splice(0);
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }), []);
    const env = { MASTO_TOKEN: masto.token };
    masto.remote({ acct: 'first@x.example', text: '@acme hello', at: minutes(-10) });
    const first = await inbox(load(repo.work).calendar, { now: NOW, env, sleep: noSleep });
    const id = rows(first)[0].id;
    masto.remote({ acct: 'second@x.example', text: '@acme again', at: minutes(1) });
    masto.remote({ acct: 'third@x.example', text: '@acme and again', at: minutes(2) });
    const [puller, triager] = [repo.clone(), repo.clone()];
    await Promise.all([
      inbox(load(puller).calendar, { now: minutes(3), env, sleep: noSleep }),
      triageItem(load(triager).calendar, id, { state: 'done' }, { now: minutes(3), env: { GITHUB_ACTOR: 'kim' }, sleep: noSleep }),
    ]);
    const file = parseInbox(showFile(repo.remote, 'socialcal-ledger', 'inbox/masto.yaml'), 'inbox');
    expect(file.items.map((i) => `${i.author} ${i.state}`)).toEqual(['@first@x.example done', '@second@x.example open', '@third@x.example open']);
  }, 180_000);
});

describe('socialcal inbox, the CLI', () => {
  it('lists, filters and triages; says what is wrong with a mistyped action, id or flag', async () => {
    masto.notifications.splice(0);
    const repo = calendarRepo(configYaml({ masto: `platform: mastodon\nserver: ${masto.url}\ncredentials: { token: MASTO_TOKEN }` }), []);
    masto.remote({ acct: 'q@x.example', text: '@acme when is the next release?', at: minutes(-5) });
    masto.remote({ acct: 'r@x.example', text: '@acme love it', at: minutes(-4) });
    const env = { MASTO_TOKEN: masto.token };
    const run = (...args: string[]) => cliProcess(['-C', repo.work, 'inbox', ...args], env);

    const listed = await run('--now', NOW.toISOString());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('pulled masto: 2 new');
    const ids = [...listed.stdout.matchAll(/^ {2}([0-9a-f]{7}) {2}2027-01-20 11:5\d {2}mention {2}(@\S+) {2}— open$/gm)].map((m) => [m[1], m[2]]);
    expect(ids.map(([, who]) => who)).toEqual(['@r@x.example', '@q@x.example']);

    const assigned = await run('assign', ids[1][0], 'dana');
    expect(assigned).toMatchObject({ code: 0, stdout: `${ids[1][0]} (masto, @q@x.example): assigned to @dana\n` });
    expect((await run('ignore', ids[0][0])).code).toBe(0);

    const json = JSON.parse((await run('--no-pull', '--unanswered', '--json')).stdout);
    expect(json.conversations.flatMap((c: { items: { author: string; state: string }[] }) => c.items.map((i) => `${i.author} ${i.state}`))).toEqual(['@q@x.example assigned']);
    const since = JSON.parse((await run('--no-pull', '--json', '--since', '2027-01-20 11:56')).stdout);
    expect(since.conversations).toHaveLength(1);

    const typo = await run('asign', ids[0][0], '@dana');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('inbox asign: not an action (did you mean "assign"?)');
    const unknown = await run('done', 'fffffff');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('inbox: no item fffffff');
    const nobody = await run('assign', ids[0][0]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('inbox assign: to whom?');
    const badAccount = await run('--account', 'mastoo');
    expect(badAccount.code).toBe(2);
    expect(badAccount.stderr).toContain('did you mean "masto"');
  }, 180_000);
});
