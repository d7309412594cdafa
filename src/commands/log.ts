import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions } from './options.js';
import type { Calendar, PublishStateName } from '../calendar/model.js';
import { didYouMean } from '../calendar/problems.js';
import { EXIT, UsageError } from '../errors.js';
import { deletedFiles, fileHistory, type FileCommit, type PullRequestLink } from '../git/history.js';
import { readLedgerView } from '../publish/ledger-view.js';
import { logText } from '../views/log.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({ json: z.boolean().optional() });

export function configure(cmd: Command): void {
  cmd
    .description("A post's history: who created and changed it and when, in which commits and merged pull requests (following renames), and where it was published.")
    .argument('<post-id>', 'the post id (its file name without .yaml, unless the post sets id:)')
    .option('--json', 'print the history as JSON')
    .addHelpText(
      'after',
      `
Pull requests are read from merge commits ("Merge pull request #N from …") and squash-merge
subjects ("… (#N)"). Publish results come from the ledger branch.

Examples:
  socialcal log launch-teaser
  socialcal log launch-teaser --json | jq '.pullRequests'`,
    );
}

export interface PublishResult {
  account: string;
  state: PublishStateName;
  at?: string;
  url?: string;
}

export interface PostLog {
  id: string;
  /** Where the post lives now (or last lived, when it was removed). */
  file: string;
  removed: boolean;
  created?: { by: string; at: string; commit: string };
  commits: FileCommit[];
  pullRequests: (PullRequestLink & { commits: string[] })[];
  published: PublishResult[];
}

export async function collect(root: string, calendar: Calendar, id: string): Promise<PostLog> {
  const post = calendar.postsById.get(id);
  const file = post?.file ?? (await removedPostFile(root, id));
  if (!file) {
    const suggestion = didYouMean(id, calendar.postsById.keys());
    throw new UsageError(`no post "${id}" in the calendar or its history`, suggestion ? `did you mean "${suggestion}"?` : 'run `socialcal ls --all` to see post ids');
  }
  const commits = await fileHistory(root, file);
  const byPr = new Map<number, PullRequestLink & { commits: string[] }>();
  for (const c of commits) {
    if (!c.pullRequest) continue;
    const entry = byPr.get(c.pullRequest.number) ?? { ...c.pullRequest, commits: [] };
    entry.commits.push(c.commit);
    byPr.set(c.pullRequest.number, entry);
  }
  const first = commits.at(-1);
  const ledger = post ? await readLedgerView(calendar) : undefined;
  const published: PublishResult[] = [];
  for (const account of post?.channels ?? []) {
    const s = ledger?.status(id, account);
    if (s) published.push({ account, state: s.state, at: s.at?.toISOString(), url: s.url });
  }
  return {
    id,
    file,
    removed: !post,
    created: first ? { by: first.author, at: first.date, commit: first.commit } : undefined,
    commits,
    pullRequests: [...byPr.values()],
    published,
  };
}

/** A removed post's last path: a deleted posts/ file named after the id. */
async function removedPostFile(root: string, id: string): Promise<string | undefined> {
  const deleted = await deletedFiles(root, 'posts');
  return deleted.find((p) => p.replace(/^.*\//, '').replace(/\.ya?ml$/i, '') === id);
}

export async function action(id: string, raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const root = calendarRoot(cmd);
  const { calendar } = requireCalendar(root);
  const log = await collect(root, calendar, id);
  if (opts.json) writeJson(log);
  else writeOut(logText(log, calendar.config.timezone));
  return EXIT.ok;
}
