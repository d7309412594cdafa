// report.html in the `export html` site: the report's numbers as SVG charts drawn here, in
// Node — no script, no external request (the content security policy forbids both), so it
// opens from file:// and on GitHub Pages alike. Kept apart from the calendar page on purpose.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroupStats } from '../../report/group.js';
import { weekdayName } from '../../report/group.js';
import type { Report } from '../../report/report.js';
import type { Scorecard } from '../../report/scorecard.js';
import { escapeHtml } from '../../views/markdown.js';
import { count, kpiValue, paceWords, percent, rate } from '../../views/report/words.js';

export const REPORT_PAGE = 'report.html';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const CSS = `
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #fbfaf7; color: #1d1f24; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #d9d6cf; }
header h1 { font-size: 18px; margin: 0; }
header p, .muted { color: #6b7280; margin: 2px 0 0; }
main { padding: 16px 20px 40px; display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 18px; }
section { background: #fff; border: 1px solid #d9d6cf; border-radius: 10px; padding: 14px 16px; min-width: 0; }
section h2 { font-size: 15px; margin: 0 0 8px; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: #1d1f24; }
svg .label { fill: #6b7280; }
a { color: #3b5bdb; }
`;

const e = escapeHtml;
const attr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

/** Horizontal bars: one per group, labelled, with the value at the end. */
export function barChart(groups: { key: string; value: number; shown: string }[], width = 440): string {
  const row = 22;
  const label = 120;
  const max = Math.max(0, ...groups.map((g) => g.value));
  const inner = width - label - 120;
  const bars = groups.map((g, i) => {
    const w = max > 0 ? Math.max(1, Math.round((g.value / max) * inner)) : 0;
    const y = i * row;
    return (
      `<g class="bar" data-key="${attr(g.key)}"><title>${e(g.key)}: ${e(g.shown)}</title>` +
      `<text x="${label - 6}" y="${y + 15}" text-anchor="end">${e(truncate(g.key, 18))}</text>` +
      `<rect x="${label}" y="${y + 4}" width="${w}" height="${row - 8}" rx="3" fill="#3b5bdb"></rect>` +
      `<text x="${label + w + 6}" y="${y + 15}" class="label">${e(g.shown)}</text></g>`
    );
  });
  return `<svg viewBox="0 0 ${width} ${Math.max(row, groups.length * row)}" role="img">${bars.join('')}</svg>`;
}

/** Weekday × hour: one square per slot with posts, darker for a higher mean rate. */
export function slotHeatmap(report: Report): string {
  const cell = 16;
  const left = 34;
  const top = 16;
  const max = Math.max(0, ...report.slots.map((s) => s.rate ?? 0));
  const hours = Array.from({ length: 8 }, (_, i) => `<text x="${left + i * 3 * cell}" y="11" class="label">${String(i * 3).padStart(2, '0')}</text>`);
  const days = Array.from({ length: 7 }, (_, w) => `<text x="0" y="${top + w * cell + 12}" class="label">${weekdayName(w + 1)}</text>`);
  const grid = Array.from({ length: 7 * 24 }, (_, k) => `<rect x="${left + (k % 24) * cell}" y="${top + Math.floor(k / 24) * cell}" width="${cell - 2}" height="${cell - 2}" fill="#f3f2ee"></rect>`);
  const slots = report.slots.map((s) => {
    const shade = max > 0 && s.rate !== undefined ? 0.15 + 0.85 * (s.rate / max) : 0.15;
    return (
      `<rect class="slot" data-slot="${s.weekday}-${s.hour}" x="${left + s.hour * cell}" y="${top + (s.weekday - 1) * cell}" width="${cell - 2}" height="${cell - 2}" fill="#3b5bdb" fill-opacity="${shade.toFixed(2)}">` +
      `<title>${weekdayName(s.weekday)} ${String(s.hour).padStart(2, '0')}:00 — ${s.posts} posts, mean rate ${rate(s.rate)}</title></rect>`
    );
  });
  return `<svg viewBox="0 0 ${left + 24 * cell} ${top + 7 * cell}" role="img">${hours.join('')}${days.join('')}${grid.join('')}${slots.join('')}</svg>`;
}

/** A KPI as a track: the bar is the actual share of the target, the tick where it should be by now. */
export function kpiChart(card: Scorecard, width = 440): string {
  const row = 34;
  const label = 150;
  const inner = width - label - 10;
  const rows = card.kpis.map((k, i) => {
    const y = i * row;
    const share = k.actual !== undefined && k.target > 0 ? Math.min(1, k.actual / k.target) : 0;
    const colour = k.status === 'met' || k.status === 'on track' ? '#2f9e44' : k.status === 'behind' || k.status === 'below' ? '#f08c00' : k.status === 'missed' ? '#e03131' : '#adb5bd';
    const tick = k.expected !== undefined && k.target > 0 ? `<line class="expected" x1="${label + Math.round((k.expected / k.target) * inner)}" x2="${label + Math.round((k.expected / k.target) * inner)}" y1="${y + 2}" y2="${y + 20}" stroke="#1d1f24" stroke-width="2"></line>` : '';
    return (
      `<g class="kpi" data-status="${attr(k.status)}"><title>${e(k.name)}: ${e(kpiValue(k, k.actual))} of ${e(kpiValue(k, k.target))} — ${e(paceWords(k))}</title>` +
      `<text x="0" y="${y + 15}">${e(truncate(k.name, 22))}</text>` +
      `<rect x="${label}" y="${y + 5}" width="${inner}" height="12" rx="3" fill="#f3f2ee"></rect>` +
      `<rect x="${label}" y="${y + 5}" width="${Math.round(share * inner)}" height="12" rx="3" fill="${colour}"></rect>${tick}` +
      `<text x="${label}" y="${y + 30}" class="label">${e(kpiValue(k, k.actual))} / ${e(kpiValue(k, k.target))} · ${e(paceWords(k))}</text></g>`
    );
  });
  return `<svg viewBox="0 0 ${width} ${Math.max(row, card.kpis.length * row)}" role="img">${rows.join('')}</svg>`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function groupBars(groups: GroupStats[]): string {
  const byRate = groups.some((g) => g.rate !== undefined);
  return barChart(groups.map((g) => ({ key: g.key, value: byRate ? (g.rate ?? 0) : g.engagements, shown: byRate ? `${rate(g.rate)} · ${count(g.engagements)}` : count(g.engagements) })));
}

export function renderReportPage(report: Report, title: string): string {
  const sections: string[] = [];
  for (const card of report.scorecards) {
    if (card.kpis.length === 0) continue;
    const elapsed = card.elapsed !== undefined ? `${percent(card.elapsed)} of its time passed · ` : '';
    sections.push(
      `<section class="scorecard" data-campaign="${attr(card.campaign)}"><h2>${e(card.name)}</h2><p class="muted">${elapsed}${count(card.posts)} posts · ${count(card.engagements)} engagements · rate ${rate(card.rate)}</p>${kpiChart(card)}</section>`,
    );
  }
  for (const [dimension, name] of [['campaign', 'Campaigns'], ['account', 'Accounts'], ['format', 'Formats'], ['pillar', 'Pillars'], ['tag', 'Tags']] as const) {
    if (report.breakdowns[dimension].length) sections.push(`<section class="breakdown" data-by="${dimension}"><h2>${name}</h2>${groupBars(report.breakdowns[dimension])}</section>`);
  }
  if (report.slots.length) sections.push(`<section class="slots"><h2>Weekday × hour (mean engagement rate)</h2>${slotHeatmap(report)}</section>`);
  if (report.dropOff.threadAverage.length > 1) {
    sections.push(
      `<section class="drop-off"><h2>Thread drop-off (relative to the first post)</h2>${barChart(report.dropOff.threadAverage.map((p) => ({ key: p.item === 0 ? 'post' : `reply ${p.item}`, value: p.relative, shown: percent(p.relative) })))}</section>`,
    );
  }
  if (report.ranking.top.length) {
    const items = report.ranking.top.map((l) => {
      const link = l.url && /^https:\/\//.test(l.url) ? `<a href="${attr(l.url)}" rel="noopener noreferrer">${e(l.post)}</a>` : e(l.post);
      return `<li>${link} on ${e(l.account)} — ${count(l.engagements)} engagements, ${rate(l.rate)}</li>`;
    });
    sections.push(`<section class="top"><h2>Top posts</h2><ol>${items.join('')}</ol></section>`);
  }
  const t = report.totals;
  const summary = t.posts ? `${count(t.posts)} posts · ${count(t.engagements)} engagements · mean rate ${rate(t.rate)}` : 'No measured posts yet.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)} — report</title><style>${CSS}</style></head>
<body><header><h1>${e(title)} — report</h1><p>${summary} (${e(report.timezone)}, ${e(report.age)} snapshots, as of ${e(report.now.slice(0, 10))}) · <a href="index.html">calendar</a></p></header>
<main>${sections.join('\n')}</main></body></html>
`;
}

export function writeReportPage(dir: string, report: Report, title: string): string {
  writeFileSync(join(dir, REPORT_PAGE), renderReportPage(report, title));
  return REPORT_PAGE;
}
