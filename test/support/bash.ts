import { spawn } from 'node:child_process';

/** Runs a workflow step's script as Actions does (bash -eo pipefail) without blocking this process (fakes answer from here). */
export function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}
