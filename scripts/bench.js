// npm run bench: every command on a 10,000-post synthetic calendar against the parse floor
// (read + YAML-parse the same files), as CPU time of the child process; each run of a command
// follows a run of the floor, and its ratio is the median of those pairs' ratios; cold (--no-cache) and warm (cache primed; for check also warm with one post edited); the static
// site's first view in headless Chromium; start-up time against bare node; then the report and
// metrics benchmarks (scripts/bench-report.js, bench-metrics.js). Prints figures and
// ratios; asserts nothing.
//   BENCH_RUNS=5        runs per figure (median; default 3)
//   BENCH_100K=1        also the 100,000-post calendar: check time and peak RSS
//   BENCH_100K=only     only the floor and check at 10,000, then the 100,000-post figures
//   BENCH_ROWS=a,b      only the command rows whose names start so (e.g. "export ics,plan";
//                       "report" and "metrics" for those benchmarks, which run last)
//   BENCH_CHROMIUM=path the browser for the site figure (default /usr/bin/chromium; "none" skips)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { childrenCpu } from './children-cpu.js';
import { generateCalendar } from './synthetic-calendar.js';

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NOW = '2027-01-01T00:00:00Z';
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';

function run(args, opts = {}) {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1' } });
  const wall = performance.now() - t0;
  const cpu1 = childrenCpu();
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = Number(/@@rss (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1024;
  // The node process alone (without git's share, for plan).
  const own = Number(/@@cpu (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1000;
  // CPU time when the platform tells it (it includes git's for plan); wall time otherwise.
  const ms = cpu0 === undefined ? wall : (cpu1 - cpu0) * 1000;
  return { ms, wall, own, rss, stdout: r.stdout };
}

// With `opts.floor` (the floor's arguments), each run of the command follows a run of the floor,
// and `ratio` is the median of the pairs' ratios: the machine's speed drifts during a run (a
// shared host), and a floor measured minutes earlier would carry that drift into every ratio.
function median(args, opts = {}) {
  const runs = Array.from({ length: RUNS }, () => {
    opts.before?.();
    const floor = opts.floor ? run(opts.floor) : undefined;
    return { ...run(args, opts), floorMs: floor?.ms };
  });
  const mid = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const pick = (key) => mid(runs.map((r) => r[key]));
  return {
    ms: pick('ms'),
    wall: pick('wall'),
    own: pick('own'),
    rss: Math.max(...runs.map((r) => r.rss)),
    stdout: runs[0].stdout,
    ...(opts.floor ? { ratio: mid(runs.map((r) => r.ms / r.floorMs)), ownRatio: mid(runs.map((r) => r.own / r.floorMs)), floorMs: pick('floorMs') } : {}),
  };
}

const cli = (dir, ...args) => [join(here, 'bench-child.js'), ...args, '-C', dir];
const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost' } });

// The second ratio: to the floor with js-yaml, the parser socialcal reads most files with.
let fastFloor;
function row(name, r, floor, target = '') {
  const toFloor = r.ratio ?? (floor ? r.ms / floor.ms : undefined);
  const ratio = toFloor !== undefined ? `${toFloor.toFixed(2)}×`.padStart(7) : ''.padStart(7);
  // To the js-yaml floor: through the two floors measured side by side at the start.
  const fast = fastFloor && floor !== fastFloor && toFloor !== undefined ? `${((toFloor * floor.ms) / fastFloor.ms).toFixed(2)}×`.padStart(7) : ''.padStart(7);
  console.log(`${name.padEnd(34)} ${r.ms.toFixed(0).padStart(6)} ms  ${ratio} ${fast}  RSS ${r.rss.toFixed(0).padStart(5)} MB  ${target}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'socialcal-bench-'));
try {
  const dir = join(tmp, 'c10k');
  const t0 = performance.now();
  const shape = generateCalendar(dir);
  // A git repository with one post edited in the working tree, for `plan --base HEAD`.
  git(dir, 'init', '--quiet', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'calendar');
  const edited = join(dir, 'posts', readdirSync(join(dir, 'posts'), { recursive: true }).find((f) => f.endsWith('post-2000.yaml')));
  writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^text: /m, 'text: Edited. '));
  console.log(`calendar: ${shape.posts} posts, ${shape.campaigns} campaigns, ${shape.accounts} accounts (generated in ${(performance.now() - t0).toFixed(0)} ms)`);
  console.log(`node ${process.version}; CPU time of each process, median of ${RUNS} runs; ratio = median of ${RUNS} ratios to a parse-floor run just before each\n`);

  console.log(`${''.padEnd(34)} ${'CPU'.padStart(9)}  ${'÷ floor'.padStart(7)} ${'÷ js-yaml'.padStart(7)}`);
  const floorArgs = [join(here, 'parse-floor.js'), dir];
  const floor = median(floorArgs);
  row('parse floor (read + YAML)', floor, floor);
  const jsYamlFloor = median([join(here, 'parse-floor.js'), '--js-yaml', dir]);
  row('parse floor, js-yaml', jsYamlFloor, floor, '(the ratios of the issue are to the floor above)');
  fastFloor = jsYamlFloor;
  const clearCache = () => rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  const commands = [
    ['check', ['check', '--json', '--now', NOW], '≤ 1.3×', '≤ 0.3×'],
    ['ls --all --json', ['ls', '--all', '--json', '--now', NOW], '≤ 1.2×'],
    ['calendar --month', ['calendar', '--month', '2027-03', '--width', '120', '--now', NOW], '≤ 1.2×'],
    ['export html', ['export', 'html', '-o', join(tmp, 'site'), '--now', NOW], '≤ 1.5×'],
    ['export ics', ['export', 'ics', '-o', join(tmp, 'calendar.ics'), '--now', NOW], '≤ 1.3×'],
    ['plan --base HEAD (one post edited)', ['plan', '--base', 'HEAD', '--json', '--now', NOW], '≤ 0.5×', '≤ 0.5×'],
  ];
  const figures = {};
  const only100k = process.env.BENCH_100K === 'only';
  const wanted = ([name]) => !process.env.BENCH_ROWS || process.env.BENCH_ROWS.split(',').some((w) => name.startsWith(w.trim()));
  for (const [name, args, coldTarget] of (only100k ? commands.slice(0, 1) : commands).filter(wanted)) {
    figures[name] = median(cli(dir, ...args, '--no-cache'), { before: clearCache, floor: floorArgs });
    const own = name.startsWith('plan') ? `; node process alone ${figures[name].own.toFixed(0)} ms = ${figures[name].ownRatio.toFixed(2)}×` : '';
    row(`${name} (cold)`, figures[name], floor, `target ${coldTarget}${own}`);
  }
  // Warm: the cache is written by one run, then each timed run reads it.
  clearCache();
  run(cli(dir, 'check', '--json', '--now', NOW));
  // Every command reads the calendar through the cache, which `check` has just written.
  for (const [name, args, , warmTarget] of (only100k ? commands.slice(0, 1) : commands).filter(wanted)) {
    const warm = median(cli(dir, ...args), { floor: floorArgs });
    const own = name.startsWith('plan') ? `; node process alone ${warm.own.toFixed(0)} ms = ${warm.ownRatio.toFixed(2)}×` : '';
    row(`${name} (warm)`, warm, floor, `${warmTarget ? `target ${warmTarget}` : ''}${own}`);
  }
  // Warm after an edit: the memo of the whole check misses, the parse cache serves the other files.
  if (!only100k && wanted(['check'])) {
    const post = join(dir, 'posts', readdirSync(join(dir, 'posts'), { recursive: true }).find((f) => f.endsWith('post-3000.yaml')));
    const original = readFileSync(post, 'utf8');
    let edits = 0;
    const edited = median(cli(dir, 'check', '--json', '--now', NOW), { before: () => writeFileSync(post, `${original}# edit ${++edits}\n`), floor: floorArgs });
    writeFileSync(post, original);
    row('check (warm, one post edited)', edited, floor, '(no target: the memo misses, the parse cache serves the rest)');
  }
  if (figures.check) {
    const findings = JSON.parse(figures.check.stdout).summary;
    console.log(`check findings: ${findings.errors} errors, ${findings.warnings} warnings`);
  }

  if (only100k || !figures['export html']) {
    // the site figure needs the site `export html` wrote; start-up figures come from the full run
  } else if (CHROMIUM !== 'none' && existsSync(CHROMIUM)) {
    const site = await firstView(join(tmp, 'site'));
    console.log(`\nsite first view (export html, headless Chromium, median of ${RUNS}): ${site.drawn.toFixed(0)} ms from navigation start to the first month drawn (${site.ms.toFixed(0)} ms as the test driver sees it, page creation and navigation included), ${(site.bytes / 1024).toFixed(0)} KB loaded (index.html ${(site.index / 1024).toFixed(0)} KB)   target ≤ 1000 ms, ≤ 1024 KB`);
  } else {
    console.log(`\nsite first view: skipped (no Chromium at ${CHROMIUM}; set BENCH_CHROMIUM)`);
  }

  if (process.env.BENCH_100K) {
    // The 100k rows are against the 100k floor only.
    fastFloor = undefined;
    const big = join(tmp, 'c100k');
    generateCalendar(big, { posts: 100_000, campaigns: 500 });
    const bigFloorArgs = [join(here, 'parse-floor.js'), big];
    const bigFloor = median(bigFloorArgs);
    const bigCheck = median(cli(big, 'check', '--json', '--now', NOW, '--no-cache'), { floor: bigFloorArgs });
    console.log('');
    row('100k parse floor', bigFloor, bigFloor);
    row('100k check (cold)', bigCheck, bigFloor, `${figures.check ? `${(bigCheck.ms / figures.check.ms).toFixed(1)}× the 10k check (target ≤ 11×), ` : ''}peak RSS target ≤ 1024 MB`);
    run(cli(big, 'check', '--json', '--now', NOW));
    row('100k check (warm)', median(cli(big, 'check', '--json', '--now', NOW), { floor: bigFloorArgs }), bigFloor);
  }

  if (!only100k) {
    const bare = median(['-e', '0']);
    const version = median([join(here, '../bin/socialcal.js'), '--version']);
    console.log('');
    console.log(`node -e 0: ${bare.ms.toFixed(0)} ms CPU, ${bare.wall.toFixed(0)} ms wall; socialcal --version: ${version.ms.toFixed(0)} ms CPU, ${version.wall.toFixed(0)} ms wall; difference +${(version.ms - bare.ms).toFixed(0)} ms CPU, +${(version.wall - bare.wall).toFixed(0)} ms wall   target ≤ +50 ms`);
  }

  // The report and metrics benchmarks have scripts of their own (npm run bench:report,
  // bench:metrics); the whole benchmark runs them too. BENCH_ROWS=report or metrics picks them.
  for (const [name, script] of [['report', 'bench-report.js'], ['metrics', 'bench-metrics.js']]) {
    if (only100k || !wanted([name])) continue;
    console.log(`\n${name} (scripts/${script}):`);
    const child = spawnSync(node, [join(here, script)], { stdio: 'inherit' });
    if (child.status !== 0) console.log(`${name}: the benchmark exited ${child.status ?? child.signal}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** Opens the exported site from file:// and times it until the opening month is drawn. */
async function firstView(siteDir) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
  try {
    const times = [];
    const drawn = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage();
      // The page's own clock (from navigation start) when the first post appears.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.querySelector('table.month td .post, table.list td .post')) return;
          window.socialcalDrawn = performance.now();
          observer.disconnect();
        }).observe(document, { subtree: true, childList: true });
      });
      const loaded = [];
      page.on('request', (req) => loaded.push(req.url()));
      const t = performance.now();
      await page.goto(pathToFileURL(join(siteDir, 'index.html')).href);
      await page.waitForSelector('table.month td .post, table.list td .post', { timeout: 60_000 });
      times.push(performance.now() - t);
      drawn.push(await page.evaluate(() => window.socialcalDrawn));
      bytes = loaded.filter((u) => u.startsWith('file:')).reduce((sum, u) => sum + statSync(fileURLToPath(u)).size, 0);
      await page.close();
    }
    const mid = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
    return { ms: mid(times), drawn: mid(drawn), bytes, index: statSync(join(siteDir, 'index.html')).size };
  } finally {
    await browser.close();
  }
}
