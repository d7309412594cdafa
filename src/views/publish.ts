import { formatWall } from '../calendar/time.js';
import type { Resolved } from '../publish/resolve.js';
import type { PairReport, PublishReport } from '../publish/runner.js';
import { freezeLine } from './freezes.js';

// `publish` for a terminal / CI log: one block per (post, account) pair, then a summary.

const MARK: Record<PairReport['state'], string> = {
  published: '✓',
  due: '→',
  claimed: '?',
  failed: '✗',
  missed: '✗',
  unknown: '?',
  held: '❄',
  busy: '…',
  released: '↺',
};

export function publishText(report: PublishReport, zone: string): string {
  const lines: string[] = [];
  for (const f of report.freezes) lines.push(freezeLine(f, { by: true }));
  if (report.freezes.length) lines.push('');
  if (report.pairs.length === 0) {
    lines.push(report.dryRun ? 'Nothing is due.' : 'Nothing was due.');
    return lines.join('\n') + '\n';
  }
  for (const p of report.pairs) {
    const head = `${MARK[p.state]} ${p.post} → ${p.account} (${p.platform})  ${p.state}  due ${formatWall(new Date(p.at), zone)}`;
    lines.push(head);
    for (const url of p.urls ?? []) lines.push(`    ${url}`);
    if (p.reason) lines.push(`    ${p.reason}`);
    if (p.error) lines.push(`    error: ${p.error}`);
    if (p.state === 'unknown') lines.push(`    decide: socialcal publish --resolve ${p.post}:${p.account}=published   (or =retry)`);
    (p.items ?? []).forEach((item, i, all) => {
      const label = all.length > 1 ? `[${i + 1}/${all.length}] ` : '';
      lines.push(...indent(`${label}${item.text}`, '    │ '));
      for (const m of item.media) lines.push(`    │ 🖼 ${m.file}${m.alt ? ` — alt: ${m.alt}` : ' — no alt text'}`);
    });
  }
  const count = (s: PairReport['state']) => report.pairs.filter((p) => p.state === s).length;
  const summary = report.dryRun
    ? `dry run: ${count('due')} would be posted, ${count('held')} held, ${count('missed')} would be recorded missed; nothing was changed`
    : (['published', 'failed', 'missed', 'unknown', 'held', 'busy', 'claimed', 'released'] as const)
        .filter((s) => count(s))
        .map((s) => `${count(s)} ${s === 'claimed' ? 'still claimed (lookup failed)' : s === 'busy' ? 'in progress elsewhere' : s}`)
        .join(', ');
  lines.push('', summary);
  return lines.join('\n') + '\n';
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((l) => prefix + l);
}

export function resolvedText(done: Resolved[]): string {
  return done.map((d) => `${d.post} → ${d.account}: ${d.previous} → ${d.how === 'retry' ? 'will be sent again by the next run' : 'published'} (by ${d.by})`).join('\n') + '\n';
}
