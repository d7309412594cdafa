import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, parseNow } from './options.js';
import { EXIT } from '../errors.js';
import { approvalsMarkdown, approvalsText } from '../views/approvals.js';
import { checkApprovals } from '../approvals/run.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  format: z.enum(['text', 'markdown', 'json']).default('text'),
  json: z.boolean().optional(),
  base: z.string().optional(),
  head: z.string().optional(),
  pr: z.coerce.number().int().positive().optional(),
  repo: z.string().optional(),
  now: z.string().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      "In CI on a pull request: do its approving reviews cover the approver roles its changes need? Roles come from the approval-required rule (as in `plan`); reviewers map to roles through socialcal.yaml's roles (users and @org/team teams, from the base branch's config).",
    )
    .option('-f, --format <format>', 'text, markdown or json', 'text')
    .option('--json', 'same as --format json')
    .option('--base <rev>', 'compare with this revision (default: the pull request\'s base from the event, else the default branch)')
    .option('--head <rev>', 'judge this commit (read from git, never checked out) instead of the working tree')
    .option('--pr <number>', 'the pull request (default: from the event payload at GITHUB_EVENT_PATH)')
    .option('--repo <owner/name>', 'the repository (default: GITHUB_REPOSITORY)')
    .option('--now <time>', 'judge time-based rules as of this ISO time (default: now)')
    .addHelpText(
      'after',
      `
Environment: GITHUB_TOKEN (read pull requests; read:org to resolve teams), GITHUB_REPOSITORY,
GITHUB_EVENT_PATH, GITHUB_API_URL (default https://api.github.com).
Each reviewer's latest review counts: APPROVED approves, CHANGES_REQUESTED or a dismissal takes
it back, a later COMMENTED review does not.
Exit codes: 0 every needed role approved (or none needed), 1 roles missing, 2 usage, git or GitHub error.

Examples:
  socialcal approvals                                   in a pull_request or pull_request_review job
  socialcal approvals --repo acme/calendar --pr 42 --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const now = parseNow(opts.now);
  const result = await checkApprovals({ root: calendarRoot(cmd), env: process.env, now, base: opts.base, head: opts.head, pr: opts.pr, repo: opts.repo });
  const format = opts.json ? 'json' : opts.format;
  if (format === 'json') writeJson(result);
  else if (format === 'markdown') writeOut(approvalsMarkdown(result));
  else writeOut(approvalsText(result));
  return result.ok ? EXIT.ok : EXIT.findings;
}
