// node scripts/bench-yaml-keys.js (after npm run build): reading one map of N keys, with the
// duplicate-key check, at 10k, 20k and 40k keys. Linear reading roughly doubles per doubling;
// the yaml library's own pairwise check quadrupled (40,000 keys took 66 s). Prints figures only.
import { readYamlFile } from '../dist/calendar/yaml-file.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const text = (n) => `notes:\n${Array.from({ length: n }, (_, i) => `  k${i}: ${i}\n`).join('')}  k7: again\n`;

function median(n) {
  const bytes = new TextEncoder().encode(text(n));
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const problems = [];
    const t = performance.now();
    readYamlFile('bench.yaml', bytes, problems);
    times.push(performance.now() - t);
    if (problems.length !== 1) throw new Error(`expected one duplicate, got ${problems.length}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

let previous;
for (const n of [10_000, 20_000, 40_000]) {
  const ms = median(n);
  console.log(`${n} keys: ${ms.toFixed(0)} ms${previous ? `  (×${(ms / previous).toFixed(2)} for ×2 keys)` : ''}`);
  previous = ms;
}
