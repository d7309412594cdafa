// Calendar repositories for publish tests: socialcal.yaml and posts, committed and pushed to a bare remote.
import { loadCalendar } from '../../src/calendar/load.js';
import type { Calendar } from '../../src/calendar/model.js';
import type { Problem } from '../../src/calendar/problems.js';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { cloneRepo, repoWithRemote, showFile } from '../support/git.js';

export interface PostSpec {
  id: string;
  at: string;
  channels: string[];
  text?: string;
  tags?: string[];
  thread?: string[];
  extra?: string;
}

/** Spacing and daily limits are off: tests schedule many posts at once (rule errors would hold them). */
export function configYaml(accounts: Record<string, string>, extra = ''): string {
  const lines = ['timezone: UTC', 'rules:', '  spacing: off', '  daily-limit: off', 'accounts:'];
  for (const [name, body] of Object.entries(accounts)) lines.push(`  ${name}:`, ...body.trim().split('\n').map((l) => `    ${l}`));
  return lines.join('\n') + '\n' + extra;
}

export function postYaml(p: PostSpec): string {
  const lines = [`id: ${p.id}`, `at: ${p.at}`, `channels: [${p.channels.join(', ')}]`, `text: ${JSON.stringify(p.text ?? `Post ${p.id}`)}`];
  if (p.tags) lines.push(`tags: [${p.tags.join(', ')}]`);
  if (p.thread) lines.push('thread:', ...p.thread.map((t) => `  - text: ${JSON.stringify(t)}`));
  if (p.extra) lines.push(p.extra);
  return lines.join('\n') + '\n';
}

export function calendarFiles(config: string, posts: PostSpec[]): Record<string, string> {
  const files: Record<string, string> = { 'socialcal.yaml': config };
  for (const p of posts) files[`posts/${p.id}.yaml`] = postYaml(p);
  return files;
}

/** A calendar repo with a bare remote; `clone()` makes another checkout (another CI job). */
export function calendarRepo(config: string, posts: PostSpec[], files: Record<string, string | Buffer> = {}) {
  const { remote, work } = repoWithRemote({ ...calendarFiles(config, posts), ...files });
  return { remote, work, clone: (depth?: number) => cloneRepo(remote, depth ? { depth } : {}) };
}

export function load(root: string): { calendar: Calendar; problems: Problem[] } {
  const { calendar, problems } = loadCalendar(root);
  if (!calendar) throw new Error(`calendar did not load: ${JSON.stringify(problems)}`);
  return { calendar, problems };
}

/** A post's record on the remote's ledger branch. */
export function ledger(remote: string, id: string) {
  return parseLedgerFile(showFile(remote, 'socialcal-ledger', `published/${id}.yaml`), id);
}
