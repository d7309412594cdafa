// npm run bench:publish: 200 due single posts to a local PDS through `publish` (claim, post,
// record, with the ledger on a bare git remote) against a bare loop of the same 200
// createRecord calls in the same run. Prints figures; asserts nothing. Runs the built code.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCalendar } from '../dist/calendar/load.js';
import { publish } from '../dist/publish/runner.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 200);
const NOW = new Date('2027-01-20T12:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'socialcal-bench-publish-'));
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost' } });

function prepareRepo(name) {
  const remote = join(tmp, `remote-${name}`);
  const work = join(tmp, `work-${name}`);
  git(tmp, 'init', '--quiet', '--bare', '-b', 'main', remote);
  git(tmp, 'init', '--quiet', '-b', 'main', work);
  mkdirSync(join(work, 'posts'));
  for (let i = 0; i < POSTS; i++) writeFileSync(join(work, 'posts', `bench-${i}.yaml`), `at: 2027-01-20 11:${String(i % 60).padStart(2, '0')}\nchannels: [bsky]\ntext: "publish post ${i}"\n`);
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'calendar');
  git(work, 'remote', 'add', 'origin', remote);
  git(work, 'push', '--quiet', 'origin', 'main');
  return work;
}
const repos = { bob: prepareRepo('bob') };

// The PDS runs in a child process (see bench-pds.js for why).
const pds = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'bench-pds.js'), 'alice', 'bob'], { stdio: ['pipe', 'pipe', 'inherit'] });
const { url, accounts } = JSON.parse(await new Promise((resolve) => createInterface({ input: pds.stdout }).once('line', resolve)));
const network = { pds: { url } };
try {
  // 1. The floor: one session, then the same number of createRecord calls, one after another.
  const [floorAccount, seqAccount] = accounts;
  const session = await (await fetch(`${network.pds.url}/xrpc/com.atproto.server.createSession`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: `${floorAccount.name}.test`, password: floorAccount.password }) })).json();
  const createRecord = (i) =>
    fetch(`${network.pds.url}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessJwt}` },
      body: JSON.stringify({ repo: session.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: `bare post ${i}`, createdAt: new Date().toISOString() } }),
    });
  // Warm the PDS up first so neither side pays for its first requests.
  for (let i = 0; i < 20; i++) await createRecord(-i);
  const t0 = performance.now();
  for (let i = 0; i < POSTS; i++) {
    const res = await createRecord(i);
    if (!res.ok) throw new Error(`createRecord: ${res.status} ${await res.text()}`);
  }
  const bareMs = performance.now() - t0;

  // 2. publish with the default settings: one account's posts go out in order, one at a time.
  const runPublish = async (account) => {
    const work = repos[account.name];
    const config = [
      'timezone: UTC',
      'rules:',
      '  spacing: off',
      '  daily-limit: off',
      'accounts:',
      '  bsky:',
      '    platform: bluesky',
      `    handle: ${account.name}.test`,
      `    server: ${network.pds.url}`,
      '    credentials: { identifier: BENCH_HANDLE, password: BENCH_PASSWORD }',
      '',
    ].join('\n');
    // Written, not committed: publish reads the calendar from the work tree.
    writeFileSync(join(work, 'socialcal.yaml'), config);
    const t = performance.now();
    const { calendar, problems } = loadCalendar(work);
    const report = await publish(calendar, problems, { now: NOW, env: { BENCH_HANDLE: `${account.name}.test`, BENCH_PASSWORD: account.password } });
    const ms = performance.now() - t;
    const published = report.pairs.filter((p) => p.state === 'published').length;
    if (published !== POSTS) throw new Error(`publish: only ${published} of ${POSTS} published: ${JSON.stringify(report.pairs.find((p) => p.state !== 'published'))}`);
    return { ms, git: report.timings.gitMs, posting: report.timings.postingMs };
  };
  const run = await runPublish(seqAccount);

  const row = (name, ms, extra = '') => console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms${extra}`);
  console.log(`${POSTS} due single posts to a local PDS (TestNetworkNoAppView), node ${process.version}\n`);
  row('bare createRecord loop', bareMs);
  row('publish (total)', run.ms, `   ratio ${(run.ms / bareMs).toFixed(2)}×`);
  row('  of which git (fetch, claim, record)', run.git);
  row('  of which posting', run.posting, `   ratio ${(run.posting / bareMs).toFixed(2)}×`);
  row('  of which the rest (load, rules, select)', run.ms - run.git - run.posting);
} finally {
  pds.stdin.end();
  await new Promise((resolve) => pds.once('exit', resolve));
  rmSync(tmp, { recursive: true, force: true });
}
