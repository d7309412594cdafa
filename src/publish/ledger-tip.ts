import { spawn } from 'node:child_process';
import type { Config } from '../calendar/model.js';
import { trackingRef } from '../git/ref-name.js';

// Where the ledger branch stands, without reading it: what `check`'s memo compares. One git
// process and no git library, so a warm check need not load the ledger reader or simple-git.

/** The ref a ledger view is read from, and its commit. */
export interface LedgerTip {
  ref: string;
  commit: string;
}

/**
 * The commit the ledger view of the calendar at `root` is read from: the remote-tracking ref of
 * the ledger branch (what the last fetch or publish saw), else the local branch. Undefined when
 * neither exists, or `root` is not in a git repository (or git is missing).
 */
export async function ledgerTip(root: string, publish: Pick<Config['publish'], 'ledgerBranch' | 'remote'>): Promise<LedgerTip | undefined> {
  const refs = [trackingRef(publish.remote, publish.ledgerBranch), `refs/heads/${publish.ledgerBranch}`];
  // `cat-file --batch-check` resolves each name as rev-parse would, peeled to its commit, in one process.
  const out = await gitOutput(root, ['cat-file', '--batch-check'], refs.map((ref) => `${ref}^{commit}\n`).join(''));
  const lines = out?.split('\n') ?? [];
  for (const [i, ref] of refs.entries()) {
    const [commit, type] = (lines[i] ?? '').split(' ');
    if (type === 'commit' && /^[0-9a-f]{40,64}$/.test(commit)) return { ref, commit };
  }
  return undefined;
}

function gitOutput(cwd: string, args: string[], input: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? out : undefined));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
