// The composite action at the repository root: its run step, executed with bash against the
// built CLI in a temporary calendar repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG, postYaml, removeTempRepos, tempRepo, type TempRepo } from '../support/git-history.js';

const ROOT = join(import.meta.dirname, '../..');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
const runStep = action.runs.steps.find((s: any) => s.id === 'run');
let repo: TempRepo;
let hostile: TempRepo;
let runnerTemp: string;

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  runnerTemp = mkdtempSync(join(tmpdir(), 'socialcal-runner-'));
  // What the install step leaves behind: the package under $RUNNER_TEMP/socialcal.
  mkdirSync(join(runnerTemp, 'socialcal/node_modules'), { recursive: true });
  symlinkSync(ROOT, join(runnerTemp, 'socialcal/node_modules/socialcal'));
  repo = tempRepo();
  repo.write('socialcal.yaml', CONFIG);
  repo.commit('calendar');
  repo.git('checkout', '--quiet', '-b', 'post');
  repo.write('posts/hello.yaml', postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'Hello' }));
  repo.commit('post');
  hostile = tempRepo();
  hostile.write('socialcal.yaml', CONFIG);
  hostile.write('posts/forged.yaml', postYaml({ at: '2027-03-02 10:00', channels: ['bluesky'], text: '::warning::forged' }));
  hostile.write('posts/broken.yaml', 'at: 2027-03-02 10:00\nchannels: [blusky]\ntext: hi\n');
});
afterAll(removeTempRepos);

function runAction(command: string, args: string, dir = repo.dir) {
  const output = join(runnerTemp, `output-${Math.random()}`);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', runStep.run], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
      NO_COLOR: '1',
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: output,
      GITHUB_RUN_ATTEMPT: '1',
      SOCIALCAL_COMMAND: command,
      SOCIALCAL_ARGS: args,
      SOCIALCAL_BIN: join(runnerTemp, 'socialcal/node_modules/socialcal/bin/socialcal.js'),
    },
  });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split('=', 2)));
  return { ...r, outputs };
}

/** Splits the step's stdout into the stop-commands token and what ran between it and its end. */
function unwrap(stdout: string): { token: string; inside: string } {
  const m = /^::stop-commands::(\S+)\n([\s\S]*)^::\1::\n$/m.exec(stdout);
  expect(m, stdout).not.toBeNull();
  expect(stdout.startsWith('::stop-commands::')).toBe(true);
  return { token: m![1], inside: m![2] };
}

/** Runs the install step with a stand-in npm that records what it was asked to install. */
function runInstall(version: string): string[] {
  const step = action.runs.steps.find((s: any) => s.id === 'install');
  const bin = mkdtempSync(join(tmpdir(), 'socialcal-fake-npm-'));
  const log = join(bin, 'args');
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${log}"\n`, { mode: 0o755 });
  const r = spawnSync('bash', ['-e', '-c', step.run], {
    cwd: runnerTemp,
    encoding: 'utf8',
    env: { PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`, RUNNER_TEMP: runnerTemp, GITHUB_ACTION_PATH: ROOT, SOCIALCAL_VERSION: version },
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').trim().split('\n');
}

describe('action.yml install step', () => {
  it('installs exactly the action\'s own version by default, never latest', () => {
    expect(action.inputs.version.default).toBe('');
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const args = runInstall('');
    expect(args.at(-1)).toBe(`socialcal@${own}`);
    expect(args).toContain('--prefix');
  });

  it('takes an explicit version or a git tag instead', () => {
    expect(runInstall('0.0.9').at(-1)).toBe('socialcal@0.0.9');
    expect(runInstall('github:acme/socialcal#v0.1.0').at(-1)).toBe('socialcal@github:acme/socialcal#v0.1.0');
  });
});

describe('action.yml', () => {
  it('declares the inputs command, args and node-version', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'args', 'node-version']));
    expect(action.inputs.command.required).toBe(true);
    // Inputs reach the script through env only.
    expect(runStep.run).not.toContain('${{');
  });

  it('runs the command with the split args, keeps stdout in a file and reports the exit code', () => {
    const r = runAction('plan', '--base main --format markdown --now 2027-02-01T00:00:00Z');
    expect(r.status).toBe(0);
    expect(r.outputs['exit-code']).toBe('0');
    const printed = readFileSync(r.outputs['output-file'], 'utf8');
    expect(printed.startsWith('<!-- socialcal-plan -->')).toBe(true);
    expect(printed).toContain('| `hello` | added |');
    expect(unwrap(r.stdout).inside).toBe(printed);
  });

  it('wraps what the command prints in ::stop-commands:: with a fresh random token', () => {
    const a = unwrap(runAction('ls', '--all --json', hostile.dir).stdout);
    const b = unwrap(runAction('ls', '--all --json', hostile.dir).stdout);
    expect(a.token).toMatch(/^socialcal-[0-9a-f]{32}$/);
    expect(a.token).not.toBe(b.token);
    // The calendar's own text cannot end the wrapping: it never knows the token.
    expect(a.inside).toContain('::warning::forged');
  });

  it('leaves --format github unwrapped, so check annotations still work', () => {
    const r = runAction('check', '--format github', hostile.dir);
    expect(r.stdout).not.toContain('::stop-commands::');
    expect(r.stdout).toMatch(/^::error file=posts\/broken\.yaml/m);
  });

  it('passes a failing exit code through', () => {
    const r = runAction('plan', '--base no-such-branch');
    expect(r.status).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
  });

  it('refuses a command that is not a word, without running anything', () => {
    const r = runAction('plan; touch pwned', '');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("::error title=socialcal::input 'command' must be a socialcal command");
    expect(r.outputs).toEqual({});
  });
});
