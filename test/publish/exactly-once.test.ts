// What real teams and CI do by mistake, against a real bare remote: each case once broke
// exactly-once (issue 11) and must not again.
import { existsSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli.js';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { changeFreezes, addFreeze } from '../../src/publish/freeze.js';
import { git, showFile, writeFiles } from '../support/git.js';
import { calendarRepo, configYaml, load, postYaml } from './calendar.js';
import { MemoryPlatform } from './memory-adapter.js';

const ACCOUNTS = { bsky: 'platform: bluesky\nhandle: acme.test', masto: 'platform: mastodon\nhandle: "@acme@social.test"\nserver: https://social.test' };
const NOW = new Date('2027-01-20T12:00:00Z');
const noSleep = async () => undefined;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function options(platform: MemoryPlatform, extra: Partial<PublishOptions> = {}): PublishOptions {
  return { now: NOW, clock: () => NOW, sleep: noSleep, adapterFor: async (a) => platform.adapter(a.name, a.platform), env: {}, ...extra };
}

// Real git under a loaded CI machine: several publish runs per test.
vi.setConfig({ testTimeout: 120_000 });

const ledger = (remote: string, id: string) => parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);

describe('a ledger without its remote', () => {
  it('refuses to publish when publish.remote names a remote the checkout does not have, and says which it has', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS, 'publish:\n  remote: orgin\n'), [{ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.clone());
    await expect(publish(calendar, problems, options(platform))).rejects.toThrow(/the ledger's remote "orgin" \(publish.remote in socialcal.yaml\) is not configured in this checkout — it has "origin"/);
    await expect(publish(calendar, problems, options(platform))).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('did you mean "origin"') });
    expect(platform.sent).toHaveLength(0);
    expect(git(repo.remote, 'branch', '--list', 'socialcal-ledger')).toBe('');
  });

  it('refuses in a checkout without any remote unless publish.ledger is local; a dry run still previews', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    git(repo.work, 'remote', 'remove', 'origin');
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    await expect(publish(calendar, problems, options(platform))).rejects.toThrow(/is not configured in this checkout — it has no remotes/);
    await expect(changeFreezes({ root: repo.work, settings: calendar.config.publish, env: {}, now: NOW }, (f) => addFreeze(f, { reason: 'x', at: NOW }), 'freeze')).rejects.toThrow(/not configured in this checkout/);
    expect(platform.sent).toHaveLength(0);
    const lines: string[] = [];
    const preview = await publish(calendar, problems, options(platform, { dryRun: true, log: (l) => lines.push(l) }));
    expect(preview.pairs.map((p) => p.state)).toEqual(['due']);
    expect(lines.join('\n')).toContain('previewing from the local branch (a real run would refuse)');

    writeFiles(repo.work, { 'socialcal.yaml': configYaml(ACCOUNTS, 'publish:\n  ledger: local\n') });
    const local = load(repo.work);
    const report = await publish(local.calendar, local.problems, options(platform));
    expect(report.pairs.map((p) => p.state)).toEqual(['published']);
  });

  it('refuses a publish.remote git would read as an option, at its line, before git runs', async () => {
    // Even with a remote of that name in the checkout (git remote add takes it), it must not reach `git push`.
    const repo = calendarRepo(configYaml(ACCOUNTS, 'publish:\n  remote: --receive-pack=x\n'), [{ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    git(repo.work, 'remote', 'add', '--', '--receive-pack=x', repo.remote);
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await run(['node', 'socialcal', '-C', repo.work, 'check', '--json'])).toBe(1);
      expect(JSON.parse(out.join('')).problems).toContainEqual(expect.objectContaining({ file: 'socialcal.yaml', line: 14, column: 11, code: 'field-invalid', path: 'publish.remote', message: expect.stringContaining('"--receive-pack=x" is not a valid git remote name: it starts with "-"') }));
      await expect(run(['node', 'socialcal', '-C', repo.work, 'publish', '--now', '2027-01-20T12:00:00Z'])).rejects.toThrow('socialcal.yaml:14:11: "--receive-pack=x" is not a valid git remote name');
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
    expect(git(repo.remote, 'branch', '--list', 'socialcal-ledger')).toBe('');
  });

  it('doctor reports the misnamed remote (exit 1) and a reachable one', async () => {
    const repo = calendarRepo(configYaml({ chat: 'platform: slack\ncredentials: { webhook: SLACK_URL }' }, 'publish:\n  remote: orgin\n'), []);
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.stubEnv('SLACK_URL', 'http://127.0.0.1:9/hook');
    try {
      expect(await run(['node', 'socialcal', '-C', repo.work, 'doctor'])).toBe(1);
      expect(out.join('')).toContain('✗ ledger (remote orgin, branch socialcal-ledger)\n    ✗ the ledger\'s remote "orgin" (publish.remote in socialcal.yaml) is not configured in this checkout — it has "origin"\n    hint: set publish.remote to the remote CI pushes to (did you mean "origin"?)');
      writeFiles(repo.work, { 'socialcal.yaml': configYaml({ chat: 'platform: slack\ncredentials: { webhook: SLACK_URL }' }) });
      out.length = 0;
      await run(['node', 'socialcal', '-C', repo.work, 'doctor', '--json']);
      expect(JSON.parse(out.join('')).ledger).toEqual({ ok: true, where: 'remote origin, branch socialcal-ledger', detail: 'remote origin answers; the ledger branch socialcal-ledger does not exist yet (the first publish creates it)' });
      git(repo.work, 'remote', 'set-url', 'origin', '/nonexistent/remote.git');
      out.length = 0;
      await run(['node', 'socialcal', '-C', repo.work, 'doctor', '--json']);
      expect(JSON.parse(out.join('')).ledger).toMatchObject({ ok: false, detail: expect.stringContaining('remote origin cannot be reached: git ls-remote origin failed') });
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});

describe('a stale lock on the ledger branch', () => {
  it('says what git says and what to do, instead of "overtaken by other runs", and posts nothing', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }, { id: 'b', at: '2027-01-20 11:30', channels: ['bsky'] }]);
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const first = await publish(calendar, problems, options(platform, { now: at(-45) }));
    expect(first.pairs.map((p) => p.state)).toEqual(['published']);
    // A git process on the server crashed while writing the branch.
    writeFileSync(join(repo.remote, 'refs/heads/socialcal-ledger.lock'), '');
    const sleeps: number[] = [];
    const error = await publish(calendar, problems, options(platform, { sleep: async (ms) => void sleeps.push(ms) })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: expect.stringMatching(/^ledger branch socialcal-ledger on remote origin is locked; git says: cannot lock ref 'refs\/heads\/socialcal-ledger': Unable to create '.*socialcal-ledger\.lock': File exists\.$/),
      hint: expect.stringContaining('remove that .lock file on the server'),
      exitCode: 2,
    });
    expect((error as Error).message).not.toContain('overtaken');
    expect(sleeps).toEqual([]);
    expect(platform.texts()).toEqual(['Post a']);
  });
});

describe('taking over a live run\'s claims', () => {
  it('a second run with a short --stale-after leaves a claim alone while its run may still be posting', async () => {
    const repo = calendarRepo(configYaml({ chat: 'platform: discord' }), [{ id: 'news', at: '2027-01-20 11:00', channels: ['chat'] }]);
    const platform = new MemoryPlatform(false);
    let release: () => void = () => undefined;
    platform.onPost = () => new Promise<void>((r) => (release = r)); // a slow webhook
    const first = load(repo.clone());
    const live = publish(first.calendar, first.problems, options(platform));
    await waitFor(() => platform.active === 1);

    const lines: string[] = [];
    const second = load(repo.clone());
    const report = await publish(second.calendar, second.problems, options(platform, { staleAfterMs: 60_000, clock: () => at(5), log: (l) => lines.push(l) }));
    expect(report.pairs.map((p) => [p.action, p.state])).toEqual([['busy', 'busy']]);
    expect(lines).toContain('warning: --stale-after 1m is shorter than 30m, while a live run may still be posting; using 30m (a claim stuck after a crash can be closed with --resolve)');
    release();
    expect((await live).pairs.map((p) => p.state)).toEqual(['published']);
    expect(platform.sent).toHaveLength(1);
    expect(ledger(repo.remote, 'news').accounts.chat.state).toBe('published');
  });

  it('a run with a long --stale-after still stops starting posts before others may take over', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'a', at: '2027-01-20 11:50', channels: ['bsky'] }]);
    const platform = new MemoryPlatform();
    let now = NOW;
    const { calendar, problems } = load(repo.work);
    // The claim is pushed at 12:00; posting starts 20 minutes later (a slow shard).
    const report = await publish(calendar, problems, options(platform, { staleAfterMs: 2 * 3_600_000, clock: () => now, log: (l) => void (l.startsWith('claimed') && (now = at(20))) }));
    expect(report.pairs.map((p) => [p.state, p.reason])).toEqual([['released', 'this run took too long; left for the next run']]);
    expect(platform.sent).toHaveLength(0);
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a half-posted thread under a hold', () => {
  async function halfPosted(config = configYaml(ACCOUNTS), time = '2027-01-20 11:00') {
    const repo = calendarRepo(config, [{ id: 't', at: time, channels: ['bsky'], text: 'one', thread: ['two', 'three'] }]);
    const platform = new MemoryPlatform();
    platform.onPost = (item) => (item.text === 'three' ? new Promise<void>(() => undefined) : undefined); // the run dies before item 3
    const dying = load(repo.clone());
    void publish(dying.calendar, dying.problems, options(platform));
    await waitFor(() => platform.texts().length === 2 && platform.active === 1);
    platform.onPost = undefined;
    return { repo, platform };
  }

  it('waits while frozen (shown as held, items 1–2 kept), then sends only item 3 as a reply when the freeze lifts', async () => {
    const { repo, platform } = await halfPosted();
    const { calendar, problems } = load(repo.work);
    const ctx = { root: repo.work, settings: calendar.config.publish, env: {}, now: NOW };
    await changeFreezes(ctx, (f) => addFreeze(f, { reason: 'incident', at: NOW }), 'freeze');

    const frozen = await publish(calendar, problems, options(platform, { clock: () => at(31) }));
    expect(frozen.pairs.map((p) => [p.action, p.state, p.reason])).toEqual([['reconcile', 'held', 'publishing is frozen: incident']]);
    expect(frozen.ok).toBe(true);
    expect(platform.texts()).toEqual(['one', 'two']);
    const held = ledger(repo.remote, 't').accounts.bsky;
    expect(held).toMatchObject({ state: 'failed', error: 'held after thread items 1–2 of 3 went out; the rest was not sent: publishing is frozen: incident' });
    expect(held.items.map((i) => Boolean(i.id))).toEqual([true, true, false]);

    const still = await publish(calendar, problems, options(platform, { clock: () => at(40) }));
    expect(still.pairs.map((p) => [p.action, p.state])).toEqual([['held', 'held']]);

    await changeFreezes(ctx, () => [], 'unfreeze');
    const lifted = await publish(calendar, problems, options(platform, { clock: () => at(50) }));
    expect(lifted.pairs.map((p) => p.state)).toEqual(['published']);
    expect(platform.texts()).toEqual(['one', 'two', 'three']);
    expect(platform.sent[2]).toMatchObject({ replyTo: `id-bsky-${platform.sent[1].handle}`, root: `id-bsky-${platform.sent[0].handle}` });
  });

  it('is recorded missed, saying which items went out, when the grace period ran out meanwhile', async () => {
    const { repo, platform } = await halfPosted(configYaml(ACCOUNTS, 'publish:\n  grace: 30m\n'), '2027-01-20 11:45');
    const { calendar, problems } = load(repo.work);
    const late = await publish(calendar, problems, options(platform, { now: at(31), clock: () => at(31) }));
    expect(late.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'missed']]);
    expect(platform.texts()).toEqual(['one', 'two']);
    expect(ledger(repo.remote, 't').accounts.bsky.note).toBe('thread items 1–2 of 3 went out; the rest was not sent: the grace period ran out before it could be sent');
  });
});

describe('results a run knows', () => {
  it('are recorded even after more than 8 rejected pushes, retrying with backoff', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    // Other shards finishing together: while `moves` counts up to 10, each push finds the
    // branch moved just before it lands (git: "cannot lock ref …: is at X but expected Y").
    const hook = join(repo.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, [
      '#!/bin/sh',
      'unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES',
      '[ -e moves ] || exit 0',
      'n=$(cat moves); [ "$n" -ge 10 ] && exit 0',
      'echo $((n+1)) > moves',
      'export GIT_AUTHOR_NAME=o GIT_AUTHOR_EMAIL=o@o GIT_COMMITTER_NAME=o GIT_COMMITTER_EMAIL=o@o',
      'tip=$(git rev-parse refs/heads/socialcal-ledger)',
      'git update-ref refs/heads/socialcal-ledger "$(git commit-tree -p "$tip" -m "other shard $n" "$tip^{tree}")"',
      '',
    ].join('\n'));
    chmodSync(hook, 0o755);
    const platform = new MemoryPlatform();
    platform.onPost = () => writeFileSync(join(repo.remote, 'moves'), '0\n');
    const sleeps: number[] = [];
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, { sleep: async (ms) => void sleeps.push(ms) }));
    expect(report.pairs.map((p) => p.state)).toEqual(['published']);
    expect(report.ok).toBe(true);
    expect(sleeps).toHaveLength(10);
    expect(ledger(repo.remote, 'a').accounts.bsky.state).toBe('published');
    expect(git(repo.remote, 'log', '--format=%s', '-12', 'socialcal-ledger').split('\n').filter((l) => l.startsWith('other shard'))).toHaveLength(10);
  }, 120_000);

  it('are kept in a local file when the push keeps failing, and the next run records them without posting again', async () => {
    const repo = calendarRepo(configYaml({ chat: 'platform: slack' }), [{ id: 'news', at: '2027-01-20 11:00', channels: ['chat'] }]);
    const hook = join(repo.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\nif [ -e blocked ]; then echo "ledger writes are blocked by a test" >&2; exit 1; fi\n');
    chmodSync(hook, 0o755);
    const platform = new MemoryPlatform(false);
    platform.onPost = () => writeFileSync(join(repo.remote, 'blocked'), '');
    const lines: string[] = [];
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, { log: (l) => lines.push(l) }));
    expect(report.pairs.map((p) => p.state)).toEqual(['published']);
    expect(report.ok).toBe(false);
    expect(report.pending).toMatch(/\.git\/socialcal\/pending\/.+\.json$/);
    expect(existsSync(report.pending!)).toBe(true);
    expect(lines.join('\n')).toMatch(/warning: could not record the results on the ledger branch \(.*ledger writes are blocked by a test.*\); they are kept in .*pending.*\.json and the next publish from this clone records them/);
    expect(ledger(repo.remote, 'news').accounts.chat.state).toBe('claimed');

    rmSync(join(repo.remote, 'blocked'));
    platform.onPost = undefined;
    const next = await publish(calendar, problems, options(platform, { clock: () => at(45) }));
    // Without the file, this run would reconcile the claim, and Slack cannot be asked: unknown.
    expect(next.pairs).toEqual([]);
    expect(next.ok).toBe(true);
    expect(ledger(repo.remote, 'news').accounts.chat).toMatchObject({ state: 'published', items: [{ id: `id-chat-${platform.sent[0].handle}` }] });
    expect(platform.sent).toHaveLength(1);
    expect(readdirSync(join(repo.work, '.git', 'socialcal', 'pending'))).toEqual([]);
  });
});

describe('a ledger branch that is gone or replaced', () => {
  it('refuses when the branch was deleted, accepts a rename that publish.branch follows, and starts afresh only with --new-ledger', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    const platform = new MemoryPlatform();
    const first = load(repo.clone());
    expect((await publish(first.calendar, first.problems, options(platform))).pairs.map((p) => p.state)).toEqual(['published']);
    expect(git(repo.remote, 'rev-parse', 'refs/socialcal/ledger')).toBe(git(repo.remote, 'rev-list', '--max-parents=0', 'socialcal-ledger'));

    // Someone deletes the branch: a fresh CI checkout must not post "a" again.
    const tip = git(repo.remote, 'rev-parse', 'socialcal-ledger');
    git(repo.remote, 'branch', '-D', 'socialcal-ledger');
    const ci = load(repo.clone());
    const error = await publish(ci.calendar, ci.problems, options(platform, { clock: () => at(5) })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: expect.stringMatching(/^the ledger branch socialcal-ledger on remote origin does not exist, but this repository had a ledger \(marker refs\/socialcal\/ledger → commit [0-9a-f]{12}\)$/),
      hint: expect.stringContaining('socialcal publish --new-ledger'),
      exitCode: 2,
    });
    expect(platform.sent).toHaveLength(1);

    // Restored under another name, and the config follows: the same ledger, nothing posts again.
    git(repo.remote, 'branch', 'ledger-2027', tip);
    const renamed = repo.clone();
    writeFiles(renamed, { 'socialcal.yaml': configYaml(ACCOUNTS, 'publish:\n  branch: ledger-2027\n') });
    const moved = load(renamed);
    expect((await publish(moved.calendar, moved.problems, options(platform, { clock: () => at(6) }))).pairs).toEqual([]);

    // A changed publish.branch pointing at nothing: refused, until a person confirms.
    writeFiles(renamed, { 'socialcal.yaml': configYaml(ACCOUNTS, 'publish:\n  branch: ledger-new\n') });
    const fresh = load(renamed);
    await expect(publish(fresh.calendar, fresh.problems, options(platform, { clock: () => at(7) }))).rejects.toThrow(/the ledger branch ledger-new on remote origin does not exist, but this repository had a ledger/);
    expect(platform.sent).toHaveLength(1);
    const confirmed = await publish(fresh.calendar, fresh.problems, options(platform, { clock: () => at(8), newLedger: true }));
    expect(confirmed.pairs.map((p) => p.state)).toEqual(['published']);
    expect(git(repo.remote, 'rev-parse', 'refs/socialcal/ledger')).toBe(git(repo.remote, 'rev-list', '--max-parents=0', 'ledger-new'));
    // From now on ledger-new is the ledger; the old branch would be refused.
    expect((await publish(fresh.calendar, fresh.problems, options(platform, { clock: () => at(9) }))).pairs).toEqual([]);
    await expect(publish(moved.calendar, moved.problems, options(platform, { clock: () => at(10) }))).rejects.toThrow(/the ledger branch ledger-2027 on remote origin is not the ledger this repository had/);
  });
});

describe('a reused post id', () => {
  it('is refused by publish, shown unpublished by ls and reported by check with a hint to choose a new id', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'launch', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    expect((await publish(calendar, problems, options(platform))).pairs.map((p) => p.state)).toEqual(['published']);
    expect(ledger(repo.remote, 'launch')).toMatchObject({ file: 'posts/launch.yaml', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });

    // Months later the old post is long deleted; a new post takes its id (same file name).
    writeFiles(repo.work, { 'posts/launch.yaml': postYaml({ id: 'launch', at: '2027-01-21 11:00', channels: ['bsky', 'masto'], text: 'A new launch' }) });
    const later = load(repo.work);
    const report = await publish(later.calendar, later.problems, options(platform, { now: at(24 * 60), clock: () => at(24 * 60) }));
    expect(report.pairs.map((p) => [p.account, p.state])).toEqual([['bsky', 'refused'], ['masto', 'refused']]);
    expect(report.pairs[0].reason).toBe('the ledger\'s record of id "launch" is another post: due 2027-01-20T11:00:00.000Z in posts/launch.yaml, on bsky (published) — give this post a new id');
    expect(report.ok).toBe(false);
    expect(platform.texts()).toEqual(['Post launch']);
    expect(Object.keys(ledger(repo.remote, 'launch').accounts)).toEqual(['bsky']);

    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await run(['node', 'socialcal', '-C', repo.work, 'check', '--json', '--now', '2027-01-21T10:00:00Z'])).toBe(1);
      const found = JSON.parse(out.join('')).problems.filter((p: { code: string }) => p.code === 'publish-reused-id');
      expect(found).toEqual([
        expect.objectContaining({ file: 'posts/launch.yaml', line: 1, severity: 'error', message: expect.stringContaining('publish will not send post "launch" under this id'), hint: expect.stringContaining('choose a new id') }),
      ]);
      out.length = 0;
      await run(['node', 'socialcal', '-C', repo.work, 'ls', '--json', '--all']);
      expect(JSON.parse(out.join('')).posts.map((p: { id: string; published: object }) => [p.id, p.published])).toEqual([['launch', {}]]);
    } finally {
      write.mockRestore();
    }
  });

  it('is not confused with the same post moved to another file, or edited after it went out', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), [{ id: 'launch', at: '2027-01-20 11:00', channels: ['bsky'] }]);
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    await publish(calendar, problems, options(platform));
    rmSync(join(repo.work, 'posts/launch.yaml'));
    writeFiles(repo.work, { 'posts/2027/launch.yaml': postYaml({ id: 'launch', at: '2027-01-20 11:00', channels: ['bsky'] }) });
    const moved = load(repo.work);
    expect((await publish(moved.calendar, moved.problems, options(platform))).pairs).toEqual([]);
    writeFiles(repo.work, { 'posts/launch.yaml': postYaml({ id: 'launch', at: '2027-01-20 11:00', channels: ['bsky'], text: 'Typo fixed' }) });
    rmSync(join(repo.work, 'posts/2027/launch.yaml'));
    const edited = load(repo.work);
    expect((await publish(edited.calendar, edited.problems, options(platform))).pairs).toEqual([]);
    expect(platform.sent).toHaveLength(1);
  });
});

describe('honest dry runs', () => {
  it('holds pairs a real run would refuse (check reports them), exits 1 for missed posts, and says why nothing is due', async () => {
    const accounts = { ...ACCOUNTS, pro: 'platform: instagram\nuserId: "1784"\nmediaBaseUrl: https://acme.example/', chat: 'platform: slack' };
    const repo = calendarRepo(configYaml(accounts, 'publish:\n  grace: 2h\n'), [
      { id: 'a', at: '2027-01-20 11:00', channels: ['bsky', 'pro'] },
      { id: 'old', at: '2027-01-20 09:00', channels: ['masto'] },
      { id: 'wip', at: '2027-01-20 11:30', channels: ['chat'], extra: 'status: draft' },
      { id: 'next', at: '2027-01-22 09:00', channels: ['chat'] },
    ]);
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const preview = await publish(calendar, problems, options(platform, { dryRun: true }));
    expect(preview.pairs.map((p) => `${p.post}/${p.account}:${p.state}`)).toEqual(['old/masto:missed', 'a/bsky:held', 'a/pro:held']);
    expect(preview.pairs[2].reason).toMatch(/instagram takes only posts with an image/);
    expect(preview.ok).toBe(false);

    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      const check = await run(['node', 'socialcal', '-C', repo.work, 'check', '--json', '--now', '2027-01-20T10:00:00Z']);
      expect(JSON.parse(out.join('')).problems).toContainEqual(expect.objectContaining({ file: 'posts/a.yaml', rule: 'platform-fit', severity: 'error' }));
      expect(check).toBe(1);
      out.length = 0;
      expect(await run(['node', 'socialcal', '-C', repo.work, 'publish', '--dry-run', '--now', '2027-01-20T12:00:00Z'])).toBe(1);
      expect(out.join('')).toContain('a → pro (instagram)  held');
    } finally {
      write.mockRestore();
    }

    const quiet = await publish(calendar, problems, options(platform, { dryRun: true, accounts: ['bsky'], now: at(-65) }));
    expect(quiet.pairs).toEqual([]);
    expect(quiet.ok).toBe(true);
    expect(quiet.nothingDue).toEqual(['next ready post: a at 2027-01-20T11:00:00.000Z']);
    const drafts = await publish(calendar, problems, options(platform, { dryRun: true, accounts: ['chat'] }));
    expect(drafts.nothingDue).toEqual(['1 post due within the grace period is still a draft (only status: ready is published): wip', 'next ready post: next at 2027-01-22T09:00:00.000Z']);
  });
});
