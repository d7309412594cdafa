// npm run bench: check and ls on a 10,000-post synthetic calendar against the parse floor,
// and start-up time against bare node. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCalendar } from './synthetic-calendar.js';

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function run(args) {
  const t0 = performance.now();
  const r = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  const rss = Number(/@@rss (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1024;
  return { ms, rss, code: r.status, stdout: r.stdout };
}

function best(args) {
  const runs = Array.from({ length: RUNS }, () => run(args));
  runs.sort((a, b) => a.ms - b.ms);
  return { ...runs[Math.floor(runs.length / 2)], min: runs[0].ms };
}

const dir = mkdtempSync(join(tmpdir(), 'socialcal-bench-'));
try {
  const t0 = performance.now();
  const shape = generateCalendar(dir);
  console.log(`calendar: ${shape.posts} posts, ${shape.campaigns} campaigns, ${shape.accounts} accounts (generated in ${(performance.now() - t0).toFixed(0)} ms) at ${dir}`);
  console.log(`node ${process.version}, median of ${RUNS} runs\n`);

  const floor = best([join(here, 'parse-floor.js'), dir]);
  const check = best([join(here, 'bench-child.js'), 'check', '-C', dir, '--json', '--now', '2027-01-01T00:00:00Z']);
  const ls = best([join(here, 'bench-child.js'), 'ls', '-C', dir, '--all', '--json']);
  const findings = JSON.parse(check.stdout).summary;
  const row = (name, r) => console.log(`${name.padEnd(28)} ${r.ms.toFixed(0).padStart(6)} ms   peak RSS ${r.rss.toFixed(0).padStart(5)} MB`);
  row('parse floor (read + YAML)', floor);
  row('socialcal check', check);
  row('socialcal ls --all', ls);
  console.log(`check / floor               ${(check.ms / floor.ms).toFixed(2)}×   (target ≤ 2×, and ≤ 1500 ms)`);
  console.log(`check findings              ${findings.errors} errors, ${findings.warnings} warnings`);

  const bare = best(['-e', '0']);
  const version = best([join(here, '../bin/socialcal.js'), '--version']);
  console.log('');
  row('node -e 0', bare);
  row('socialcal --version', version);
  console.log(`--version − node            ${(version.ms - bare.ms).toFixed(0)} ms   (target ≤ 100 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
