// Randomized fault injection over the publish engine (issue 11): real git (a bare remote, a clone
// per run), in-memory platforms with faults, crashes at every step. See fault-trial.ts.
//
//   npx vitest run test/publish/faults.test.ts                 fixed seed, 15 trials (CI)
//   FAULTS=1000 npx vitest run test/publish/faults.test.ts     the long run: every trial runs, violating
//                                                              scenarios and figures go to FAULTS_LOG
//                                                              (default: $TMPDIR/socialcal-faults.log)
//   FAULTS_SEED=123 …                                          another seed
import fc from 'fast-check';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAGS, runTrial, scenarioArb, type Scenario, type TrialResult } from './fault-trial.js';

const TRIALS = Number(process.env.FAULTS ?? 15);
const SEED = Number(process.env.FAULTS_SEED ?? 20270120);
const LONG = process.env.FAULTS !== undefined;
const LOG = process.env.FAULTS_LOG ?? join(tmpdir(), 'socialcal-faults.log');

interface Totals {
  trials: number;
  runs: number;
  crashes: number;
  pairs: number;
  deliveries: number;
  violations: number;
  failedTrials: number;
  states: Record<string, number>;
}

describe('publish under randomized faults', () => {
  it(
    `every due pair goes out exactly once or is failed/missed/unknown with a reason (${TRIALS} trials, seed ${SEED})`,
    async () => {
      const totals: Totals = { trials: 0, runs: 0, crashes: 0, pairs: 0, deliveries: 0, violations: 0, failedTrials: 0, states: {} };
      const t0 = performance.now();
      const figures = () =>
        `${totals.trials} trials, ${totals.runs} runs (${totals.crashes} crashed), ${totals.pairs} due pairs checked ${JSON.stringify(totals.states)}, ${totals.deliveries} platform requests accepted, ${totals.violations} violations in ${totals.failedTrials} trials, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
      await fc.assert(
        fc.asyncProperty(scenarioArb(DEFAULT_FLAGS), async (scenario) => {
          const r = await runTrial(scenario);
          tally(totals, r);
          if (LONG) {
            // The long run goes on after a violation, so its figures cover every trial.
            if (r.violations.length || r.errors.length) appendFileSync(LOG, `violation: ${JSON.stringify({ scenario, violations: r.violations, errors: r.errors })}\n`);
            if (totals.trials % 10 === 0) appendFileSync(LOG, `progress: ${figures()}\n`);
            return;
          }
          expect({ violations: r.violations, errors: r.errors }).toEqual({ violations: [], errors: [] });
        }),
        { seed: SEED, numRuns: TRIALS, endOnFailure: true },
      );
      if (LONG) {
        appendFileSync(LOG, `done: ${figures()}\n`);
        console.log(`fault injection: ${figures()}`);
      }
      expect(totals.violations + totals.failedTrials).toBe(0);
      // The generator reaches the interesting places (a weak generator would pass vacuously).
      expect(totals.crashes).toBeGreaterThan(TRIALS / 2);
      expect(totals.states.published).toBeGreaterThan(TRIALS);
      expect(totals.states.unknown ?? 0).toBeGreaterThan(0);
      expect(totals.states.missed ?? 0).toBeGreaterThan(0);
    },
    // A trial costs ~3 s of CPU (mostly git processes; measured on a loaded machine): 15 fit in a
    // minute on an idle 2-core machine. The timeout only stops a hang; a loaded machine may take
    // several times longer.
    LONG ? 24 * 3_600_000 : 30 * 60_000,
  );
});

describe('scenarios the long runs found', () => {
  // A run dies before its result push (push 3: claim, marker, results), then the thread reply that
  // went out is removed from the calendar. Bluesky finds it by its record key; Mastodon's lookup
  // needs the text, which is gone: unknown, for a person to say.
  const droppedReply = (channel: string): Scenario => ({
    posts: [{ id: 'p0', age: 2, channels: [channel], thread: 1, crisis: false }],
    steps: [
      { kind: 'runs', runs: [{ clone: 'fresh', calls: [], movedBefore: [], shortStale: false, failPush: 3 }] },
      { kind: 'edit', post: 0, op: 'drop-item' },
    ],
  });

  it('a reply removed from the calendar after it went out stays on record (Bluesky) or makes the pair unknown (Mastodon)', async () => {
    const bsky = await runTrial(droppedReply('bsky'));
    expect({ violations: bsky.violations, errors: bsky.errors, states: bsky.states, deliveries: bsky.deliveries }).toEqual({ violations: [], errors: [], states: { published: 1 }, deliveries: 2 });
    const masto = await runTrial(droppedReply('masto'));
    expect({ violations: masto.violations, errors: masto.errors, states: masto.states, deliveries: masto.deliveries }).toEqual({ violations: [], errors: [], states: { unknown: 1 }, deliveries: 2 });
  }, 120_000);

  it('a claim taken 2 min late by a short --stale-after run is left alone until it is stale too', async () => {
    // Found with every flag on: the model's final run came 29 min after that claim, not 31.
    const r = await runTrial({
      posts: [{ id: 'p0', age: 5, channels: ['bsky'], thread: 1, crisis: false }],
      steps: [{ kind: 'runs', runs: [{ clone: 'fresh', calls: [], crash: { call: 2, after: false }, movedBefore: [], shortStale: true }] }],
    });
    expect({ violations: r.violations, errors: r.errors, states: r.states, crashes: r.crashes }).toEqual({ violations: [], errors: [], states: { published: 1 }, crashes: 1 });
  }, 120_000);
});

function tally(t: Totals, r: TrialResult) {
  t.trials++;
  t.runs += r.runs;
  t.crashes += r.crashes;
  t.pairs += r.pairs;
  t.deliveries += r.deliveries;
  t.violations += r.violations.length;
  if (r.violations.length || r.errors.length) t.failedTrials++;
  for (const [s, n] of Object.entries(r.states)) t.states[s] = (t.states[s] ?? 0) + n;
}
