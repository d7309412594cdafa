import { CLIENT_JS } from './client.js';
import { scriptJson, type SplitSite } from './data.js';

// The site's single page: markup, inline style and script, and the data but the posts, which come
// a month at a time from the site's own data/*.js files. Nothing is loaded from elsewhere, and
// the content security policy forbids it, so the page works offline, from file:// and on GitHub
// Pages alike.

const CSP = "default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline' 'self' file:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { --bg: #fbfaf7; --fg: #1d1f24; --muted: #6b7280; --line: #d9d6cf; --accent: #3b5bdb; --blackout: #fde2e1; --frozen: #e0f2fe; --gap: #fff4c2; --today: #3b5bdb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
header h1 { font-size: 18px; margin: 0 12px 0 0; }
header .period { font-weight: 600; min-width: 140px; text-align: center; }
button, select { font: inherit; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
main { padding: 16px 20px 40px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); margin: 0 0 12px; font-size: 12px; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.swatch { width: 12px; height: 12px; border-radius: 3px; display: inline-block; border: 1px solid var(--line); }
.dot { min-width: 14px; height: 14px; padding: 0 2px; border-radius: 7px; display: inline-flex; align-items: center; justify-content: center; flex: none; color: #fff; font-size: 9px; font-weight: 700; line-height: 1; text-shadow: 0 0 2px rgba(0, 0, 0, 0.6); }
table.month { width: 100%; border-collapse: collapse; table-layout: fixed; background: #fff; }
table.month th { font-weight: 600; color: var(--muted); padding: 6px; border: 1px solid var(--line); }
table.month td { vertical-align: top; height: 118px; padding: 4px; border: 1px solid var(--line); overflow: hidden; }
td.other { background: #f3f2ee; color: #a3a3a3; }
td.blackout { background: repeating-linear-gradient(135deg, var(--blackout), var(--blackout) 6px, #fff 6px, #fff 12px); }
td.frozen { background: var(--frozen); }
td.gap { box-shadow: inset 0 0 0 3px var(--gap); }
td.today .num { background: var(--today); color: #fff; border-radius: 10px; padding: 0 6px; }
.num { font-weight: 600; font-size: 12px; }
.flags { float: right; font-size: 12px; }
.milestone { display: block; font-size: 12px; color: #7c3aed; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.blackoutname { display: block; font-size: 11px; color: #9f1239; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.gapnote { display: block; font-size: 11px; color: #92400e; }
.post { display: flex; gap: 4px; align-items: center; width: 100%; text-align: left; border: 0; background: transparent; padding: 1px 2px; font-size: 12px; border-radius: 4px; }
.post:hover { background: #eef2ff; }
.post .t { color: var(--muted); font-variant-numeric: tabular-nums; }
.post .s { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.post.draft .s { font-style: italic; color: var(--muted); }
.more { font-size: 11px; color: var(--muted); }
table.list { width: 100%; border-collapse: collapse; background: #fff; }
table.list td, table.list th { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
#detail { position: fixed; inset: 0; background: rgba(20, 20, 30, 0.45); display: none; z-index: 5; overflow: auto; }
#detail.open { display: block; }
#detail .sheet { background: #fff; max-width: 880px; margin: 40px auto; padding: 20px 24px; border-radius: 10px; }
.meta { color: var(--muted); margin: 2px 0 12px; }
.previews { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px; background: #fcfcfd; min-width: 0; overflow-wrap: anywhere; }
.card h3 { margin: 0 0 6px; font-size: 14px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; min-width: 0; }
.card h3 .len, .card .url, figcaption { overflow-wrap: anywhere; min-width: 0; }
.card .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.card .thread { border-left: 3px solid var(--line); padding-left: 8px; margin-top: 8px; }
.len { font-size: 12px; color: var(--muted); }
.len.over { color: #b91c1c; font-weight: 600; }
figure { margin: 8px 0 0; }
figure img { max-width: 100%; border-radius: 6px; border: 1px solid var(--line); }
figcaption { font-size: 12px; color: var(--muted); }
.state { font-size: 12px; margin-top: 8px; }
.findings li.error { color: #b91c1c; }
.findings li.warning { color: #92400e; }
.empty { color: var(--muted); padding: 20px 0; }
/* A phone: the list becomes an agenda of cards, the detail sheet fills the screen. */
@media (max-width: 600px) {
  header { padding: 8px 10px; gap: 6px; }
  header h1 { font-size: 16px; flex-basis: 100%; }
  header .period { min-width: 0; }
  main { padding: 10px; }
  table.list thead { display: none; }
  table.list, table.list tbody, table.list tr, table.list td { display: block; width: 100%; }
  table.list tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.list td { border: 0; padding: 2px 4px; overflow-wrap: anywhere; }
  table.list td.when { font-weight: 600; }
  table.list .post { white-space: normal; }
  table.list .post .s { white-space: normal; }
  #detail .sheet { margin: 0; border-radius: 0; padding: 14px; min-height: 100%; }
  .previews { grid-template-columns: minmax(0, 1fr); }
}
`;

/** `reportLink`: the site has report.html (export html writes it when there is a metrics history). */
export function renderPage(data: SplitSite['index'], opts: { reportLink?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(data.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(data.title)}</h1>
  <button id="prev" type="button" aria-label="previous month">‹</button>
  <span class="period" id="period"></span>
  <button id="next" type="button" aria-label="next month">›</button>
  <button id="show-month" type="button">Month</button>
  <button id="show-list" type="button">List</button>
  <label>Campaign <select id="campaign"><option value="">all campaigns</option></select></label>
  <span class="meta" id="zone"></span>${opts.reportLink ? '\n  <a href="report.html">Report</a>' : ''}
</header>
<main id="main"></main>
<div id="detail" role="dialog" aria-modal="true"><div class="sheet" id="detail-body"></div></div>
<script type="application/json" id="socialcal-data">${scriptJson(data)}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
