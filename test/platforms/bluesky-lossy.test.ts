// Bluesky when the answer to a post is lost: a real PDS (in a child process, as the benchmark
// runs it: better-sqlite3's finalizers can abort a process that also spawns git) behind a proxy
// that lets the PDS create the record, then drops the connection, never answers, or answers 200
// with something that is not the API's answer (an HTML page, the wrong JSON).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { BlueskyAdapter } from '../../src/platforms/bluesky.js';
import { PlatformError } from '../../src/platforms/types.js';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish } from '../../src/publish/runner.js';
import { ageClaims, showFile } from '../support/git.js';
import { calendarRepo, configYaml, load } from '../publish/calendar.js';
import { startLossyProxy, type LossyProxy } from '../publish/lossy-proxy.js';

let pds: ChildProcessWithoutNullStreams;
let url: string;
let did: string;
let proxy: LossyProxy;
const env: NodeJS.ProcessEnv = { BSKY_HANDLE: 'alice.test' };

beforeAll(async () => {
  pds = spawn(process.execPath, [join(import.meta.dirname, '../../scripts/bench-pds.js'), 'alice'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const [line] = (await once(createInterface({ input: pds.stdout }), 'line')) as [string];
  const started = JSON.parse(line) as { url: string; accounts: { did: string; password: string }[] };
  url = started.url;
  did = started.accounts[0].did;
  env.BSKY_APP_PASSWORD = started.accounts[0].password;
  proxy = await startLossyProxy(url);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  pds?.stdin.end();
  if (pds && pds.exitCode === null) await once(pds, 'exit');
});

const account: () => Account = () => ({
  name: 'acme-bsky',
  platform: 'bluesky',
  handle: 'alice.test',
  server: proxy.url,
  credentials: { identifier: 'BSKY_HANDLE', password: 'BSKY_APP_PASSWORD' },
  settings: {},
});

async function records(): Promise<{ uri: string; value: { text: string } }[]> {
  const res = await fetch(`${url}/xrpc/com.atproto.repo.listRecords?repo=${did}&collection=app.bsky.feed.post&limit=100`);
  return ((await res.json()) as { records: { uri: string; value: { text: string } }[] }).records;
}

describe('Bluesky adapter when the answer to createRecord is lost', () => {
  it.each([
    { how: 'drop' as const, what: 'the connection is dropped (a network error)' },
    { how: 'hold' as const, what: 'no answer comes (a timeout)' },
  ])('finds its record by getRecord when $how: $what, and never creates a second one', async ({ how }) => {
    const adapter = new BlueskyAdapter(account(), env, { timeoutMs: 3000 });
    const handle = adapter.newHandle();
    const before = (await records()).length;
    proxy.loseNext((method, path) => method === 'POST' && path.endsWith('/com.atproto.repo.createRecord'), how);
    const posted = await adapter.post({ text: `lost answer (${how})`, media: [] }, { handle });
    expect(posted.id).toBe(`at://${did}/app.bsky.feed.post/${handle}`);
    const after = await records();
    expect(after).toHaveLength(before + 1);
    expect(after.find((r) => r.uri === posted.id)?.value.text).toBe(`lost answer (${how})`);
  }, 60_000);
});

const HTML = { body: '<!doctype html><html><body><h1>Down for maintenance</h1></body></html>', type: 'text/html' };
const WRONG_JSON = { body: '{"ok":true}', type: 'application/json' };
const createRecord = (method: string, path: string) => method === 'POST' && path.endsWith('/com.atproto.repo.createRecord');
const getRecord = (method: string, path: string) => method === 'GET' && path.endsWith('/com.atproto.repo.getRecord');

describe('Bluesky adapter when the PDS answers 200 with something else', () => {
  it('an HTML page instead of the created record: asks getRecord, finds its record, creates no second one', async () => {
    const adapter = new BlueskyAdapter(account(), env, { timeoutMs: 3000 });
    const handle = adapter.newHandle();
    const before = (await records()).length;
    proxy.loseNext(createRecord, HTML);
    const posted = await adapter.post({ text: 'answered with HTML', media: [] }, { handle });
    expect(posted).toMatchObject({ id: `at://${did}/app.bsky.feed.post/${handle}`, ref: { uri: `at://${did}/app.bsky.feed.post/${handle}` } });
    expect(posted.ref!.cid).toMatch(/^baf/);
    expect(await records()).toHaveLength(before + 1);
  }, 60_000);

  it('wrong JSON, and HTML from getRecord too: an unexpected error saying so, never a post with an undefined id', async () => {
    const adapter = new BlueskyAdapter(account(), env, { timeoutMs: 3000 });
    proxy.loseNext(createRecord, WRONG_JSON);
    proxy.loseNext(getRecord, HTML);
    const error = await adapter.post({ text: 'answered with the wrong JSON', media: [] }, { handle: adapter.newHandle() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ kind: 'unexpected', status: 200 });
    expect((error as Error).message).toMatch(/^Bluesky \(acme-bsky\): create post: HTTP 200, but the answer is not what the API sends \(a JSON object: "uri" .*\); a proxy or maintenance page may have answered/);
    // HTML where a lookup's answer should be is not "not found" either.
    proxy.loseNext(getRecord, HTML);
    await expect(adapter.lookup(adapter.newHandle())).rejects.toMatchObject({ kind: 'unexpected' });
  }, 60_000);

  it('an HTML page instead of a session: doctor says so, posting fails as unexpected (no token taken from it)', async () => {
    proxy.loseNext((m, p) => m === 'POST' && p.endsWith('/com.atproto.server.createSession'), HTML);
    const verified = await new BlueskyAdapter(account(), env, { timeoutMs: 3000 }).verify();
    expect(verified.ok).toBe(false);
    expect(verified.detail).toMatch(/sign in as alice\.test on .*: HTTP 200, but the answer is not what the API sends \(text starting "<!doctype html>/);
    expect(verified.detail).not.toContain(env.BSKY_APP_PASSWORD!);
    proxy.loseNext((m, p) => m === 'POST' && p.endsWith('/com.atproto.server.createSession'), { body: '{"accessJwt":"x"}', type: 'application/json' });
    const adapter = new BlueskyAdapter(account(), env, { timeoutMs: 3000 });
    await expect(adapter.post({ text: 'never sent', media: [] }, { handle: adapter.newHandle() })).rejects.toMatchObject({ kind: 'unexpected' });
  }, 60_000);

  it('signIn ahead of posting: one sign-in for it and the posts after; a wrong password is reported by the first post, without a second sign-in', async () => {
    const signIns = () => proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/com.atproto.server.createSession')).length;
    const before = signIns();
    const adapter = new BlueskyAdapter(account(), env, { timeoutMs: 3000 });
    adapter.signIn();
    adapter.signIn();
    const handle = adapter.newHandle();
    await adapter.post({ text: 'signed in ahead', media: [] }, { handle });
    await adapter.post({ text: 'signed in ahead, again', media: [] }, { handle: adapter.newHandle() });
    expect(signIns()).toBe(before + 1);
    expect(await adapter.lookup(handle)).toMatchObject({ id: expect.stringContaining(handle) });

    const wrong = new BlueskyAdapter(account(), { ...env, BSKY_APP_PASSWORD: 'wrong-password-1234' }, { timeoutMs: 3000 });
    wrong.signIn();
    const error = await wrong.post({ text: 'never sent', media: [] }, { handle: wrong.newHandle() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', message: expect.stringContaining('BSKY_APP_PASSWORD') });
    expect((error as Error).message).not.toContain('wrong-password-1234');
    expect(signIns()).toBe(before + 2);
    // The failure is not kept: the next call signs in again.
    await expect(wrong.post({ text: 'never sent', media: [] }, { handle: wrong.newHandle() })).rejects.toMatchObject({ kind: 'auth' });
    expect(signIns()).toBe(before + 3);
  }, 60_000);

  it('publish does not record a post published on an answer it cannot read; a later run finds the record and does not post again', async () => {
    const repo = calendarRepo(configYaml({ bsky: `platform: bluesky\nhandle: alice.test\nserver: ${proxy.url}\ncredentials: { identifier: BSKY_HANDLE, password: BSKY_APP_PASSWORD }` }), [{ id: 'html', at: '2027-01-20 11:00', channels: ['bsky'], text: 'behind a maintenance page' }]);
    const before = (await records()).length;
    proxy.loseNext(createRecord, HTML);
    for (let i = 0; i < 20; i++) proxy.loseNext(getRecord, HTML);
    const opts = { now: new Date('2027-01-20T12:00:00Z'), env, sleep: async () => undefined };
    const first = load(repo.work);
    try {
      const report = await publish(first.calendar, first.problems, opts);
      expect(report.pairs.map((p) => p.state)).not.toContain('published');
      expect(report.ok).toBe(false);
    } finally {
      proxy.reset();
    }
    const ledger = () => parseLedgerFile(showFile(repo.remote, 'socialcal-ledger', 'published/html.yaml'), 'html').accounts.bsky;
    expect(ledger()).toMatchObject({ state: 'claimed', error: expect.stringContaining('not what the API sends') });
    expect(ledger().items[0].id).toBeUndefined();
    expect(await records()).toHaveLength(before + 1);

    ageClaims(repo.remote, 31);
    const report = await publish(first.calendar, first.problems, opts);
    expect(report.pairs.map((p) => [p.action, p.state])).toEqual([['reconcile', 'published']]);
    expect(ledger().items[0].id).toBe(`at://${did}/app.bsky.feed.post/${ledger().items[0].handle}`);
    expect(await records()).toHaveLength(before + 1);
  }, 120_000);
});
