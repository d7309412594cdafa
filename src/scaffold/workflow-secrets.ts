// Which repository secrets each workflow that talks to the platforms hands to socialcal: the
// credential variables the accounts in socialcal.yaml name. The names come from one place,
// src/platforms/credentials.ts (the same list the adapters read from); values never pass here.
import { parse } from 'yaml';
import type { Account, Config, ListeningSettings } from '../calendar/model.js';
import { UsageError } from '../errors.js';
import { LISTENING_PLATFORMS } from '../listen/config.js';
import { CREDENTIAL_KEYS, credentialVars } from '../platforms/credentials.js';

/** What the generator needs of socialcal.yaml: account names, platforms and credential names. */
export interface WorkflowConfig {
  accounts: Pick<Account, 'name' | 'platform' | 'credentials'>[];
  listening?: Pick<ListeningSettings, 'notify'>;
}

/** The workflows whose socialcal step reads account credentials. */
export type PlatformWorkflow = 'publish' | 'metrics' | 'listen';

// GitHub's rules for secret names: letters, digits and underscores, not starting with a digit
// or GITHUB_ (https://docs.github.com/actions/security-guides/using-secrets-in-github-actions).
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The environment variables (each passed from the repository secret of the same name) that the
 * socialcal step of `workflow` reads, in account order, each once. `listen` reads the Bluesky
 * and Mastodon accounts' (any of them may be named in a query) and the spike webhooks'. Throws a UsageError naming
 * the account and field when a name cannot be a GitHub secret or the platform is unknown.
 */
export function workflowSecrets(workflow: PlatformWorkflow, config: WorkflowConfig): string[] {
  const accounts = workflow === 'listen' ? config.accounts.filter((a) => LISTENING_PLATFORMS.includes(a.platform)) : config.accounts;
  const names = accounts.flatMap(accountVariables);
  if (workflow === 'listen') {
    for (const [service, name] of Object.entries(config.listening?.notify ?? {})) if (name) names.push(checkedName(name, `listening.notify.${service}`));
  }
  return [...new Set(names)];
}

/** Every credential variable an account's adapter reads, optional ones included. */
function accountVariables(account: WorkflowConfig['accounts'][number]): string[] {
  if (!Object.hasOwn(CREDENTIAL_KEYS, account.platform)) {
    throw new UsageError(
      `socialcal.yaml: account "${account.name}" is on platform "${account.platform}", which socialcal cannot pass secrets for`,
      `use one of ${Object.keys(CREDENTIAL_KEYS).join(', ')}, or remove the account`,
    );
  }
  return Object.entries(credentialVars(account)).map(([key, name]) => checkedName(name, `accounts.${account.name}.credentials.${key}`));
}

function checkedName(name: string, field: string): string {
  if (SECRET_NAME.test(name) && !/^GITHUB_/i.test(name)) return name;
  throw new UsageError(
    `socialcal.yaml: ${field} is "${name}", which cannot be the name of a GitHub Actions secret`,
    `name a variable of letters, digits and underscores that starts with neither a digit nor GITHUB_, e.g. ${suggestion(name)}`,
  );
}

function suggestion(name: string): string {
  const cleaned = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^GITHUB_/, '');
  return /^[A-Z_]/.test(cleaned) ? cleaned : `SOCIALCAL_${cleaned || 'TOKEN'}`;
}

/** `NAME: ${{ secrets.NAME }}` lines at the indentation of a step's `env:` entries. */
export function secretEnvLines(names: string[]): string {
  return names.map((name) => `          ${name}: \${{ secrets.${name} }}\n`).join('');
}

/** A workflow file without its `NAME: ${{ secrets.NAME }}` lines: what is left once the secrets are set aside. */
export function withoutSecretLines(text: string): string {
  return text.replace(/^[ \t]+([A-Za-z_][A-Za-z0-9_]*): \$\{\{ secrets\.\1 \}\}[ \t]*\r?\n/gm, '');
}

/**
 * The environment variable names the `socialcal <workflow>` steps of a workflow file receive
 * (workflow, job and step `env:` together); undefined when the text is not YAML or has no such step.
 */
export function passedVariables(text: string, workflow: PlatformWorkflow): string[] | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  const keys = (node: unknown): string[] => (node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : []);
  const wf = (doc ?? {}) as { env?: unknown; jobs?: Record<string, { env?: unknown; steps?: { run?: unknown; env?: unknown }[] }> };
  const command = new RegExp(`\\bsocialcal ${workflow}\\b`);
  let found = false;
  const names = new Set(keys(wf.env));
  for (const job of Object.values(wf.jobs ?? {})) {
    for (const step of Array.isArray(job?.steps) ? job.steps : []) {
      if (typeof step?.run !== 'string' || !command.test(step.run)) continue;
      found = true;
      for (const name of [...keys(job.env), ...keys(step.env)]) names.add(name);
    }
  }
  return found ? [...names] : undefined;
}

/** The generator's view of a loaded socialcal.yaml. */
export function workflowConfigOf(config: Pick<Config, 'accounts' | 'listening'>): WorkflowConfig {
  return { accounts: Object.values(config.accounts), listening: config.listening };
}

export interface WorkflowSecretsCheck {
  /** The workflow file, relative to the calendar folder. */
  file: string;
  /** The variables its socialcal step must receive for the accounts in socialcal.yaml. */
  needs: string[];
  /** Those it does not pass. */
  missing: string[];
  /** Why the file could not be checked (not YAML, no socialcal step, a bad secret name in socialcal.yaml). */
  problem?: string;
  ok: boolean;
}

/** Does the workflow file pass every secret the accounts need? Names only. */
export function checkWorkflowSecrets(file: string, text: string, workflow: PlatformWorkflow, config: WorkflowConfig): WorkflowSecretsCheck {
  let needs: string[];
  try {
    needs = workflowSecrets(workflow, config);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { file, needs: [], missing: [], problem: `${error.message} (${error.hint})`, ok: false };
  }
  const passed = passedVariables(text, workflow);
  if (!passed) return { file, needs, missing: [], problem: `no step runs \`socialcal ${workflow}\` (or the file is not YAML)`, ok: false };
  const missing = needs.filter((name) => !passed.includes(name));
  return { file, needs, missing, ok: missing.length === 0 };
}
