import type { Problem } from '../../calendar/problems.js';
import type { AccountPreview, Plan, PlannedPost } from '../../plan/plan.js';
import { changeLabel, configLine, plural, publishedLine, sideLabel, summaryCounts, whenLabel } from './words.js';

// The plan as a pull-request comment: a hidden marker (so CI updates one sticky comment), a
// summary table, then one collapsible section per post.

export const PLAN_MARKER = '<!-- socialcal-plan -->';

/** GitHub rejects comments over 65,536 characters; leave room for the footer. */
const MAX_COMMENT = 60_000;

export function planMarkdown(plan: Plan, opts: { maxLength?: number } = {}): string {
  const max = opts.maxLength ?? MAX_COMMENT;
  const head: string[] = [PLAN_MARKER, '## 📅 socialcal plan', ''];
  head.push(`Comparing ${code(sideLabel(plan.base))} → ${code(sideLabel(plan.head))} · times in ${plan.timezone}`, '');

  const counts = summaryCounts(plan);
  if (counts.length === 0 && plan.invalid.length === 0) {
    head.push('No changes to the calendar.');
    return head.join('\n') + '\n';
  }
  head.push(counts.map(([word, n]) => `**${n}** ${word}`).join(' · ') || 'No post changes.', '');
  if (plan.roles.length) head.push(`🔐 **Approvals needed:** ${plan.roles.map((r) => code(r)).join(', ')}`, '');
  if (plan.summary.errors + plan.summary.warnings > 0) {
    head.push(`⚠️ ${plural(plan.summary.errors, 'error')}, ${plural(plan.summary.warnings, 'warning')} in the changed files`, '');
  }
  if (plan.summary.publishedEdits > 0) {
    head.push(`📣 ${plural(plan.summary.publishedEdits, 'post')} already went out: the change will not reach the platform`, '');
  }

  if (plan.posts.length) {
    head.push('| post | change | when | accounts | findings | approvers |', '| --- | --- | --- | --- | --- | --- |');
    for (const p of plan.posts) {
      head.push(
        `| ${code(p.id)} | ${cell(changeLabel(p))} | ${cell(whenLabel(p))} | ${cell(p.channels.join(', '))} | ${cell(findingCount(p.findings))} | ${cell(p.roles.join(', '))} |`,
      );
    }
    head.push('');
  }
  if (plan.invalid.length) {
    head.push('### ❌ Files that do not load', '');
    for (const f of plan.invalid) {
      for (const p of f.problems) head.push(`- ${code(`${f.file}:${p.line}:${p.column}`)} ${escapeText(p.message)}${p.hint ? ` — ${escapeText(p.hint)}` : ''}`);
    }
    head.push('');
  }
  if (plan.config.length) {
    head.push('### ⚙️ Config (socialcal.yaml)', '');
    for (const c of plan.config) head.push(`- ${escapeText(configLine(c))}`);
    head.push('');
  }
  if (plan.campaigns.length) {
    head.push('### 🎯 Campaigns', '');
    for (const c of plan.campaigns) {
      head.push(`- ${code(c.id)} ${c.kind}${c.fields.length ? ` (${c.fields.join(', ')})` : ''} — ${code(c.file)}`);
    }
    head.push('');
  }

  let out = head.join('\n');
  const sections = plan.posts.map(postSection);
  let shown = 0;
  for (const section of sections) {
    if (out.length + section.length + 200 > max) break;
    out += section;
    shown++;
  }
  if (shown < sections.length) {
    out += `\n_${plural(sections.length - shown, 'more post')} not shown here (comment size limit); run \`socialcal plan\` locally for all of them._\n`;
  }
  return out;
}

function postSection(p: PlannedPost): string {
  const lines: string[] = [];
  const moved = p.previousFile ? ` (from ${code(p.previousFile)})` : '';
  lines.push(
    `<details><summary><b>${escapeHtml(p.id)}</b> — ${escapeHtml(changeLabel(p))} · ${escapeHtml(whenLabel(p))}</summary>`,
    '',
    `${code(p.file)}${moved} · status ${code(p.status)}${p.campaign ? ` · campaign ${code(p.campaign)}` : ''}`,
    '',
  );
  const published = publishedLine(p);
  if (published) lines.push(`> [!WARNING]`, `> ${escapeText(published)}`, '');
  if (p.roles.length) lines.push(`🔐 Needs approval from: ${p.roles.map((r) => code(r)).join(', ')}`, '');
  for (const a of p.accounts) lines.push(...accountLines(a));
  if (p.findings.length) {
    lines.push('**Findings**', '');
    for (const f of p.findings) lines.push(findingLine(f));
    lines.push('');
  }
  lines.push('</details>', '');
  return '\n' + lines.join('\n');
}

function accountLines(a: AccountPreview): string[] {
  const lines: string[] = [];
  a.items.forEach((item, i) => {
    const label = i === 0 ? `**${escapeText(a.account)}** (${a.platform})` : `↳ reply ${i}`;
    const length = `${item.length}/${item.limit}${item.over ? ' ❌ too long' : ''}`;
    lines.push(`${label} · ${length}`, '', fence(item.text), '');
    for (const m of item.media) {
      lines.push(`- 🖼 ${code(m.file)} — ${m.alt ? `alt: ${escapeText(m.alt)}` : '⚠️ no alt text'}`);
    }
    if (item.media.length) lines.push('');
  });
  return lines;
}

function findingLine(f: Problem): string {
  const icon = f.severity === 'error' ? '❌' : '⚠️';
  return `- ${icon} ${code(f.rule ?? f.code)} line ${f.line}: ${escapeText(f.message)}${f.hint ? ` — ${escapeText(f.hint)}` : ''}`;
}

function findingCount(findings: Problem[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return [errors ? `❌ ${errors}` : '', warnings ? `⚠️ ${warnings}` : ''].filter(Boolean).join(' ') || '✅';
}

/** A fenced block that no backtick run inside the text can close. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text from the calendar in Markdown prose: no HTML, no accidental mentions or formatting. */
function escapeText(s: string): string {
  return escapeHtml(s).replace(/([\\*_[\]|#])/g, '\\$1').replace(/@(\w)/g, '@\u200b$1').replace(/\n/g, ' ');
}

function cell(s: string): string {
  return escapeText(s);
}
