// The composite action at the repository root: its run step, executed with bash against the
// built CLI in a temporary calendar repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG, postYaml, removeTempRepos, tempRepo, type TempRepo } from '../support/git-history.js';

const ROOT = join(import.meta.dirname, '../..');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
const runStep = action.runs.steps.find((s: any) => s.id === 'run');
let repo: TempRepo;
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
});
afterAll(removeTempRepos);

function runAction(command: string, args: string) {
  const output = join(runnerTemp, `output-${Math.random()}`);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', runStep.run], {
    cwd: repo.dir,
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
    expect(r.stdout).toBe(printed);
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
