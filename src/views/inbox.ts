import { formatWall } from '../calendar/time.js';
import type { Conversation, InboxReport, InboxRow } from '../inbox/run.js';

// `inbox` for a terminal: one block per conversation, our post first, then its items.

function stateText(row: InboxRow): string {
  if (row.answeredBy) return `answered by ${row.answeredBy}`;
  if (row.state === 'assigned') return `assigned to ${row.assignee}`;
  if (row.state === 'done' || row.state === 'ignored') return `${row.state}${row.by ? ` (${row.by})` : ''}`;
  return 'open';
}

function heading(c: Conversation): string {
  if (c.post) return `${c.post.id}${c.post.campaign ? ` · ${c.post.campaign}` : ''} · ${c.account}${c.post.url ? `  ${c.post.url}` : ''}`;
  if (c.root) return `thread ${c.root} · ${c.account}`;
  return `mention · ${c.account}`;
}

export function inboxText(report: InboxReport, zone: string): string {
  const out: string[] = [];
  for (const p of report.pulled) out.push(`pulled ${p.account}: ${p.added} new`);
  for (const s of report.skipped) out.push(`skipped ${s.account}: ${s.why}`);
  if (out.length) out.push('');
  if (!report.conversations.length) out.push('Inbox is empty.');
  for (const c of report.conversations) {
    out.push(heading(c));
    for (const row of c.items) {
      out.push(`  ${row.id}  ${formatWall(row.at, zone)}  ${row.kind.padEnd(7)}  ${row.author}  — ${stateText(row)}`);
      out.push(`           ${row.text.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (row.url) out.push(`           ${row.url}`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

export function triageText(row: InboxRow): string {
  return `${row.id} (${row.account}, ${row.author}): ${stateText(row)}\n`;
}
