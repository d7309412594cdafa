// npm run bench:schedule: `schedule` placing 2,000 queued posts into a 10,000-post synthetic
// calendar, against the parse floor (read + YAML of the same files). Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCalendar } from './synthetic-calendar.js';

const here = dirname(fileURLToPath(import.meta.url));
const node = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const QUEUED = Number(process.env.BENCH_QUEUED ?? 2000);

function run(args) {
  const t0 = performance.now();
  const r = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  const rss = Number(/@@rss (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1024;
  return { ms, rss, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function median(args) {
  const runs = Array.from({ length: RUNS }, () => run(args));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

/** A queue with four daily slots and QUEUED posts waiting in it, one account each, in rotation. */
function addQueue(dir, accounts) {
  appendFileSync(join(dir, 'socialcal.yaml'), 'queues:\n  main:\n    slots:\n      - days: [mon, tue, wed, thu, fri, sat, sun]\n        times: ["07:15", "12:20", "20:30", "21:15"]\n');
  const folder = join(dir, 'posts', 'queue');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < QUEUED; i++) {
    const lines = [
      '# yaml-language-server: $schema=../../node_modules/socialcal/schemas/post.schema.json',
      'queue: main',
      `channels: [${accounts[i % accounts.length]}]`,
      `tags: [${i % 10 === 0 ? 'promotional' : 'tips'}]`,
      ...(i % 50 === 0 ? ['priority: 1'] : []),
      `text: Evergreen tip number ${i} https://acme.example/tips/${i}`,
    ];
    writeFileSync(join(folder, `tip-${String(i).padStart(5, '0')}.yaml`), lines.join('\n') + '\n');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'socialcal-bench-schedule-'));
try {
  const shape = generateCalendar(dir);
  const accounts = Array.from({ length: shape.accounts }, (_, i) => i);
  const names = ['bluesky', 'mastodon', 'linkedin', 'discord', 'x', 'threads', 'telegram', 'slack', 'bluesky', 'mastodon'];
  addQueue(dir, accounts.map((i) => `${names[i % names.length]}-${i}`));
  console.log(`calendar: ${shape.posts} posts + ${QUEUED} queued, ${shape.accounts} accounts at ${dir}`);
  console.log(`node ${process.version}, median of ${RUNS} runs\n`);

  const now = ['--now', '2027-01-01T00:00:00Z'];
  const floor = median([join(here, 'parse-floor.js'), dir]);
  const dry = median([join(here, 'bench-child.js'), 'schedule', '-C', dir, '--dry-run', '--json', ...now]);
  const report = JSON.parse(dry.stdout);
  const row = (name, r) => console.log(`${name.padEnd(32)} ${r.ms.toFixed(0).padStart(7)} ms   peak RSS ${r.rss.toFixed(0).padStart(5)} MB`);
  row('parse floor (read + YAML)', floor);
  row('socialcal schedule --dry-run', dry);
  const last = report.placed.at(-1)?.atText;
  console.log(`placed ${report.placed.length}, not placed ${report.unplaced.length}; last slot ${last}`);
  console.log(`schedule / floor                 ${(dry.ms / floor.ms).toFixed(2)}×`);
  const write = run([join(here, 'bench-child.js'), 'schedule', '-C', dir, ...now]);
  row('socialcal schedule (writes)', write);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
