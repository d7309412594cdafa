import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { calendarRoot, parseOptions, checkNames, commaList } from './options.js';
import { EXIT } from '../errors.js';
import { checkAccounts } from '../platforms/doctor.js';
import { checkLedger } from '../publish/ledger-check.js';
import { doctorText } from '../views/doctor.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';
import { PLATFORM_WORKFLOWS } from '../scaffold/calendar.js';
import { checkWorkflowSecrets, workflowConfigOf, type WorkflowSecretsCheck } from '../scaffold/workflow-secrets.js';
import type { Config } from '../calendar/model.js';

const Options = z.object({
  account: z.string().optional(),
  timeout: z.coerce.number().positive().max(300).optional(),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      'Check that every account can publish: its credential environment variables are set (values are never shown), ' +
        'the platform accepts them, the local clock agrees with the platform\'s, and the CI workflows pass those variables. Exits 1 when something fails.',
    )
    .option('-a, --account <names>', 'only these accounts (comma-separated)')
    .option('--timeout <seconds>', 'give each platform this long to answer (default 15)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  socialcal doctor                      all accounts in socialcal.yaml
  socialcal doctor --account bluesky    one account
  socialcal doctor --json               for CI logs and scripts`,
    );
}

export async function action(raw: unknown, cmd: Command): Promise<number> {
  const opts = parseOptions(Options, raw);
  const { calendar } = requireCalendar(calendarRoot(cmd));
  const all = calendar.config.accounts;
  const names = commaList(opts.account);
  checkNames('--account', names, Object.keys(all));
  const accounts = Object.values(all).filter((a) => !names || names.includes(a.name));
  const [accountsReport, ledger] = await Promise.all([checkAccounts(accounts, process.env, { timeoutMs: opts.timeout ? opts.timeout * 1000 : undefined }), checkLedger(calendar)]);
  const workflows = workflowChecks(calendar.root, calendar.config);
  const report = { ...accountsReport, ledger, workflows, ok: accountsReport.ok && ledger.ok && workflows.every((w) => w.ok) };
  if (opts.json) writeJson(report);
  else writeOut(doctorText(report));
  return report.ok ? EXIT.ok : EXIT.findings;
}

/** The platform workflows `init` wrote that are still there: do they pass every secret the accounts need? */
function workflowChecks(root: string, config: Config): WorkflowSecretsCheck[] {
  return PLATFORM_WORKFLOWS.filter((w) => existsSync(join(root, w.path))).map((w) =>
    checkWorkflowSecrets(w.path, readFileSync(join(root, w.path), 'utf8'), w.workflow, workflowConfigOf(config)),
  );
}
