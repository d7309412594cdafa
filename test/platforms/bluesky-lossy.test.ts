// Bluesky when the answer to a post is lost: a real PDS (in a child process, as the benchmark
// runs it: better-sqlite3's finalizers can abort a process that also spawns git) behind a proxy
// that lets the PDS create the record, then drops the connection or never answers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { BlueskyAdapter } from '../../src/platforms/bluesky.js';
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
