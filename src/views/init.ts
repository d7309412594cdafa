import { relative } from 'node:path';
import type { InitResult } from '../commands/init.js';

// `init` for a terminal: what was written, kept or completed, then the next steps.

export function initText(r: InitResult, intoNewFolder: boolean): string {
  if (r.workflowsOnly) return workflowsText(r);
  const lines = [`Created a socialcal calendar in ${r.root} (timezone ${r.timezone ?? 'as in the kept socialcal.yaml'}):`];
  for (const f of r.written) lines.push(`  + ${f}`);
  for (const f of r.updated) lines.push(`  ~ ${f} (${f === 'package.json' ? 'added socialcal to devDependencies' : 'added node_modules/ and the other entries it lacked'})`);
  for (const f of r.kept) lines.push(`  = ${f} (kept)`);
  if (r.git === 'created') lines.push('Initialized a git repository (branch main).');
  if (r.commit) lines.push(`Committed as ${r.commit.slice(0, 7)}.`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  const cd = intoNewFolder ? `  cd ${relative(process.cwd(), r.root) || '.'}\n` : '';
  lines.push(`
Next steps:
${cd}  npm install              installs the pinned socialcal and writes package-lock.json (CI runs npm ci)
  npx socialcal check      validate the calendar
  npx socialcal ls --all   see the example posts
  git add -A && git commit -m "Start a socialcal calendar"   (package-lock.json too)
Push it; pull requests are checked by .github/workflows/socialcal-check.yml.
`);
  return lines.join('\n');
}

/** `init --update-workflows`: which workflows now pass which accounts' secrets. */
function workflowsText(r: InitResult): string {
  const lines = [`Workflows in ${r.root}, from the accounts in socialcal.yaml:`];
  for (const f of r.written) lines.push(`  + ${f}`);
  for (const f of r.updated) lines.push(`  ~ ${f} (secrets updated)`);
  for (const f of r.kept) lines.push(`  = ${f} (kept)`);
  if (r.commit) lines.push(`Committed as ${r.commit.slice(0, 7)}.`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('', 'Add a repository secret for every variable these workflows name (Settings → Secrets and variables → Actions); `socialcal doctor` lists each account\'s.');
  return lines.join('\n') + '\n';
}
