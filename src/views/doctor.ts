import type { AccountCheck, DoctorReport } from '../platforms/doctor.js';
import type { LedgerCheck } from '../publish/ledger-check.js';

// `doctor` for a terminal: one block per account, ✓/✗ per check.

export function doctorText(report: DoctorReport & { ledger?: LedgerCheck }): string {
  const ledger = report.ledger ? ledgerLines(report.ledger) : [];
  if (report.accounts.length === 0) return [...ledger, 'No accounts in socialcal.yaml.'].join('\n') + '\n';
  const lines = [...ledger, ...report.accounts.flatMap(accountLines)];
  lines.push('', `local time ${report.localTime}`, report.ok ? 'All accounts ready.' : 'Some checks failed.');
  return lines.join('\n') + '\n';
}

function ledgerLines(check: LedgerCheck): string[] {
  return [`${check.ok ? '✓' : '✗'} ledger (${check.where})`, `    ${check.ok ? '✓' : '✗'} ${check.detail}`, ...(check.hint ? [`    hint: ${check.hint}`] : [])];
}

function accountLines(check: AccountCheck): string[] {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const lines = [`${mark(check.ok)} ${check.account} (${check.platform})`];
  for (const c of check.credentials) {
    if (c.set) lines.push(`    ✓ ${c.var} is set`);
    else if (c.fallback) lines.push(`    ✓ ${c.var} not set; using ${c.fallback} from socialcal.yaml`);
    else if (c.optional) lines.push(`    – ${c.var} is not set (optional) — ${c.describe}`);
    else lines.push(`    ✗ ${c.var} is not set — ${c.describe}`);
  }
  if (check.problem) lines.push(`    ✗ ${check.problem}`);
  if (check.verified) lines.push(`    ${mark(check.verified.ok)} ${check.verified.detail}`);
  if (check.verified?.warning) lines.push(`    ⚠ ${check.verified.warning}`);
  for (const warning of check.warnings ?? []) lines.push(`    ⚠ ${warning}`);
  if (check.clock) {
    const seconds = (check.clock.skewMs / 1000).toFixed(1);
    lines.push(`    ${mark(check.clock.ok)} clock: ${check.clock.server} says ${check.clock.serverTime}; local clock is off by ${seconds} s`);
  }
  return lines;
}
