// One fault-injection trial: a calendar on a real bare git remote, a sequence of steps (groups of
// 1–3 publish runs started together from their own clones, waits, calendar edits, freezes),
// faults in every run (platform errors, crashes at any platform call, a push that never reaches
// the remote, other shards moving the ledger under a push), then a fault-free run after every
// claim went stale, and the exactly-once invariant checked against the remote ledger and
// everything the platforms received.
//
// Crashes are in-process: a crashed run's adapter calls hang forever (nothing after the crash
// point happens; requests already on the wire still land), and a push "crash" is a
// receive-pack wrapper on the clone (remote.origin.receivepack) that exits before the remote
// took anything, which makes publish() throw there. That costs nothing per crash, where killing
// a CLI child costs a Node start (~0.3 s) per run: many more trials fit into the CI budget.
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformId } from '../../src/calendar/model.js';
import { addFreeze, changeFreezes, liftFreeze } from '../../src/publish/freeze.js';
import { parseLedgerFile, type LedgerFile } from '../../src/publish/ledger.js';
import { publish, type PairReport, type PublishReport } from '../../src/publish/runner.js';
import { cloneRepo, git, repoWithRemote, tempDir, writeFiles } from '../support/git.js';
import { CALL_FAULTS, FaultPlatform, RunControl, type CallFault, type Delivery } from './fault-platform.js';
import { calendarFiles, configYaml, load, postYaml, type PostSpec } from './calendar.js';

/**
 * Scenarios for holes the engine is known to have (issue 11). Off by default so the default run
 * stays green; switch each on once its fix is merged.
 */
export interface FaultFlags {
  /** Freezes (global, or by a tag threads carry) land while a thread is half-posted (issue 11 item 2). */
  includeFreezeMidThread: boolean;
  /** A half-posted thread's grace runs out before the next run (issue 11 item 2). */
  includeGraceMidThread: boolean;
  /** A run with --stale-after shorter than a live run's work, started beside it (item 5). */
  includeShortStaleAfter: boolean;
  /** Other shards move the ledger under 8+ result pushes in a row (item 6). */
  includeRejectedResultPushes: boolean;
  /** A post is deleted and a new one added under the same id (item 3). */
  includeReusedPostId: boolean;
}

export const DEFAULT_FLAGS: FaultFlags = {
  includeFreezeMidThread: true,
  includeGraceMidThread: true,
  includeShortStaleAfter: true,
  includeRejectedResultPushes: true,
  includeReusedPostId: true,
};

const ACCOUNTS: Record<string, { platform: PlatformId; yaml: string }> = {
  bsky: { platform: 'bluesky', yaml: 'platform: bluesky\nhandle: acme.test' },
  masto: { platform: 'mastodon', yaml: 'platform: mastodon\nhandle: "@acme@social.test"\nserver: https://social.test' },
  chat: { platform: 'slack', yaml: 'platform: slack' },
};
const ACCOUNT_NAMES = Object.keys(ACCOUNTS);
const T0 = new Date('2027-01-20T12:00:00Z');
const GRACE_MIN = 360;
const STALE_MIN = 30;
/** Default scenarios keep every thread inside its grace period until the final run. */
const THREAD_MAX_AGE_MIN = 200;
const WAIT_BUDGET_MIN = 120;
const CRISIS = 'crisis';

export interface PostModel {
  id: string;
  /** Minutes before T0 (negative: in the future). */
  age: number;
  channels: string[];
  /** Replies after the first item. */
  thread: number;
  crisis: boolean;
}

export type EditOp = 'text' | 'add-item' | 'drop-item' | 'postpone' | 'delete' | 'add-post' | 'tag' | 'reuse-id';

export interface RunPlan {
  clone: 'fresh' | 'shallow' | 'reuse';
  calls: CallFault[];
  crash?: { call: number; after: boolean };
  /** 1-based push of this run that dies before reaching the remote. */
  failPush?: number;
  /** Pushes (1-based) before which another shard moves the ledger branch. */
  movedBefore: number[];
  shortStale: boolean;
}

export type Step =
  | { kind: 'runs'; runs: RunPlan[] }
  | { kind: 'wait'; minutes: number }
  | { kind: 'edit'; post: number; op: EditOp }
  | { kind: 'freeze'; global: boolean }
  | { kind: 'unfreeze' };

export interface Scenario {
  posts: PostModel[];
  steps: Step[];
}

// ---------------------------------------------------------------- generators

export function scenarioArb(flags: FaultFlags = DEFAULT_FLAGS): fc.Arbitrary<Scenario> {
  const post = (i: number) =>
    fc
      .record({
        age: fc.integer({ min: -60, max: 420 }),
        channels: fc.subarray(ACCOUNT_NAMES, { minLength: 1 }),
        thread: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 })),
        crisis: fc.boolean(),
      })
      .map((p): PostModel => {
        const out = { id: `p${i}`, ...p };
        if (out.thread > 0 && !flags.includeGraceMidThread) out.age = Math.min(out.age, THREAD_MAX_AGE_MIN);
        if (out.thread > 0 && !flags.includeFreezeMidThread) out.crisis = false;
        return out;
      });
  const posts = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => post(i))));
  const run: fc.Arbitrary<RunPlan> = fc.record({
    clone: fc.constantFrom<RunPlan['clone']>('fresh', 'fresh', 'shallow', 'reuse'),
    calls: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant<CallFault>('ok') }, { weight: 3, arbitrary: fc.constantFrom(...CALL_FAULTS) }), { maxLength: 8 }),
    crash: fc.option(fc.record({ call: fc.integer({ min: 1, max: 8 }), after: fc.boolean() }), { freq: 3 }),
    failPush: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 4, nil: undefined }),
    movedBefore: flags.includeRejectedResultPushes
      ? fc.oneof(fc.subarray([1, 2, 3, 4]), fc.constant<number[]>([2, 3, 4, 5, 6, 7, 8, 9]))
      : fc.subarray([1, 2, 3, 4], { maxLength: 2 }),
    shortStale: flags.includeShortStaleAfter ? fc.boolean() : fc.constant(false),
  }).map((r) => ({ ...r, crash: r.crash ?? undefined }));
  const ops: EditOp[] = ['text', 'add-item', 'drop-item', 'postpone', 'delete', 'add-post', 'tag', ...(flags.includeReusedPostId ? (['reuse-id', 'reuse-id'] as const) : [])];
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.array(run, { minLength: 1, maxLength: 3 }).map((runs): Step => ({ kind: 'runs', runs })) },
    { weight: 3, arbitrary: fc.constantFrom(5, 31, 45).map((minutes): Step => ({ kind: 'wait', minutes })) },
    { weight: 2, arbitrary: fc.record({ post: fc.nat(5), op: fc.constantFrom(...ops) }).map((e): Step => ({ kind: 'edit', ...e })) },
    { weight: 1, arbitrary: fc.boolean().map((global): Step => ({ kind: 'freeze', global: global && flags.includeFreezeMidThread })) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'unfreeze' }) },
  );
  return fc.record({ posts, steps: fc.array(step, { minLength: 1, maxLength: 5 }) });
}

// ---------------------------------------------------------------- running a trial

export interface TrialResult {
  violations: string[];
  /** Due pairs checked at the end. */
  pairs: number;
  runs: number;
  crashes: number;
  deliveries: number;
  /** Final states of the checked pairs, for the figures. */
  states: Record<string, number>;
  /** Runs that threw something other than an injected crash. */
  errors: string[];
}

interface RunOutcome {
  report?: PublishReport;
  error?: unknown;
  crashed?: boolean;
}

interface LivePost extends PostModel {
  gen: number;
  version: number;
  deleted: boolean;
}

const RECEIVE_PACK = `#!/bin/sh
# receive-pack with faults: $1 = plan file, $2 = the remote. The plan says, per push of this
# clone, how often another shard moves the ledger first and whether the job dies before the push.
plan="$1"; repo="$2"
n=$(( $(cat "$plan.count" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$plan.count"
export GIT_AUTHOR_NAME=shard GIT_AUTHOR_EMAIL=shard@localhost GIT_COMMITTER_NAME=shard GIT_COMMITTER_EMAIL=shard@localhost
if grep -qx "move $n" "$plan"; then
  tip=$(git --git-dir="$repo" rev-parse --verify -q refs/heads/socialcal-ledger) && {
    c=$(git --git-dir="$repo" commit-tree "$tip^{tree}" -p "$tip" -m "another shard")
    git --git-dir="$repo" update-ref refs/heads/socialcal-ledger "$c" "$tip"
  }
fi
if grep -qx "crash $n" "$plan"; then
  touch "$plan.crashed"
  echo "fault injection: the job died before push $n reached the remote" >&2
  exit 1
fi
exec git receive-pack "$repo"
`;

const hhmm = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const minutes = (n: number) => n * 60_000;

function itemText(p: LivePost, i: number): string {
  return `[${p.id}.g${p.gen}.${i}] v${p.version}`;
}

function spec(p: LivePost): PostSpec {
  return {
    id: p.id,
    at: hhmm(new Date(T0.getTime() - minutes(p.age))),
    channels: p.channels,
    text: itemText(p, 0),
    ...(p.crisis ? { tags: [CRISIS] } : {}),
    ...(p.thread ? { thread: Array.from({ length: p.thread }, (_, i) => itemText(p, i + 1)) } : {}),
  };
}

export async function runTrial(scenario: Scenario, flags: FaultFlags = DEFAULT_FLAGS): Promise<TrialResult> {
  const dir = tempDir('socialcal-faults-');
  const script = join(dir, 'receive-pack.sh');
  writeFileSync(script, RECEIVE_PACK);
  chmodSync(script, 0o755);
  const posts: LivePost[] = scenario.posts.map((p) => ({ ...p, gen: 1, version: 1, deleted: false }));
  const config = configYaml(Object.fromEntries(ACCOUNT_NAMES.map((a) => [a, ACCOUNTS[a].yaml])), `publish:\n  grace: ${GRACE_MIN}m\n`);
  const { remote, work } = repoWithRemote(calendarFiles(config, posts.map(spec)));
  const platform = new FaultPlatform();
  const violations: string[] = [];
  const errors: string[] = [];
  const clones: string[] = [];
  /** Clones a run of the current step works in (two jobs never share a checkout). */
  const busy = new Set<string>();
  let clock = T0.getTime();
  /** The latest time any run claimed at (a short --stale-after run starts 2 min after the others). */
  let lastClaimAt = clock;
  let waited = 0;
  let runs = 0;
  let crashes = 0;
  let frozen: { global: boolean } | undefined;
  let planNo = 0;
  /** The clone people freeze and unfreeze from. */
  let admin: string | undefined;

  const commitCalendar = (message: string) => {
    rmSync(join(work, 'posts'), { recursive: true, force: true });
    writeFiles(work, Object.fromEntries(posts.filter((p) => !p.deleted).map((p) => [`posts/${p.id}.yaml`, postYaml(spec(p))])));
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
    git(work, 'push', '--quiet', 'origin', 'main');
  };

  const checkout = (how: RunPlan['clone'], plan: RunPlan): { repo: string; planFile: string } => {
    let repo: string;
    const idle = clones.filter((c) => !busy.has(c));
    if (how === 'reuse' && idle.length) {
      repo = idle[idle.length - 1];
      git(repo, 'fetch', '--quiet', 'origin', 'main');
      git(repo, 'reset', '--quiet', '--hard', 'FETCH_HEAD');
    } else {
      repo = cloneRepo(remote, how === 'shallow' ? { depth: 1 } : {});
      clones.push(repo);
    }
    busy.add(repo);
    const planFile = join(dir, `plan-${++planNo}`);
    const lines = [...plan.movedBefore.map((n) => `move ${n}`), ...(plan.failPush ? [`crash ${plan.failPush}`] : [])];
    // Only runs with push faults pay for the wrapper (a shell and a few greps per push).
    if (lines.length) {
      writeFileSync(planFile, lines.join('\n') + '\n');
      git(repo, 'config', 'remote.origin.receivepack', `${script} ${planFile}`);
    } else if (how === 'reuse') {
      try {
        git(repo, 'config', '--unset-all', 'remote.origin.receivepack');
      } catch {
        // Exit 5: it had none.
      }
    }
    return { repo, planFile };
  };

  /** What a run that starts now must not send: posts a freeze holds, and posts past their grace. */
  const heldAt = (now: number) => {
    const snapshot = new Map(posts.map((p) => [`${p.id}.g${p.gen}`, { crisis: p.crisis, at: T0.getTime() - minutes(p.age) }]));
    const global = frozen?.global ?? false;
    const tagFrozen = frozen !== undefined;
    return (d: Delivery): string | undefined => {
      const m = /^\[([^.]+)\.(g\d+)\.(\d+)\]/.exec(d.text);
      const p = m ? snapshot.get(`${m[1]}.${m[2]}`) : undefined;
      if (!p || !d.fresh) return undefined;
      if (global || (tagFrozen && p.crisis)) return 'while a freeze held it';
      if (now > p.at + minutes(GRACE_MIN)) return 'after its grace period ran out';
      return undefined;
    };
  };

  const startRun = (plan: RunPlan, label: string, now: number): Promise<RunOutcome> => {
    const { repo, planFile } = checkout(plan.clone, plan);
    const { calendar, problems } = load(repo);
    const held = heldAt(now);
    const control = new RunControl(label, { calls: plan.calls, crash: plan.crash }, (d) => {
      const why = held(d);
      if (why) violations.push(`${label} sent ${d.text} to ${d.account} ${why}`);
    });
    const runNow = plan.shortStale ? now + minutes(2) : now;
    lastClaimAt = Math.max(lastClaimAt, runNow);
    const report = publish(calendar, problems, {
      now: new Date(runNow),
      clock: () => new Date(runNow),
      sleep: async () => undefined,
      env: {},
      random: () => 0.5,
      ...(plan.shortStale ? { staleAfterMs: minutes(1) } : {}),
      adapterFor: async (account) => platform.adapter(account.name, account.platform, control),
    });
    return Promise.race([
      report.then(
        (r): RunOutcome => ({ report: r }),
        (error: unknown): RunOutcome => (existsSync(`${planFile}.crashed`) ? { crashed: true } : { error }),
      ),
      control.quiet().then((): RunOutcome => ({ crashed: true })),
    ]);
  };

  try {
    for (const step of scenario.steps) {
      switch (step.kind) {
        case 'wait': {
          const m = flags.includeGraceMidThread ? step.minutes : Math.min(step.minutes, WAIT_BUDGET_MIN - waited);
          waited += m;
          clock += minutes(m);
          break;
        }
        case 'freeze':
        case 'unfreeze': {
          frozen = step.kind === 'freeze' ? { global: step.global } : undefined;
          const repo = (admin ??= cloneRepo(remote));
          const { calendar } = load(repo);
          await changeFreezes({ root: repo, settings: calendar.config.publish, env: {}, now: new Date(clock) }, (f) => (step.kind === 'unfreeze' ? liftFreeze(f) : addFreeze(f, { reason: 'fault test', at: new Date(clock), ...(step.global ? {} : { tags: [CRISIS] }) })), step.kind);
          break;
        }
        case 'edit':
          if (edit(posts, step.post, step.op, flags)) commitCalendar(`edit ${step.op}`);
          break;
        case 'runs': {
          const labels = step.runs.map(() => `run ${++runs}`);
          busy.clear();
          const results = await Promise.all(step.runs.map((plan, i) => startRun(plan, labels[i], clock)));
          for (const [i, r] of results.entries()) {
            if (r.crashed) crashes++;
            else if (r.error && !gaveUpClaiming(r.error)) errors.push(`${labels[i]}: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
          }
          break;
        }
      }
    }

    // Every claim is stale now; nothing is frozen; one run without faults finishes what can be.
    if (frozen) {
      const repo = (admin ??= cloneRepo(remote));
      const { calendar } = load(repo);
      await changeFreezes({ root: repo, settings: calendar.config.publish, env: {}, now: new Date(clock) }, () => [], 'unfreeze');
      frozen = undefined;
    }
    // Stale means older than STALE_MIN for the youngest claim too, including one a short
    // --stale-after run took 2 min after the others.
    clock = Math.max(clock, lastClaimAt) + minutes(STALE_MIN + 1);
    const final = await startRun({ clone: 'fresh', calls: [], movedBefore: [], shortStale: false }, 'final run', clock);
    runs++;
    if (!final.report) errors.push(`final run: ${final.error instanceof Error ? final.error.message : String(final.error)}`);

    const result = checkInvariant(posts, readLedger(remote), platform.deliveries, clock, final.report?.pairs ?? []);
    violations.push(...result.violations);
    return { violations, errors, pairs: result.pairs, runs, crashes, deliveries: platform.deliveries.length, states: result.states };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Other runs and shards moved the ledger under every claim push (8 in a row): the run stops before
 * it claims or sends anything and says so (exit 1). That is the designed answer, not a fault;
 * the next run (here: the final one) claims what is left.
 */
function gaveUpClaiming(error: unknown): boolean {
  return error instanceof Error && /kept moving: \d+ writes in a row were overtaken by other runs/.test(error.message);
}

/** Applies an edit to the model; false when it does not apply (and nothing is committed). */
function edit(posts: LivePost[], index: number, op: EditOp, flags: FaultFlags): boolean {
  if (op === 'add-post') {
    const id = `p${posts.length}`;
    posts.push({ id, age: 10, channels: ['bsky', 'chat'], thread: 0, crisis: false, gen: 1, version: 1, deleted: false });
    return true;
  }
  const live = posts.filter((p) => !p.deleted);
  const p = live[index % Math.max(live.length, 1)];
  if (!p) return false;
  switch (op) {
    case 'text':
      p.version++;
      return true;
    case 'add-item':
      if (!flags.includeFreezeMidThread && p.crisis) return false;
      if (!flags.includeGraceMidThread && p.age > THREAD_MAX_AGE_MIN) return false;
      p.thread++;
      return true;
    case 'drop-item':
      if (!p.thread) return false;
      p.thread--;
      return true;
    case 'postpone':
      // Out of the window for the rest of the trial (moving it back would reuse its id).
      p.age = -24 * 60;
      return true;
    case 'delete':
      p.deleted = true;
      return true;
    case 'tag':
      if (!flags.includeFreezeMidThread && p.thread) return false;
      p.crisis = !p.crisis;
      return true;
    case 'reuse-id':
      // Deleted, then a different post added under the same id at another time.
      p.gen++;
      p.version = 1;
      p.age = p.age >= 20 ? p.age - 20 : p.age + 25;
      return true;
  }
}

function readLedger(remote: string): Map<string, LedgerFile> {
  const out = new Map<string, LedgerFile>();
  let files: string[];
  try {
    files = git(remote, 'ls-tree', '-r', '--name-only', 'socialcal-ledger', 'published/').split('\n').filter(Boolean);
  } catch {
    return out;
  }
  // One cat-file process for all files: "<sha> blob <size>\n<content>\n" each.
  const batch = execFileSync('git', ['cat-file', '--batch'], { cwd: remote, input: files.map((f) => `socialcal-ledger:${f}`).join('\n') + '\n' });
  let at = 0;
  for (const path of files) {
    const header = batch.subarray(at, batch.indexOf(10, at)).toString();
    const size = Number(header.split(' ')[2]);
    const start = at + header.length + 1;
    const id = /^published\/(.+)\.yaml$/.exec(path)![1];
    out.set(id, parseLedgerFile(batch.subarray(start, start + size).toString('utf8'), path));
    at = start + size + 1;
  }
  return out;
}

/**
 * Exactly once: every due pair ends published (each item visible exactly once, under the ids the
 * ledger holds, from this post and not an earlier one with the same id) or failed/missed/unknown
 * with a reason; nothing is ever visible twice; nothing visible is unaccounted for.
 */
export function checkInvariant(posts: LivePost[], ledger: Map<string, LedgerFile>, deliveries: Delivery[], now: number, final: PairReport[]): { violations: string[]; pairs: number; states: Record<string, number> } {
  const violations: string[] = [];
  const states: Record<string, number> = {};
  const visible = new Map<string, Delivery[]>();
  for (const d of deliveries) {
    if (!d.fresh) continue;
    const key = `${d.account} ${/^\[[^\]]+\]/.exec(d.text)![0]}`;
    visible.set(key, [...(visible.get(key) ?? []), d]);
  }
  for (const [key, ds] of visible) {
    if (ds.length > 1) violations.push(`${key} is visible ${ds.length} times (sent by ${ds.map((d) => d.run).join(', ')})`);
  }
  let pairs = 0;
  for (const p of posts) {
    const at = T0.getTime() - minutes(p.age);
    if (p.deleted || at > now) continue;
    for (const account of p.channels) {
      pairs++;
      const entry = ledger.get(p.id)?.accounts[account];
      const where = `${p.id} → ${account}`;
      // A new post under the id of one that went out is refused until a person renames it; the
      // ledger keeps the earlier post's record.
      const refused = final.find((r) => r.post === p.id && r.account === account && r.state === 'refused');
      if (p.gen > 1 && refused?.reason?.includes(`the ledger's record of id "${p.id}" is another post`)) {
        states.refused = (states.refused ?? 0) + 1;
        for (let i = 0; i <= p.thread; i++) {
          if (visible.has(`${account} [${p.id}.g${p.gen}.${i}]`)) violations.push(`${where}: refused as a reused id, yet item ${i + 1} went out`);
        }
        continue;
      }
      if (!entry) {
        violations.push(`${where}: due but has no ledger entry (silently dropped)`);
        continue;
      }
      states[entry.state] = (states[entry.state] ?? 0) + 1;
      if (entry.state === 'published') {
        entry.items.forEach((item, i) => {
          const seen = visible.get(`${account} [${p.id}.g${p.gen}.${i}]`) ?? [];
          if (!item.id) violations.push(`${where}: published, but item ${i + 1} has no platform id`);
          else if (!seen.some((d) => d.id === item.id)) violations.push(`${where}: published, but item ${i + 1} (${item.id}) is not a post of this version (g${p.gen}) on the platform`);
        });
      } else if (entry.state === 'missed') {
        if (!entry.note) violations.push(`${where}: missed without a reason`);
      } else if (entry.state === 'failed' || entry.state === 'unknown') {
        if (!entry.error) violations.push(`${where}: ${entry.state} without a reason`);
      } else {
        violations.push(`${where}: still ${entry.state} after a fault-free run found every claim stale`);
      }
      // Whatever went out is on record (or the pair waits for a person to say).
      for (let i = 0; i <= p.thread; i++) {
        for (const d of visible.get(`${account} [${p.id}.g${p.gen}.${i}]`) ?? []) {
          if (entry.state !== 'unknown' && entry.items[i]?.id !== d.id) violations.push(`${where}: item ${i + 1} went out (${d.id}, ${d.run}) but the ledger says ${entry.state} without it`);
        }
      }
    }
  }
  return { violations, pairs, states };
}
