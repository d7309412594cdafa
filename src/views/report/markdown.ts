// `socialcal report --format markdown`: the weekly scorecard for a GitHub issue, a job summary
// ($GITHUB_STEP_SUMMARY) or a PR comment. User strings go through the Markdown escapers.
import type { Report } from '../../report/report.js';
import { weekdayName } from '../../report/group.js';
import { code, escapeText } from '../markdown.js';
import { count, kpiValue, money, paceWords, percent, rate } from './words.js';

export function reportMarkdown(report: Report, minPosts: number): string {
  const out: string[] = [];
  const period = report.from || report.to ? `${report.from?.slice(0, 10) ?? '…'} – ${report.to?.slice(0, 10) ?? '…'}` : 'all time';
  out.push(`## Social media report: ${period}`, '');
  const t = report.totals;
  out.push(
    t.posts === 0
      ? 'No measured posts in this period.'
      : `**${count(t.posts)}** posts · **${count(t.engagements)}** engagements` +
          (t.impressions !== undefined ? ` · ${count(t.impressions)} impressions` : '') +
          ` · mean engagement rate **${rate(t.rate)}** (${escapeText(report.timezone)}, ${report.age} snapshots)`,
  );

  for (const card of report.scorecards) {
    if (card.kpis.length === 0 && card.posts === 0) continue;
    out.push('', `### ${escapeText(card.name)} (${code(card.campaign)})`, '');
    const when = card.elapsed !== undefined ? `${percent(card.elapsed)} of its time passed · ` : '';
    out.push(`${when}${count(card.posts)} posts · ${count(card.engagements)} engagements · rate ${rate(card.rate)}`);
    if (card.kpis.length) {
      out.push('', '| KPI | target | actual | expected by now | pace |', '| --- | ---: | ---: | ---: | --- |');
      for (const k of card.kpis) {
        out.push(`| ${escapeText(k.name)} | ${kpiValue(k, k.target)} | ${kpiValue(k, k.actual)} | ${k.expected !== undefined ? kpiValue(k, k.expected) : ''} | ${paceIcon(k.status)} ${paceWords(k)} |`);
      }
    }
    if (card.budget) out.push('', `Spend ${money(card.budget.spend, card.budget.currency)} · cost per engagement ${money(card.budget.costPerEngagement, card.budget.currency)}`);
  }

  if (report.ranking.top.length) {
    out.push('', `### Top posts (by ${report.ranking.by === 'rate' ? 'engagement rate' : 'engagements'})`, '');
    out.push('| published | account | post | engagements | rate |', '| --- | --- | --- | ---: | ---: |');
    for (const l of report.ranking.top) {
      const post = l.url && /^https:\/\//.test(l.url) ? `[${escapeText(l.post)}](${encodeURI(l.url)})` : code(l.post);
      out.push(`| ${l.local} | ${escapeText(l.account)} | ${post} | ${count(l.engagements)} | ${rate(l.rate)} |`);
    }
  }

  if (report.breakdowns.account.length) {
    out.push('', '### By account', '', '| account | posts | engagements | rate |', '| --- | ---: | ---: | ---: |');
    for (const g of report.breakdowns.account) out.push(`| ${escapeText(g.key)} | ${count(g.posts)} | ${count(g.engagements)} | ${rate(g.rate)} |`);
  }

  out.push('', '### Best times to post', '');
  const lines = report.bestTimes.map((a) =>
    a.slots.length
      ? `- ${escapeText(a.account)}: ${a.slots.map((s) => `${weekdayName(s.weekday)} ${String(s.hour).padStart(2, '0')}:00 ${rate(s.rate)} (${rate(s.low)}–${rate(s.high)}, n = ${s.n})`).join('; ')}`
      : `- ${escapeText(a.account)}: not enough data (${a.posts} posts; a slot needs ${minPosts})`,
  );
  out.push(...(lines.length ? lines : ['Not enough data yet.']));
  return out.join('\n') + '\n';
}

function paceIcon(status: string): string {
  if (status === 'met' || status === 'on track') return '🟢';
  if (status === 'behind' || status === 'below') return '🟠';
  if (status === 'missed') return '🔴';
  return '⚪';
}
