// `socialcal report` for a terminal: tables with small bars (block characters, so they read
// the same with NO_COLOR), a weekday × hour grid, scorecards, best times and drop-off.
import chalk from 'chalk';
import type { Dimension, GroupStats } from '../../report/group.js';
import { weekdayName } from '../../report/group.js';
import type { Report } from '../../report/report.js';
import type { Scorecard } from '../../report/scorecard.js';
import { renderTable, terminalWidth } from '../table.js';
import { plural } from '../../words.js';
import { bar, count, kpiValue, money, paceWords, percent, rate } from './words.js';

export interface ReportTextOptions {
  /** Breakdowns to show, in order. */
  by: Dimension[];
  /** Where the numbers came from, e.g. "ledger branch socialcal-ledger" or a --history folder. */
  source: string;
  minPosts: number;
  width?: number;
}

export function reportText(report: Report, options: ReportTextOptions): string {
  const width = options.width ?? terminalWidth();
  const out: string[] = [];
  const period = report.from || report.to ? `${day(report.from) ?? '…'} – ${day(report.to) ?? '…'}` : 'all time';
  out.push(chalk.bold(`Report: ${period} (${report.timezone}), ${report.age} snapshots, from ${options.source}`));
  const t = report.totals;
  if (t.posts === 0) {
    out.push('', 'No measured posts yet. Run `socialcal metrics` after publishing (or pass --history <folder>).');
  } else {
    out.push(
      `${count(t.posts)} posts · ${count(t.engagements)} engagements` +
        (t.impressions !== undefined ? ` · ${count(t.impressions)} impressions` : '') +
        ` · mean rate ${rate(t.rate)}` +
        (t.rated < t.posts ? ` (${t.rated} of ${t.posts} posts have a follower count)` : ''),
    );
  }
  if (report.notInCalendar) out.push(`${report.notInCalendar} measured posts are no longer in the calendar (no campaign, tags or format for them).`);

  for (const card of report.scorecards) out.push('', ...scorecardLines(card, width));

  if (t.posts > 0) {
    for (const d of options.by) out.push('', chalk.bold(`By ${d}`), groupTable(report.breakdowns[d], d, width).trimEnd());
    out.push('', chalk.bold('Weekday × hour (mean rate; darker is higher, · no posts)'), ...slotGrid(report));
    const rankedBy = report.ranking.by === 'rate' ? 'engagement rate' : 'engagements (no follower counts)';
    out.push('', chalk.bold(`Top posts by ${rankedBy}`), postTable(report.ranking.top, width).trimEnd());
    out.push('', chalk.bold('Bottom posts'), postTable(report.ranking.bottom, width).trimEnd());
  }

  out.push('', chalk.bold(`Best times to post (mean rate, 95 % t-interval; a slot needs ${options.minPosts} posts)`));
  if (report.bestTimes.length === 0) out.push('  not enough data: no posts with a follower count yet');
  for (const a of report.bestTimes) {
    if (a.slots.length === 0) {
      out.push(`  ${a.account}: not enough data (${plural(a.posts, 'post')} with a rate; no weekday × hour slot has ${options.minPosts})`);
      continue;
    }
    for (const s of a.slots) {
      out.push(`  ${a.account}: ${weekdayName(s.weekday)} ${String(s.hour).padStart(2, '0')}:00  ${rate(s.rate)}  (${rate(s.low)} – ${rate(s.high)}, n = ${s.n})`);
    }
  }

  const d = report.dropOff;
  if (d.threadAverage.length > 1) {
    out.push('', chalk.bold(`Thread drop-off (engagements relative to the first post, mean of ${d.threads.length} threads)`));
    for (const p of d.threadAverage) out.push(`  ${(p.item === 0 ? 'post' : `reply ${p.item}`).padEnd(8)} ${percent(p.relative).padStart(6)}  ${bar(p.relative, 1)}`);
  }
  if (d.campaigns.length) {
    out.push('', chalk.bold('Campaign drop-off (each post against the campaign\'s first on that account)'));
    for (const s of d.campaigns) out.push(`  ${s.of} on ${s.account}: ${s.points.map((p) => `${p.item} ${p.relative === undefined ? '–' : percent(p.relative)}`).join(' → ')}`);
  }

  if (report.web.byCampaign.length) {
    out.push('', chalk.bold('Web analytics by campaign (metrics import)'));
    out.push(renderTable(['utm_campaign', 'sessions', 'conversions'], report.web.byCampaign.map((w) => [w.key, count(w.sessions), count(w.conversions)]), width).trimEnd());
    if (report.web.byPost.length) {
      out.push('', chalk.bold('Web analytics by post (utm_content)'));
      out.push(renderTable(['post', 'sessions', 'conversions'], report.web.byPost.map((w) => [w.key, count(w.sessions), count(w.conversions)]), width).trimEnd());
    }
  }
  return out.join('\n') + '\n';
}

function day(iso: string | undefined): string | undefined {
  return iso?.slice(0, 10);
}

function scorecardLines(card: Scorecard, width: number): string[] {
  const dates = card.starts || card.ends ? ` · ${card.starts ?? '…'} → ${card.ends ?? '…'}` : '';
  const elapsed = card.elapsed !== undefined ? ` · ${percent(card.elapsed)} of its time passed` : '';
  const lines = [chalk.bold(`Campaign ${card.name} (${card.campaign})${dates}${elapsed}`)];
  if (card.objective) lines.push(`  ${card.objective}`);
  lines.push(
    `  ${count(card.posts)} posts · ${count(card.engagements)} engagements · rate ${rate(card.rate)}` +
      (card.sessions !== undefined ? ` · ${count(card.sessions)} sessions` : '') +
      (card.conversions !== undefined ? ` · ${count(card.conversions)} conversions` : ''),
  );
  if (card.kpis.length) {
    const rows = card.kpis.map((k) => [k.name, kpiValue(k, k.target), kpiValue(k, k.actual), k.expected !== undefined ? kpiValue(k, k.expected) : '', paceWords(k)]);
    lines.push(indent(renderTable(['KPI', 'target', 'actual', 'expected by now', 'pace'], rows, width - 2)));
  }
  const b = card.budget;
  if (b) {
    lines.push(`  spend ${money(b.spend, b.currency)} · cost per engagement ${money(b.costPerEngagement, b.currency)}`);
    for (const boost of b.boosts) {
      lines.push(`  boost ${boost.post}${boost.account ? ` on ${boost.account}` : ''}: ${money(boost.amount, b.currency)}, ${count(boost.engagements)} engagements, ${money(boost.costPerEngagement, b.currency)} each`);
    }
  }
  return lines;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function groupTable(groups: GroupStats[], dimension: Dimension, width: number): string {
  const byRate = groups.some((g) => g.rate !== undefined);
  const max = Math.max(0, ...groups.map((g) => (byRate ? (g.rate ?? 0) : g.engagements)));
  const rows = groups.map((g) => [g.key, count(g.posts), count(g.engagements), count(g.impressions), rate(g.rate), bar(byRate ? (g.rate ?? 0) : g.engagements, max)]);
  return renderTable([dimension, 'posts', 'engagements', 'impressions', 'rate', ''], rows, width);
}

const SHADES = ['░', '▒', '▓', '█'];

function slotGrid(report: Report): string[] {
  const max = Math.max(0, ...report.slots.map((s) => s.rate ?? 0));
  const cell = new Map(report.slots.map((s) => [s.weekday * 24 + s.hour, s]));
  const lines = ['       ' + Array.from({ length: 24 }, (_, h) => (h % 3 === 0 ? String(h).padEnd(3) : '')).join('')];
  for (let w = 1; w <= 7; w++) {
    let row = '';
    for (let h = 0; h < 24; h++) {
      const s = cell.get(w * 24 + h);
      if (!s) row += '·';
      else if (s.rate === undefined || max === 0) row += SHADES[0];
      else row += SHADES[Math.min(SHADES.length - 1, Math.floor((s.rate / max) * SHADES.length))];
    }
    lines.push(`  ${weekdayName(w)}  ${row}`);
  }
  return lines;
}

function postTable(lines: Report['ranking']['top'], width: number): string {
  if (lines.length === 0) return '  (none)';
  return renderTable(
    ['published', 'account', 'post', 'engagements', 'rate', 'link'],
    lines.map((l) => [l.local, l.account, l.post, count(l.engagements), rate(l.rate), l.url ?? '']),
    width,
  );
}
