// npm run bench:metrics: `metrics` over 1,000 published posts on each of three accounts
// (Bluesky, Mastodon, X) against one local server that answers those APIs' batch reads. Prints
// the calls made against the minimum the batch limits allow, the time, and what was written;
// then a second run right after (everything fresh: no calls). Asserts nothing. Runs the built code.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendar } from '../dist/calendar/load.js';
import { readMetricsHistory } from '../dist/metrics/history.js';
import { pullMetrics } from '../dist/metrics/pull.js';
import { serializeLedgerFile } from '../dist/publish/ledger.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const BATCH = { bsky: 25, masto: 20, x: 100 };
const NOW = new Date('2027-01-20T12:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'socialcal-bench-metrics-'));
const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });

// One server, three APIs, each refusing more ids than its batch limit; every call counted.
const calls = {};
const count = (name) => (calls[name] = (calls[name] ?? 0) + 1);
const counts = (i) => ({ likes: i % 17, reposts: i % 5, replies: i % 3, quotes: i % 2 });
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const num = (id) => Number(/(\d+)$/.exec(id)[1]);
  switch (url.pathname) {
    case '/xrpc/com.atproto.server.createSession':
      count('bluesky createSession');
      return send(200, { accessJwt: 'a', refreshJwt: 'r', did: 'did:plc:bench', handle: 'bench.test' });
    case '/xrpc/app.bsky.feed.getPosts': {
      count('bluesky getPosts');
      const uris = url.searchParams.getAll('uris');
      if (uris.length > BATCH.bsky) return send(400, { error: 'InvalidRequest', message: 'uris: at most 25' });
      return send(200, { posts: uris.map((uri) => { const c = counts(num(uri)); return { uri, likeCount: c.likes, repostCount: c.reposts, replyCount: c.replies, quoteCount: c.quotes }; }) });
    }
    case '/xrpc/app.bsky.actor.getProfile':
      count('bluesky getProfile');
      return send(200, { did: 'did:plc:bench', handle: 'bench.test', followersCount: 1204 });
    case '/api/v1/statuses': {
      count('mastodon statuses');
      const ids = url.searchParams.getAll('id[]');
      if (ids.length > BATCH.masto) return send(422, { error: 'too many ids' });
      return send(200, ids.map((id) => { const c = counts(num(id)); return { id, uri: `https://m.example/${id}`, content: '<p>x</p>', favourites_count: c.likes, reblogs_count: c.reposts, replies_count: c.replies }; }));
    }
    case '/api/v1/accounts/verify_credentials':
      count('mastodon verify_credentials');
      return send(200, { id: '1', acct: 'bench', followers_count: 310 });
    case '/2/tweets': {
      count('x tweets');
      const ids = (url.searchParams.get('ids') ?? '').split(',');
      if (ids.length > BATCH.x) return send(400, { title: 'Invalid Request', detail: 'at most 100 ids' });
      return send(200, { data: ids.map((id) => { const c = counts(num(id)); return { id, text: 'x', public_metrics: { like_count: c.likes, retweet_count: c.reposts, reply_count: c.replies, quote_count: c.quotes, impression_count: 100 * c.likes } }; }) });
    }
    case '/2/users/me':
      count('x users/me');
      return send(200, { data: { id: '1', username: 'bench', public_metrics: { followers_count: 45 } } });
    default:
      return send(404, { error: `no route ${url.pathname}` });
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

try {
  // A calendar repo whose ledger branch (on a bare remote) records POSTS posts on each account,
  // published two hours before the run: every item is due its 1h snapshot.
  const remote = join(tmp, 'remote.git');
  const work = join(tmp, 'work');
  git(tmp, 'init', '--quiet', '--bare', '-b', 'main', remote);
  git(tmp, 'init', '--quiet', '-b', 'main', work);
  writeFileSync(join(work, 'socialcal.yaml'), [
    'timezone: UTC',
    'accounts:',
    `  bsky: { platform: bluesky, handle: bench.test, server: "${base}", credentials: { identifier: B_ID, password: B_PASS } }`,
    `  masto: { platform: mastodon, server: "${base}", credentials: { token: M_TOKEN } }`,
    `  x: { platform: x, handle: bench, server: "${base}", credentials: { apiKey: X_KEY, apiSecret: X_SECRET, accessToken: X_TOKEN, accessSecret: X_TOKEN_SECRET } }`,
    '',
  ].join('\n'));
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'calendar');
  git(work, 'remote', 'add', 'origin', remote);
  git(work, 'push', '--quiet', 'origin', 'main');
  git(work, 'checkout', '--quiet', '--orphan', 'socialcal-ledger');
  git(work, 'rm', '-rfq', '--cached', '.');
  mkdirSync(join(work, 'published'));
  const at = new Date(NOW.getTime() - 2 * 3_600_000);
  const entry = (id, extra = {}) => ({ state: 'published', run: 'bench', claimedAt: at, updatedAt: at, publishedAt: at, attempts: 1, items: [{ handle: `h${id}`, id, at, ...extra }] });
  for (let i = 0; i < POSTS; i++) {
    const uri = `at://did:plc:bench/app.bsky.feed.post/${i}`;
    const file = { post: `post-${i}`, accounts: { bsky: entry(uri, { ref: { uri, cid: `cid${i}` } }), masto: entry(String(100000 + i)), x: entry(String(900000 + i)) } };
    writeFileSync(join(work, 'published', `post-${i}.yaml`), serializeLedgerFile(file));
  }
  git(work, 'add', 'published');
  git(work, 'commit', '--quiet', '-m', 'ledger');
  git(work, 'push', '--quiet', 'origin', 'socialcal-ledger');
  git(work, 'checkout', '--quiet', '-f', 'main');

  const { calendar } = loadCalendar(work);
  const secrets = { B_ID: 'bench.test', B_PASS: 'p', M_TOKEN: 't', X_KEY: 'k', X_SECRET: 's', X_TOKEN: 't', X_TOKEN_SECRET: 's' };
  const run = async () => {
    for (const k of Object.keys(calls)) delete calls[k];
    const t0 = performance.now();
    const report = await pullMetrics(calendar, { env: secrets, clock: () => NOW, paceMs: 0 });
    return { report, ms: performance.now() - t0, calls: { ...calls } };
  };

  const first = await run();
  const minimum = Math.ceil(POSTS / BATCH.bsky) + Math.ceil(POSTS / BATCH.masto) + Math.ceil(POSTS / BATCH.x) + 3;
  const made = Object.values(first.calls).reduce((a, b) => a + b, 0);
  const sessions = first.calls['bluesky createSession'] ?? 0;
  console.log(`metrics over ${POSTS} published posts × 3 accounts (Bluesky, Mastodon, X) against a local server, node ${process.version}\n`);
  for (const [name, n] of Object.entries(first.calls).sort()) console.log(`  ${name.padEnd(30)} ${String(n).padStart(5)}`);
  console.log(`calls made                     ${String(made).padStart(5)}   (minimum the batch limits allow: ${minimum} reads + ${sessions} sign-in = ${minimum + sessions}; ratio ${(made / (minimum + sessions)).toFixed(2)}×)`);
  console.log(`items read                     ${String(first.report.read).padStart(5)}   snapshots added: ${JSON.stringify(first.report.snapshots)}`);
  console.log(`files written                  ${String(first.report.written).padStart(5)}`);
  console.log(`time                           ${first.ms.toFixed(0).padStart(5)} ms (ledger read, ${made} requests, merge and one commit + push)`);
  const size = Number(git(remote, 'ls-tree', '-r', '-l', 'socialcal-ledger', 'metrics').split('\n').filter(Boolean).reduce((sum, line) => sum + Number(line.split(/\s+/)[3]), 0));
  console.log(`metrics files on the branch    ${(size / 1e6).toFixed(2)} MB (${(size / POSTS / 3).toFixed(0)} bytes per post and account, one snapshot each)`);

  git(work, 'fetch', '--quiet', 'origin');
  const t1 = performance.now();
  const history = await readMetricsHistory(work, calendar.config.publish);
  console.log(`readMetricsHistory             ${(performance.now() - t1).toFixed(0).padStart(5)} ms for ${history.posts.length} items (what report reads)`);

  const second = await run();
  const again = Object.values(second.calls).reduce((a, b) => a + b, 0);
  console.log(`\nsecond run right after         ${String(again).padStart(5)} calls, ${second.report.written} files written, ${second.ms.toFixed(0)} ms (everything read within the hour is skipped)`);
} finally {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}
