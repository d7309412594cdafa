import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { EnvironmentError, EXIT, UsageError } from '../errors.js';
import { commitPaths, GitFailure, initRepository, repoRoot } from '../git/repo.js';
import { CURATE_WORKFLOW_FILE, initialCalendar, PLATFORM_WORKFLOWS, type ScaffoldFile } from '../scaffold/calendar.js';
import { checkWorkflowSecrets, withoutSecretLines, workflowConfigOf, type WorkflowConfig } from '../scaffold/workflow-secrets.js';
import { calendarPackageJson, GITIGNORE, withIgnores, withSocialcal } from '../scaffold/repo-files.js';
import { ownVersion } from '../version.js';
import { initText } from '../views/init.js';
import { checkZone, outputDir, parseOptions, startDir } from './options.js';
import { requireCalendar } from './shared.js';

const Options = z.object({
  timezone: z.string().optional(),
  force: z.boolean().optional(),
  commit: z.boolean().optional(),
  curate: z.boolean().optional(),
  updateWorkflows: z.boolean().optional(),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description('Scaffold a calendar repository: socialcal.yaml, an example campaign and posts, CI workflows, package.json and .gitignore; `git init` when the folder is not in a repository yet.')
    .argument('[dir]', 'where to create it (default: the current directory)')
    .option('--timezone <zone>', 'the calendar\'s IANA zone (default: this machine\'s zone)')
    .option('--force', 'write even if a socialcal.yaml already exists (existing files are still kept)')
    .option('--commit', 'commit the files written as a first commit')
    .option('--curate', 'also add a daily workflow that curates the `feeds:` into draft posts and opens a pull request (with --force: add it to an existing calendar)')
    .option('--update-workflows', 'in an existing calendar, rewrite the publish, metrics and listen workflows so they pass the secrets of the accounts now in socialcal.yaml (hand-edited ones only with --force)')
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  socialcal init my-calendar --timezone Europe/Berlin && cd my-calendar && npm install && npx socialcal check\n  socialcal init --update-workflows     after adding an account to socialcal.yaml',
    );
}

export interface InitResult {
  root: string;
  timezone?: string;
  written: string[];
  updated: string[];
  kept: string[];
  git: 'created' | 'existing';
  commit?: string;
  notes: string[];
  /** `--update-workflows`: only the platform workflows were looked at. */
  workflowsOnly?: boolean;
}

export async function action(dir: string | undefined, raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const start = startDir(cmd);
  const root = dir ? outputDir('init', dir, start) : start;
  checkZone('--timezone', opts.timezone);
  const configPath = join(root, 'socialcal.yaml');
  const keptConfig = existsSync(configPath);
  if (opts.updateWorkflows && !keptConfig) {
    throw new UsageError(`--update-workflows: ${configPath} does not exist`, 'run it in a calendar folder (or -C <folder>); `socialcal init` without it starts a new calendar');
  }
  if (keptConfig && !opts.force && !opts.updateWorkflows) {
    throw new UsageError(
      `${configPath} already exists`,
      'this is a calendar already; use --update-workflows to pass its accounts\' secrets in the CI workflows, or --force to add the missing example files',
    );
  }
  // An existing calendar's workflows pass its own accounts' secrets (a config that does not load is an error here).
  const workflowConfig = keptConfig ? workflowConfigOf(requireCalendar(root).calendar.config) : undefined;
  const result = opts.updateWorkflows
    ? await updateWorkflows(root, opts, workflowConfig!)
    : await scaffold(root, opts, keptConfig ? keptZone(configPath) : (opts.timezone ?? machineZone()), keptConfig, workflowConfig);
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(initText(result, dir !== undefined));
  return EXIT.ok;
}

async function scaffold(root: string, opts: z.infer<typeof Options>, timezone: string | undefined, keptConfig: boolean, workflowConfig?: WorkflowConfig): Promise<InitResult> {
  const notes: string[] = [];
  if (keptConfig && opts.timezone && timezone !== opts.timezone) {
    notes.push(`socialcal.yaml is kept, so the calendar's zone stays ${timezone ?? 'as written there'} (--timezone ${opts.timezone} not applied)`);
  }
  const files: ScaffoldFile[] = [
    ...initialCalendar(timezone ?? 'UTC', new Date(), workflowConfig),
    ...(opts.curate ? [CURATE_WORKFLOW_FILE] : []),
    { path: '.gitignore', content: GITIGNORE },
    calendarPackageJson(basename(root), ownVersion()),
  ];
  const written: string[] = [];
  const updated: string[] = [];
  const kept: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    if (!existsSync(target)) {
      writeNew(target, file.content);
      written.push(file.path);
      continue;
    }
    const merged = mergeInto(file.path, readFileSync(target, 'utf8'));
    if (merged) {
      writeFileSync(target, merged);
      updated.push(file.path);
    } else {
      kept.push(file.path);
    }
  }

  return finish(root, opts, { root, timezone, written, updated, kept, notes }, 'Start a socialcal calendar');
}

/**
 * `--update-workflows`: each platform workflow is written anew from socialcal.yaml when it is
 * missing or differs from the generated one only in its secret lines; a hand-edited one is
 * kept (with a note naming what it lacks) unless --force.
 */
async function updateWorkflows(root: string, opts: z.infer<typeof Options>, config: WorkflowConfig): Promise<InitResult> {
  const result: Omit<InitResult, 'git'> = { root, timezone: keptZone(join(root, 'socialcal.yaml')), written: [], updated: [], kept: [], notes: [], workflowsOnly: true };
  for (const w of PLATFORM_WORKFLOWS) {
    const content = w.build(config);
    const target = join(root, w.path);
    if (!existsSync(target)) {
      writeNew(target, content);
      result.written.push(w.path);
      continue;
    }
    const existing = readFileSync(target, 'utf8');
    if (existing === content) {
      result.kept.push(w.path);
    } else if (opts.force || withoutSecretLines(existing) === withoutSecretLines(content)) {
      writeFileSync(target, content);
      result.updated.push(w.path);
    } else {
      result.kept.push(w.path);
      const check = checkWorkflowSecrets(w.path, existing, w.workflow, config);
      const lacks = check.problem ?? (check.missing.length ? `it does not pass ${check.missing.join(', ')}` : 'it passes every secret the accounts need');
      result.notes.push(`${w.path} was edited by hand, so it is kept: ${lacks}; add the lines yourself or rewrite it with --update-workflows --force`);
    }
  }
  return finish(root, opts, result, 'Pass the accounts\' secrets in the socialcal workflows');
}

/** git init when needed, the optional commit, and the note about workflows outside the repository root. */
async function finish(root: string, opts: z.infer<typeof Options>, r: Omit<InitResult, 'git'>, message: string): Promise<InitResult> {
  const repo = await repoRoot(root);
  if (!repo) await gitStep('git init', () => initRepository(root));
  let commit: string | undefined;
  if (opts.commit && r.written.length + r.updated.length > 0) {
    commit = await gitStep('git commit', () => commitPaths(root, [...r.written, ...r.updated], message));
  }
  const notes = [...r.notes];
  if (repo && repo !== root) notes.push(`inside the git repository at ${repo}; the workflows must sit in ${join(repo, '.github/workflows')} to run`);
  return { ...r, git: repo ? 'existing' : 'created', ...(commit ? { commit } : {}), notes };
}

/** package.json and .gitignore are completed rather than kept as they are; other files are kept. */
function mergeInto(path: string, existing: string): string | undefined {
  if (path === 'package.json') return withSocialcal(existing, ownVersion());
  if (path === '.gitignore') return withIgnores(existing);
  return undefined;
}

function writeNew(target: string, content: string): void {
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EnvironmentError(`cannot write ${target} (${code ?? (error as Error).message})`, 'check that the folder is writable');
  }
}

async function gitStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const detail = error instanceof GitFailure ? error.detail : (error as Error).message;
    const identity = /user\.(name|email)|tell me who you are|ident/i.test(detail);
    throw new EnvironmentError(
      `${what} failed: ${detail.trim().split('\n').slice(-2).join(' ')}`,
      identity ? 'set your name and email: git config --global user.name "…" && git config --global user.email "…"' : 'is git installed and on PATH?',
    );
  }
}

/** The zone a kept socialcal.yaml declares, so init never reports a zone it did not write. */
function keptZone(configPath: string): string | undefined {
  try {
    const zone = (parse(readFileSync(configPath, 'utf8'), { version: '1.2' }) as { timezone?: unknown } | null)?.timezone;
    return typeof zone === 'string' ? zone : undefined;
  } catch {
    return undefined;
  }
}

function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}
