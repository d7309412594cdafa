import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions, checkNames, commaList } from './options.js';
import { EXIT } from '../errors.js';
import { checkAccounts } from '../platforms/doctor.js';
import { checkLedger } from '../publish/ledger-check.js';
import { doctorText } from '../views/doctor.js';
import { requireCalendar } from './shared.js';
import { writeJson, writeOut } from '../views/output.js';

const Options = z.object({
  account: z.string().optional(),
  timeout: z.coerce.number().positive().max(300).optional(),
  json: z.boolean().optional(),
});

export function configure(cmd: Command): void {
  cmd
    .description(
      'Check that every account can publish: its credential environment variables are set (values are never shown), ' +
        'the platform accepts them, and the local clock agrees with the platform\'s. Exits 1 when something fails.',
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
  const report = { ...accountsReport, ledger, ok: accountsReport.ok && ledger.ok };
  if (opts.json) writeJson(report);
  else writeOut(doctorText(report));
  return report.ok ? EXIT.ok : EXIT.findings;
}
