// node scripts/pds-soak.js [records]: writes records (default 2000) to a local PDS through the
// Bluesky adapter the way the real-PDS tests do (the PDS in the same process, posting over HTTP,
// spawning git now and then), printing a count every 100 records so an abort shows how far it
// got. With better-sqlite3 12.x on Node >= 24.19 it died with SIGABRT (`Assertion failed: (env)
// != nullptr` in Statement::~Statement) after a few hundred to ~1,600 records; see the override
// in package.json. Runs the built code (npm run build first). Prints figures; asserts nothing.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { createAdapter } from '../dist/platforms/index.js';

const RECORDS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 2000);
const run = promisify(execFile);

const network = await TestNetworkNoAppView.create({});
const agent = network.pds.getClient();
await agent.createAccount({ handle: 'alice.test', email: 'alice@test.com', password: 'alice-pass' });
const env = { BSKY_HANDLE: 'alice.test', BSKY_APP_PASSWORD: (await agent.com.atproto.server.createAppPassword({ name: 'soak' })).data.password };
const account = { name: 'soak', platform: 'bluesky', handle: 'alice.test', server: network.pds.url, credentials: { identifier: 'BSKY_HANDLE', password: 'BSKY_APP_PASSWORD' }, settings: {} };
const adapter = await createAdapter(account, env);
const t0 = performance.now();
for (let i = 1; i <= RECORDS; i++) {
  await adapter.post({ text: `soak ${i}`, media: [] }, { handle: adapter.newHandle() });
  if (i % 10 === 0) await run('git', ['--version']);
  if (i % 100 === 0) process.stdout.write(`records ${i}\n`);
}
const { version } = JSON.parse(readFileSync(new URL(import.meta.resolve('better-sqlite3/package.json')), 'utf8'));
process.stdout.write(`done: ${RECORDS} records in ${Math.round(performance.now() - t0)} ms, better-sqlite3 ${version}, node ${process.version}\n`);
await network.close();
