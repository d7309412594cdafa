// npm run bench:report: `report` over a 10,000-post synthetic calendar with a metrics history of
// 5 snapshots per post (1h, 1d, 7d, 30d, latest), against the parse floor (read + YAML-parse the
// calendar and the history files, nothing else). The ratio is of CPU time (the child's user +
// system), as in `npm run bench`; wall time is printed beside it, but on a shared machine it
// mostly measures the wait for a core. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCalendar } from '../dist/calendar/load.js';
import { childrenCpu } from './children-cpu.js';
import { historyFiles } from '../dist/metrics/history.js';
import { generateCalendar } from './synthetic-calendar.js';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOUR = 3_600_000;
const AGES = [['1h', HOUR], ['1d', 24 * HOUR], ['7d', 7 * 24 * HOUR], ['30d', 30 * 24 * HOUR]];

function run(args) {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const wall = performance.now() - t0;
  const cpu1 = childrenCpu();
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  // CPU time where the platform tells it; wall time otherwise.
  const ms = cpu0 === undefined ? wall : (cpu1 - cpu0) * 1000;
  return { ms, wall, rss: Number(/@@rss (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1024 };
}

function median(args) {
  const runs = Array.from({ length: RUNS }, () => run(args));
  const pick = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { ms: pick('ms'), wall: pick('wall'), rss: Math.max(...runs.map((r) => r.rss)) };
}

/** One measured item per post (its first account), 5 snapshots each; weekly follower counts. */
function writeHistory(calendarDir, ledgerDir) {
  const { calendar } = loadCalendar(calendarDir);
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const posts = calendar.posts.map((post, i) => {
    const account = post.channels[0];
    const at = post.at.getTime();
    const counts = (share) => ({ likes: Math.round((i % 97) * share), reposts: Math.round((i % 13) * share), replies: Math.round((i % 7) * share) });
    return {
      postId: post.id,
      account,
      platform: calendar.config.accounts[account].platform,
      item: 0,
      url: `https://social.example/${account}/${post.id}`,
      publishedAt: iso(at),
      snapshots: [...AGES.map(([age, ms], k) => ({ age, at: iso(at + ms), counts: counts((k + 1) / 4) })), { age: 'latest', at: iso(at + 40 * 24 * HOUR), counts: counts(1) }],
    };
  });
  const followers = Object.keys(calendar.config.accounts).flatMap((account, a) =>
    Array.from({ length: 120 }, (_, w) => ({ account, at: iso(Date.UTC(2027, 0, 1) + w * 7 * 24 * HOUR), followers: 1000 + a * 100 + w })),
  );
  for (const [path, text] of historyFiles({ posts, followers })) {
    mkdirSync(dirname(join(ledgerDir, path)), { recursive: true });
    writeFileSync(join(ledgerDir, path), text);
  }
  return posts.length;
}

const dir = mkdtempSync(join(tmpdir(), 'socialcal-bench-report-'));
const cal = join(dir, 'calendar');
const ledger = join(dir, 'ledger');
try {
  const shape = generateCalendar(cal);
  const measured = writeHistory(cal, ledger);
  console.log(`calendar: ${shape.posts} posts, ${shape.campaigns} campaigns; history: ${measured} posts × 5 snapshots (${RUNS} runs, median)`);
  const floor = median([join(here, 'parse-floor.js'), cal, join(ledger, 'metrics')]);
  const report = median([join(here, 'bench-child.js'), 'report', '-C', cal, '--history', ledger, '--now', '2031-01-01T00:00:00Z']);
  const json = median([join(here, 'bench-child.js'), 'report', '-C', cal, '--history', ledger, '--now', '2031-01-01T00:00:00Z', '--json']);
  const row = (name, r) => console.log(`${name.padEnd(36)} ${r.ms.toFixed(0).padStart(6)} ms CPU  ${r.wall.toFixed(0).padStart(6)} ms wall   peak RSS ${r.rss.toFixed(0).padStart(5)} MB`);
  row('parse floor (calendar + history)', floor);
  row('socialcal report', report);
  row('socialcal report --json', json);
  console.log(`report / floor                       ${(report.ms / floor.ms).toFixed(2)}× CPU  ${(report.wall / floor.wall).toFixed(2)}× wall   (target ≤ 1.5×)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
