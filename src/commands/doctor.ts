import type { Command } from 'commander';
import { z } from 'zod';
import { calendarRoot, parseOptions } from '../cli.js';
import { checkNames, commaList } from '../calendar/query.js';
import { EXIT } from '../errors.js';
import { checkAccounts, type AccountCheck, type DoctorReport } from '../platforms/doctor.js';
import { requireCalendar } from './shared.js';

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
  const report = await checkAccounts(accounts, process.env, { timeoutMs: opts.timeout ? opts.timeout * 1000 : undefined });
  process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : print(report));
  return report.ok ? EXIT.ok : EXIT.findings;
}

export function print(report: DoctorReport): string {
  if (report.accounts.length === 0) return 'No accounts in socialcal.yaml.\n';
  const lines = report.accounts.flatMap(printAccount);
  lines.push('', `local time ${report.localTime}`, report.ok ? 'All accounts ready.' : 'Some checks failed.');
  return lines.join('\n') + '\n';
}

function printAccount(check: AccountCheck): string[] {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const lines = [`${mark(check.ok)} ${check.account} (${check.platform})`];
  for (const c of check.credentials) {
    if (c.set) lines.push(`    ✓ ${c.var} is set`);
    else if (c.fallback) lines.push(`    ✓ ${c.var} not set; using ${c.fallback} from socialcal.yaml`);
    else lines.push(`    ✗ ${c.var} is not set — ${c.describe}`);
  }
  if (check.problem) lines.push(`    ✗ ${check.problem}`);
  if (check.verified) lines.push(`    ${mark(check.verified.ok)} ${check.verified.detail}`);
  for (const warning of check.warnings ?? []) lines.push(`    ! ${warning}`);
  if (check.clock) {
    const seconds = (check.clock.skewMs / 1000).toFixed(1);
    lines.push(`    ${mark(check.clock.ok)} clock: ${check.clock.server} says ${check.clock.serverTime}; local clock is off by ${seconds} s`);
  }
  return lines;
}
