import type { AccountCheck, DoctorReport } from '../platforms/doctor.js';
import type { LedgerCheck } from '../publish/ledger-check.js';
import type { WorkflowSecretsCheck } from '../scaffold/workflow-secrets.js';

// `doctor` for a terminal: one block per account, ✓/✗ per check.

export function doctorText(report: DoctorReport & { ledger?: LedgerCheck; workflows?: WorkflowSecretsCheck[] }): string {
  const ledger = report.ledger ? ledgerLines(report.ledger) : [];
  const workflows = (report.workflows ?? []).flatMap(workflowLines);
  if (report.accounts.length === 0) return [...ledger, ...workflows, 'No accounts in socialcal.yaml.'].join('\n') + '\n';
  const lines = [...ledger, ...workflows, ...report.accounts.flatMap(accountLines)];
  lines.push('', `local time ${report.localTime}`, report.ok ? 'All accounts ready.' : 'Some checks failed.');
  return lines.join('\n') + '\n';
}

function ledgerLines(check: LedgerCheck): string[] {
  return [`${check.ok ? '✓' : '✗'} ledger (${check.where})`, `    ${check.ok ? '✓' : '✗'} ${check.detail}`, ...(check.hint ? [`    hint: ${check.hint}`] : [])];
}

function workflowLines(check: WorkflowSecretsCheck): string[] {
  if (check.problem) return [`✗ ${check.file}: ${check.problem}`];
  if (check.ok) return [`✓ ${check.file} passes the ${check.needs.length} variable${check.needs.length === 1 ? '' : 's'} the accounts need`];
  return [
    `✗ ${check.file} does not pass ${check.missing.join(', ')}`,
    '    hint: run `socialcal init --update-workflows`, then add the repository secrets of those names',
  ];
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
