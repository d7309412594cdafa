// The engine end to end with real git (a bare remote, clones) and in-memory platforms.
import { describe, expect, it } from 'vitest';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { resolvePairs } from '../../src/publish/resolve.js';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { changeFreezes, addFreeze } from '../../src/publish/freeze.js';
import { PlatformError } from '../../src/platforms/types.js';
import { git, showFile, writeFiles } from '../support/git.js';
import { calendarRepo, configYaml, load, postYaml, type PostSpec } from './calendar.js';
import { MemoryPlatform } from './memory-adapter.js';

const ACCOUNTS = {
  bsky: 'platform: bluesky\nhandle: acme.test',
  masto: 'platform: mastodon\nhandle: "@acme@social.test"\nserver: https://social.test',
};
const NOW = new Date('2027-01-20T12:00:00Z');
const noSleep = async () => undefined;

function options(platform: MemoryPlatform, extra: Partial<PublishOptions> = {}): PublishOptions {
  return { now: NOW, clock: () => NOW, sleep: noSleep, adapterFor: async (a) => platform.adapter(a.name, a.platform), env: {}, ...extra };
}

function ledger(remote: string, id: string) {
  return parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);
}

const posts = (...ps: PostSpec[]) => ps;

describe('publish engine', () => {
  it('posts each due pair once, records it on the ledger branch, and does nothing the second time', async () => {
    const { remote, work } = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'hello', at: '2027-01-20 11:00', channels: ['bsky', 'masto'] }, { id: 'later', at: '2027-01-21 11:00', channels: ['bsky'] }));
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(work);
    const report = await publish(calendar, problems, options(platform));
    expect(report.ok).toBe(true);
    expect(report.pairs.map((p) => `${p.post}/${p.account}:${p.state}`)).toEqual(['hello/bsky:published', 'hello/masto:published']);
    expect(platform.texts()).toEqual(expect.arrayContaining(['Post hello', 'Post hello']));
    expect(platform.sent).toHaveLength(2);

    const file = ledger(remote, 'hello');
    expect(file.file).toBe('posts/hello.yaml');
    expect(file.accounts.bsky).toMatchObject({ state: 'published', attempts: 1, items: [{ id: expect.stringMatching(/^id-bsky-h/), url: expect.stringMatching(/^https:\/\/memory\.test\/bsky\//) }] });
    expect(report.pairs[0].urls).toEqual([file.accounts.bsky.items[0].url]);
    // Claim and result are two commits on an orphan branch; main is untouched.
    expect(git(remote, 'log', '--format=%s', 'socialcal-ledger').split('\n')).toEqual(['socialcal publish: 2 published', 'socialcal publish: claim 2 posts']);
    expect(git(remote, 'rev-list', '--max-parents=0', 'socialcal-ledger')).toBe(git(remote, 'rev-parse', 'socialcal-ledger~1'));
    expect(git(remote, 'log', '--format=%an <%ae>', '-1', 'socialcal-ledger')).toBe('socialcal <socialcal@localhost>');
    expect(git(work, 'status', '--porcelain')).toBe('');

    const again = await publish(calendar, problems, options(platform));
    expect(again.pairs).toEqual([]);
    expect(platform.sent).toHaveLength(2);
  });

  it('asks each account with claimed posts to sign in while it claims (before the claim is pushed); a run with nothing due signs in nowhere', async () => {
    const { remote, work } = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'hello', at: '2027-01-20 11:00', channels: ['bsky', 'masto'] }, { id: 'again', at: '2027-01-20 11:30', channels: ['bsky'] }, { id: 'later', at: '2027-01-21 11:00', channels: ['bsky'] }));
    const platform = new MemoryPlatform();
    const signIns: string[] = [];
    const claimPushed = () => git(remote, 'for-each-ref', '--format=%(refname)', 'refs/heads/socialcal-ledger') !== '';
    const adapterFor: PublishOptions['adapterFor'] = async (a) => ({ ...platform.adapter(a.name, a.platform), signIn: () => void signIns.push(`${a.name}${claimPushed() ? ' after the claim was pushed' : ''}`) });
    const { calendar, problems } = load(work);
    const report = await publish(calendar, problems, options(platform, { adapterFor }));
    expect(report.pairs.map((p) => p.state)).toEqual(['published', 'published', 'published']);
    expect(signIns.sort()).toEqual(['bsky', 'bsky', 'masto']);

    signIns.length = 0;
    expect((await publish(calendar, problems, options(platform, { adapterFor }))).pairs).toEqual([]);
    expect(signIns).toEqual([]);
  });

  it('two clones publishing at the same time post every pair exactly once', async () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, at: '2027-01-20 11:30', channels: ['bsky', 'masto'] }));
    const repo = calendarRepo(configYaml(ACCOUNTS), many);
    const platform = new MemoryPlatform();
    const [a, b] = [repo.clone(), repo.clone(1)];
    const runs = await Promise.all([a, b].map((dir) => {
      const { calendar, problems } = load(dir);
      return publish(calendar, problems, options(platform));
    }));
    expect(platform.sent).toHaveLength(12);
    expect(new Set(platform.sent.map((s) => `${s.account}/${s.text}`)).size).toBe(12);
    const published = runs.flatMap((r) => r.pairs.filter((p) => p.state === 'published'));
    const busy = runs.flatMap((r) => r.pairs.filter((p) => p.state === 'busy'));
    expect(published).toHaveLength(12);
    // Whatever one run took, the other saw as claimed (busy) or already done.
    expect(busy.length).toBeLessThanOrEqual(12);
    for (const p of many) expect(Object.values(ledger(repo.remote, p.id).accounts).map((e) => e.state)).toEqual(['published', 'published']);
  });

  it('a run that died after the platform accepted is reconciled by lookup, not posted again', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'once', at: '2027-01-20 11:00', channels: ['bsky'] }));
    const platform = new MemoryPlatform();
    platform.cues.push({ hang: true });
    const dead = repo.clone();
    const { calendar, problems } = load(dead);
    void publish(calendar, problems, options(platform));
    await waitFor(() => platform.sent.length === 1);
    expect(ledger(repo.remote, 'once').accounts.bsky.state).toBe('claimed');

    const next = load(repo.clone());
    const fresh = await publish(next.calendar, next.problems, options(platform, { clock: () => new Date(NOW.getTime() + 60_000) }));
    expect(fresh.pairs.map((p) => p.state)).toEqual(['busy']);

    const later = await publish(next.calendar, next.problems, options(platform, { clock: () => new Date(NOW.getTime() + 31 * 60_000) }));
    expect(later.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'published']]);
    expect(platform.sent).toHaveLength(1);
    expect(ledger(repo.remote, 'once').accounts.bsky).toMatchObject({ state: 'published', items: [{ id: platform.sent.length ? `id-bsky-${platform.sent[0].handle}` : '' }] });
  });

  it('a stale claim the platform never saw is posted again with the same handle', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'retry-me', at: '2027-01-20 11:00', channels: ['masto'] }));
    const platform = new MemoryPlatform();
    let claimedHandle = '';
    platform.onPost = (_item, ctx) => {
      claimedHandle = ctx.handle;
      return new Promise(() => undefined); // killed before the request left
    };
    const first = load(repo.clone());
    void publish(first.calendar, first.problems, options(platform));
    await waitFor(() => claimedHandle !== '');
    platform.onPost = undefined;

    const next = load(repo.clone());
    const report = await publish(next.calendar, next.problems, options(platform, { clock: () => new Date(NOW.getTime() + 31 * 60_000) }));
    expect(report.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'published']]);
    expect(platform.sent).toEqual([expect.objectContaining({ account: 'masto', handle: claimedHandle })]);
  });

  it('an interrupted post on a platform that cannot be asked becomes unknown and is never re-sent until resolved', async () => {
    const repo = calendarRepo(configYaml({ chat: 'platform: slack' }), posts({ id: 'news', at: '2027-01-20 11:00', channels: ['chat'] }));
    const platform = new MemoryPlatform(false);
    platform.cues.push({ after: new PlatformError('transient', 'Slack (chat): post message: fetch failed — ECONNRESET') });
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform));
    expect(report.ok).toBe(false);
    expect(report.pairs[0]).toMatchObject({ state: 'unknown', error: expect.stringContaining('slack cannot be asked whether it went out') });
    expect(platform.sent).toHaveLength(1);

    for (let i = 0; i < 2; i++) {
      const again = await publish(calendar, problems, options(platform));
      expect(again.pairs.map((p) => p.state)).toEqual(['unknown']);
      expect(again.ok).toBe(false);
    }
    expect(platform.sent).toHaveLength(1);

    // A person checked the channel: it did not arrive. Retry sends it once more.
    await resolvePairs(calendar, [{ post: 'news', account: 'chat', how: 'retry' }], { GITHUB_ACTOR: 'dana' }, NOW);
    expect(ledger(repo.remote, 'news').accounts.chat).toMatchObject({ state: 'failed', note: 'retry requested by dana' });
    const retried = await publish(calendar, problems, options(platform));
    expect(retried.pairs.map((p) => p.state)).toEqual(['published']);
    expect(platform.sent).toHaveLength(2);
    expect(platform.sent[1].handle).not.toBe(platform.sent[0].handle);
  });

  it('resolving unknown as published closes it without sending', async () => {
    const repo = calendarRepo(configYaml({ chat: 'platform: slack' }), posts({ id: 'news', at: '2027-01-20 11:00', channels: ['chat'] }));
    const platform = new MemoryPlatform(false);
    platform.cues.push({ after: new PlatformError('transient', 'network') });
    const { calendar, problems } = load(repo.work);
    await publish(calendar, problems, options(platform));
    await resolvePairs(calendar, [{ post: 'news', account: 'chat', how: 'published' }], { GITHUB_ACTOR: 'dana' }, NOW);
    const after = await publish(calendar, problems, options(platform));
    expect(after.pairs).toEqual([]);
    expect(after.ok).toBe(true);
    expect(platform.sent).toHaveLength(1);
    await expect(resolvePairs(calendar, [{ post: 'news', account: 'chat', how: 'retry' }], {}, NOW)).rejects.toThrow('already published; nothing to resolve');
  });

  it('records the result even when another run pushed to the ledger meanwhile', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }, { id: 'b', at: '2027-01-20 11:00', channels: ['masto'] }));
    const platform = new MemoryPlatform();
    const other = repo.clone();
    let pushed = false;
    platform.onPost = async () => {
      if (pushed) return;
      pushed = true;
      // Someone freezes a tag while this run is posting: the result push is rejected once.
      const o = load(other);
      await changeFreezes({ root: other, settings: o.calendar.config.publish, env: {}, now: NOW }, (f) => addFreeze(f, { reason: 'x', tags: ['nothing-tagged'], at: NOW }), 'freeze');
    };
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, { accounts: undefined }));
    expect(report.pairs.map((p) => p.state)).toEqual(['published', 'published']);
    expect(platform.sent).toHaveLength(2);
    expect(ledger(repo.remote, 'a').accounts.bsky.state).toBe('published');
    expect(showFile(repo.remote, 'socialcal-ledger', 'freeze.yaml')).toContain('nothing-tagged');
    expect(git(repo.remote, 'log', '--format=%s', 'socialcal-ledger').split('\n')[0]).toBe('socialcal publish: 2 published');
  });

  it('threads go out in order as replies, and a failure mid-thread resumes from the failed item', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 't', at: '2027-01-20 11:00', channels: ['bsky'], text: 'one', thread: ['two', 'three'] }));
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    platform.onPost = (item) => {
      if (item.text === 'three' && platform.cues.length === 0 && platform.sent.length === 2 && !seen) {
        seen = true;
        platform.cues.push({ before: new PlatformError('invalid', 'Bluesky: HTTP 400 — try later') });
      }
    };
    let seen = false;
    const first = await publish(calendar, problems, options(platform));
    expect(first.pairs[0]).toMatchObject({ state: 'failed', error: 'thread item 3: invalid: Bluesky: HTTP 400 — try later (invalid errors are not retried)' });
    expect(platform.texts()).toEqual(['one', 'two']);

    const second = await publish(calendar, problems, options(platform));
    expect(second.pairs[0].state).toBe('published');
    expect(platform.texts()).toEqual(['one', 'two', 'three']);
    const [one, two, three] = platform.sent;
    expect(two).toMatchObject({ replyTo: `id-bsky-${one.handle}`, root: `id-bsky-${one.handle}` });
    expect(three).toMatchObject({ replyTo: `id-bsky-${two.handle}`, root: `id-bsky-${one.handle}` });
    expect(ledger(repo.remote, 't').accounts.bsky.items.map((i) => i.id)).toEqual(platform.sent.map((s) => `id-bsky-${s.handle}`));
  });

  it('retries rate limits and transient failures with waits, fails refusals at once, and one failure never blocks the others', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }, { id: 'b', at: '2027-01-20 11:01', channels: ['masto'] }));
    const platform = new MemoryPlatform();
    const sleeps: number[] = [];
    platform.accountCues.set('bsky', [{ before: new PlatformError('rate-limit', '429', { status: 429, retryAfterMs: 1500 }) }, { before: new PlatformError('transient', '503', { status: 503 }) }]);
    platform.accountCues.set('masto', [{ before: new PlatformError('auth', 'Mastodon: HTTP 401 — The access token is invalid', { status: 401 }) }]);
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, { sleep: async (ms) => void sleeps.push(ms), random: () => 0, retry: { attempts: 4, baseMs: 100, capMs: 1000, maxWaitMs: 10_000 }, staleAfterMs: 30 * 60_000 }));
    const states = Object.fromEntries(report.pairs.map((p) => [p.post, p.state]));
    expect(states).toEqual({ a: 'published', b: 'failed' });
    // 429: as told; 503: backoff (base 100 ms, attempt 2 → ceiling 200, half of it with random() = 0).
    expect(sleeps).toEqual([1500, 100]);
    expect(platform.texts()).toEqual(['Post a']);
    expect(report.pairs.find((p) => p.post === 'b')!.error).toBe('auth: Mastodon: HTTP 401 — The access token is invalid (auth errors are not retried)');
    expect(ledger(repo.remote, 'a').accounts.bsky.attempts).toBe(3);
    expect(report.ok).toBe(false);
  });

  it('checks before re-posting after an answer was lost, and finds the post', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['masto'] }));
    const platform = new MemoryPlatform();
    platform.cues.push({ after: new PlatformError('transient', 'Mastodon: HTTP 502', { status: 502 }) });
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform));
    expect(report.pairs[0].state).toBe('published');
    expect(platform.sent).toHaveLength(1);
  });

  it('records late posts as missed and never posts them', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS, 'publish:\n  grace: 2h\n'), posts({ id: 'old', at: '2027-01-20 09:59', channels: ['bsky'] }, { id: 'late', at: '2027-01-20 10:01', channels: ['bsky'] }));
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform));
    expect(report.pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['old:missed', 'late:published']);
    expect(report.ok).toBe(false);
    expect(platform.texts()).toEqual(['Post late']);
    expect(ledger(repo.remote, 'old').accounts.bsky).toMatchObject({ state: 'missed', note: expect.stringContaining('grace period (120 min)') });
    expect((await publish(calendar, problems, options(platform))).pairs).toEqual([]);
  });

  it('sends nothing while frozen, only untagged posts under a tag freeze, and resumes after unfreeze', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'promo', at: '2027-01-20 11:00', channels: ['bsky'], tags: ['promotional'] }, { id: 'plain', at: '2027-01-20 11:00', channels: ['bsky'] }));
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const ctx = { root: repo.work, settings: calendar.config.publish, env: {}, now: NOW };
    await changeFreezes(ctx, (f) => addFreeze(f, { reason: 'incident', at: NOW }), 'freeze');
    const frozen = await publish(calendar, problems, options(platform));
    expect(frozen.pairs.map((p) => `${p.post}:${p.state}:${p.reason}`)).toEqual(['plain:held:publishing is frozen: incident', 'promo:held:publishing is frozen: incident']);
    expect(frozen.ok).toBe(true);
    expect(platform.sent).toHaveLength(0);

    await changeFreezes(ctx, () => [{ reason: 'quiet period', tags: ['promotional'], at: NOW }], 'tag freeze');
    const tagged = await publish(calendar, problems, options(platform));
    expect(tagged.pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['plain:published', 'promo:held']);

    await changeFreezes(ctx, () => [], 'unfreeze');
    const free = await publish(calendar, problems, options(platform));
    expect(free.pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['promo:published']);
  });

  it('holds a post with errors in its file', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'bad', at: '2027-01-20 11:00', channels: ['bsky', 'nope'] }, { id: 'good', at: '2027-01-20 11:00', channels: ['bsky'] }));
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform));
    expect(report.pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['bad:held', 'good:published']);
    expect(report.pairs[0].reason).toMatch(/^errors in its file: posts\/bad\.yaml:\d+:\d+: /);
  });

  it('--accounts limits a run to its shard', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['bsky', 'masto'] }));
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, { accounts: ['masto'] }));
    expect(report.pairs.map((p) => p.account)).toEqual(['masto']);
    expect(Object.keys(ledger(repo.remote, 'a').accounts)).toEqual(['masto']);
    const rest = await publish(calendar, problems, options(platform, { accounts: ['bsky'] }));
    expect(rest.pairs.map((p) => `${p.account}:${p.state}`)).toEqual(['bsky:published']);
    expect(Object.keys(ledger(repo.remote, 'a').accounts).sort()).toEqual(['bsky', 'masto']);
  });

  it('--dry-run shows exactly what each account gets and changes nothing', async () => {
    const config = configYaml(ACCOUNTS);
    const repo = calendarRepo(config, posts({ id: 'launch', at: '2027-01-20 11:00', channels: ['bsky', 'masto'], text: 'Launch https://acme.example/x', thread: ['More'], extra: 'campaign: spring\noverrides:\n  masto:\n    text: Mastodon version https://acme.example/y' }));
    writeFiles(repo.work, { 'campaigns/spring.yaml': 'name: Spring\nutm:\n  source: "{account}"\n' });
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform, { dryRun: true }));
    expect(report.pairs.map((p) => [p.account, p.state, p.items])).toEqual([
      ['bsky', 'due', [{ text: 'Launch https://acme.example/x?utm_source=bsky&utm_medium=social&utm_campaign=spring', media: [] }, { text: 'More', media: [] }]],
      ['masto', 'due', [{ text: 'Mastodon version https://acme.example/y?utm_source=masto&utm_medium=social&utm_campaign=spring', media: [] }, { text: 'More', media: [] }]],
    ]);
    expect(platform.sent).toHaveLength(0);
    expect(git(repo.remote, 'branch', '--list', 'socialcal-ledger')).toBe('');
  });

  it('--dry-run works offline from the last fetched ledger', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }));
    git(repo.work, 'remote', 'set-url', 'origin', '/nonexistent/remote.git');
    const lines: string[] = [];
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(new MemoryPlatform(), { dryRun: true, log: (l) => lines.push(l) }));
    expect(report.pairs.map((p) => p.state)).toEqual(['due']);
    expect(lines[0]).toMatch(/^warning: could not fetch the ledger branch .*; using the local copy$/);
    await expect(publish(calendar, problems, options(new MemoryPlatform()))).rejects.toThrow(/ledger branch socialcal-ledger on remote origin: git fetch origin socialcal-ledger failed/);
  });

  it('fails a pair whose account has no credentials, naming the variable', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }));
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, { now: NOW, env: {}, sleep: noSleep });
    expect(report.pairs[0]).toMatchObject({ state: 'failed', error: expect.stringContaining('SOCIALCAL_BSKY_APP_PASSWORD') });
    expect(ledger(repo.remote, 'a').accounts.bsky).toMatchObject({ state: 'failed', attempts: 0 });
  });

  it('posts one account\'s posts in order, one at a time, and accounts of a platform side by side up to the limit', async () => {
    const accounts = { b1: 'platform: bluesky\nhandle: b1.test', b2: 'platform: bluesky\nhandle: b2.test', b3: 'platform: bluesky\nhandle: b3.test' };
    const many = Array.from({ length: 4 }, (_, i) => ({ id: `p${i}`, at: `2027-01-20 11:0${i}`, channels: ['b1', 'b2', 'b3'] }));
    const repo = calendarRepo(configYaml(accounts, 'publish:\n  concurrency: 2\n'), many);
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    await publish(calendar, problems, options(platform));
    expect(platform.sent).toHaveLength(12);
    expect(platform.maxActive).toBe(2);
    for (const a of ['b1', 'b2', 'b3']) expect(platform.texts(a)).toEqual(['Post p0', 'Post p1', 'Post p2', 'Post p3']);
  });

  it('keeps the ledger on a local branch when the config says the ledger is local-only', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS, 'publish:\n  ledger: local\n'), posts({ id: 'a', at: '2027-01-20 11:00', channels: ['bsky'] }));
    git(repo.work, 'remote', 'remove', 'origin');
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    await publish(calendar, problems, options(platform));
    expect(parseLedgerFile(showFile(repo.work, 'socialcal-ledger', 'published/a.yaml'), 'a').accounts.bsky.state).toBe('published');
    expect(git(repo.work, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export { postYaml };
