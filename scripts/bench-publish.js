// npm run bench:publish: 200 due single posts to a local PDS through `publish` (claim, post,
// record, with the ledger on a bare git remote) against a bare loop of the same 200
// createRecord calls in the same run. Prints figures; asserts nothing. Runs the built code.
//
// The two take turns, BENCH_ROUNDS times (default 3; bare first in odd rounds, publish first in
// even ones), and each round's ratio is printed with the median: on a shared machine the PDS's
// speed drifts within a minute, so only figures taken side by side compare. Each round's
// publish runs on a ledger that already holds an earlier run (every CI run but the first);
// the first run on a new ledger (which also fetches and pushes the ledger's marker) is timed
// once at the end.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCalendar } from '../dist/calendar/load.js';
import { publish } from '../dist/publish/runner.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NOW = new Date('2027-01-20T12:00:00Z');
/** A post due two hours before the others: published by a first run, so the ledger exists. */
const EARLIER = new Date('2027-01-20T10:00:30Z');
const tmp = mkdtempSync(join(tmpdir(), 'socialcal-bench-publish-'));
/**
 * CPU time so far, ms: this process, and its children that have ended (git; not the PDS, which
 * runs on). Children's from /proc (Linux); elsewhere left out.
 */
function cpuNow() {
  const self = process.cpuUsage();
  let children;
  try {
    // Fields 16 and 17 of /proc/self/stat (after the command name in parentheses): cutime, cstime in ticks.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    children = NaN;
  }
  return { self: (self.user + self.system) / 1000, children };
}
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost' } });

function prepareRepo(name, config, earlier = true) {
  const remote = join(tmp, `remote-${name}`);
  const work = join(tmp, `work-${name}`);
  git(tmp, 'init', '--quiet', '--bare', '-b', 'main', remote);
  git(tmp, 'init', '--quiet', '-b', 'main', work);
  mkdirSync(join(work, 'posts'));
  if (earlier) writeFileSync(join(work, 'posts', 'earlier.yaml'), 'at: 2027-01-20 10:00\nchannels: [bsky]\ntext: "an earlier post"\n');
  for (let i = 0; i < POSTS; i++) writeFileSync(join(work, 'posts', `bench-${i}.yaml`), `at: 2027-01-20 11:${String(i % 60).padStart(2, '0')}\nchannels: [bsky]\ntext: "publish post ${i} of ${name}"\n`);
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'calendar');
  git(work, 'remote', 'add', 'origin', remote);
  git(work, 'push', '--quiet', 'origin', 'main');
  // Written, not committed: publish reads the calendar from the work tree.
  writeFileSync(join(work, 'socialcal.yaml'), config);
  return work;
}

// The PDS runs in a child process (see bench-pds.js for why).
const pds = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'bench-pds.js'), 'alice', 'bob'], { stdio: ['pipe', 'pipe', 'inherit'] });
const { url, accounts } = JSON.parse(await new Promise((resolve) => createInterface({ input: pds.stdout }).once('line', resolve)));
const network = { pds: { url } };
try {
  const [floorAccount, seqAccount] = accounts;
  const config = [
    'timezone: UTC',
    'rules:',
    '  spacing: off',
    '  daily-limit: off',
    'accounts:',
    '  bsky:',
    '    platform: bluesky',
    `    handle: ${seqAccount.name}.test`,
    `    server: ${network.pds.url}`,
    '    credentials: { identifier: BENCH_HANDLE, password: BENCH_PASSWORD }',
    '',
  ].join('\n');
  const env = { BENCH_HANDLE: `${seqAccount.name}.test`, BENCH_PASSWORD: seqAccount.password };

  // The floor: one session, then the same number of createRecord calls, one after another.
  const session = await (await fetch(`${network.pds.url}/xrpc/com.atproto.server.createSession`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: `${floorAccount.name}.test`, password: floorAccount.password }) })).json();
  const createRecord = (i) =>
    fetch(`${network.pds.url}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessJwt}` },
      body: JSON.stringify({ repo: session.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: `bare post ${i}`, createdAt: new Date().toISOString() } }),
    });
  const bareCpu = [];
  const bareLoop = async () => {
    const t0 = performance.now();
    const c0 = cpuNow();
    for (let i = 0; i < POSTS; i++) {
      const res = await createRecord(i);
      if (!res.ok) throw new Error(`createRecord: ${res.status} ${await res.text()}`);
    }
    bareCpu.push(cpuNow().self - c0.self);
    return performance.now() - t0;
  };

  // publish with the default settings: one account's posts go out in order, one at a time.
  const runPublish = async (work, now, expected) => {
    const t = performance.now();
    const c0 = cpuNow();
    const { calendar, problems } = loadCalendar(work);
    const report = await publish(calendar, problems, { now, env });
    const ms = performance.now() - t;
    const c1 = cpuNow();
    const published = report.pairs.filter((p) => p.state === 'published').length;
    if (published !== expected) throw new Error(`publish: only ${published} of ${expected} published: ${JSON.stringify(report.pairs.find((p) => p.state !== 'published'))}`);
    return { ms, git: report.timings.gitMs, posting: report.timings.postingMs, cpu: c1.self - c0.self, gitCpu: c1.children - c0.children };
  };
  const steadyRun = async (round) => {
    const work = prepareRepo(`round-${round}`, config);
    await runPublish(work, EARLIER, 1);
    return runPublish(work, NOW, POSTS);
  };

  // Warm the PDS and both clients up first so neither side pays for its first requests.
  for (let i = 0; i < 20; i++) await createRecord(-i);
  await runPublish(prepareRepo('warm-up', config), EARLIER, 1);

  const rounds = [];
  for (let r = 1; r <= ROUNDS; r++) {
    let bareMs, run;
    if (r % 2) {
      bareMs = await bareLoop();
      run = await steadyRun(r);
    } else {
      run = await steadyRun(r);
      bareMs = await bareLoop();
    }
    rounds.push({ bareMs, ...run });
  }
  const firstBare = await bareLoop();
  const first = await runPublish(prepareRepo('new-ledger', config, false), NOW, POSTS);

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const row = (name, ms, extra = '') => console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms${extra}`);
  console.log(`${POSTS} due single posts to a local PDS (TestNetworkNoAppView), node ${process.version}, ${ROUNDS} rounds\n`);
  rounds.forEach((r, i) => {
    console.log(`round ${i + 1} (${i % 2 ? 'publish first' : 'bare loop first'})`);
    row('  bare createRecord loop', r.bareMs);
    row('  publish (total)', r.ms, `   ratio ${(r.ms / r.bareMs).toFixed(2)}×`);
    row('    of which git (fetch, claim, record)', r.git);
    row('    of which posting', r.posting, `   ratio ${(r.posting / r.bareMs).toFixed(2)}×`);
    row('    of which the rest (load, rules, select)', r.ms - r.git - r.posting);
    row('  CPU: bare loop (this process)', bareCpu[i]);
    row('  CPU: publish (this process)', r.cpu);
    row('  CPU: publish (its git processes)', r.gitCpu);
  });
  console.log(`\nmedian of ${ROUNDS} rounds: publish ÷ bare loop ${median(rounds.map((r) => r.ms / r.bareMs)).toFixed(2)}× (${rounds.map((r) => (r.ms / r.bareMs).toFixed(2)).join(', ')}); git ${median(rounds.map((r) => r.git)).toFixed(0)} ms; posting ÷ bare loop ${median(rounds.map((r) => r.posting / r.bareMs)).toFixed(2)}×; the rest ${median(rounds.map((r) => r.ms - r.git - r.posting)).toFixed(0)} ms`);
  console.log(`CPU, median: bare loop ${median(bareCpu.slice(0, ROUNDS)).toFixed(0)} ms; publish ${median(rounds.map((r) => r.cpu)).toFixed(0)} ms in this process + ${median(rounds.map((r) => r.gitCpu)).toFixed(0)} ms in git`);
  console.log(`first run on a new ledger: ${(first.ms / firstBare).toFixed(2)}× the bare loop just before (${first.ms.toFixed(0)} ms vs ${firstBare.toFixed(0)} ms; git ${first.git.toFixed(0)} ms, posting ${(first.posting / firstBare).toFixed(2)}×)`);
} finally {
  pds.stdin.end();
  await new Promise((resolve) => pds.once('exit', resolve));
  rmSync(tmp, { recursive: true, force: true });
}
