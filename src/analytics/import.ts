// Reads a web-analytics export keyed by UTM into WebRows. Two shapes (docs/report.md):
// - GA4: a report or exploration exported as CSV, with its `# Start date: YYYYMMDD` /
//   `# End date:` comment lines, a "Session campaign" column and "Sessions"; optional
//   "Date", "Session source", "Session medium" (or "Session source / medium"),
//   "Session manual ad content" and "Key events" (or "Conversions").
// - Plausible: the site export's imported_sources CSV: date, utm_campaign, visits; optional
//   utm_source, utm_medium, utm_content (visitors and the rest are ignored).
// Rows for the same period and UTM keys are added up (Plausible splits them by referrer).
import { parse } from 'csv-parse/sync';
import { SocialcalError, EXIT } from '../errors.js';
import type { Tool, WebRow } from './web.js';

export interface ImportResult {
  tool: Tool;
  rows: WebRow[];
  /** Rows left out because they carry no campaign: "(not set)", "(direct)", empty. */
  skipped: number;
}

const GA4 = {
  campaign: ['session campaign', 'session campaign name', 'campaign', 'first user campaign'],
  source: ['session source', 'first user source'],
  medium: ['session medium', 'first user medium'],
  sourceMedium: ['session source / medium', 'first user source / medium'],
  content: ['session manual ad content', 'manual ad content', 'first user manual ad content'],
  date: ['date'],
  sessions: ['sessions'],
  conversions: ['key events', 'conversions'],
};

const NO_CAMPAIGN = new Set(['', '(not set)', '(direct)', '(none)', '(organic)', '(referral)', 'grand total', 'total', 'totals']);

export class ImportError extends SocialcalError {
  constructor(message: string, hint: string) {
    super(message, hint, EXIT.usage);
    this.name = 'ImportError';
  }
}

/** `file` names the export in errors (as the user gave it). */
export function importWebAnalytics(text: string, file: string): ImportResult {
  const body = text.replace(/^\uFEFF/, '');
  const comments = body.split(/\r?\n/).filter((l) => l.startsWith('#'));
  const records = parse(body, { comment: '#', comment_no_infix: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  if (records.length === 0) throw new ImportError(`${file}: no rows`, 'export the report again; the file has no header or data');
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const shape = detect(header);
  if (shape.tool === undefined) throw new ImportError(`${file}: ${shape.why}`, shape.hint);
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const rows = new Map<string, WebRow>();
  let skipped = 0;
  const period = ga4Period(comments);

  for (const { record, info } of records.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
    const at = (i: number) => ({ row: info.lines, column: records[0].record[i].trim() });
    const fail = (i: number, what: string, hint: string) => new ImportError(`${file}:row ${at(i).row}, column "${at(i).column}": ${what}`, hint);
    const count = (i: number, optional: boolean) => {
      if (i < 0) return undefined;
      const raw = cell(i);
      if (raw === '' && optional) return undefined;
      // GA4 may write thousands with commas ("1,234").
      if (!/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(raw)) throw fail(i, `"${raw}" is not a count`, 'counts are whole, non-negative numbers; re-export without number formatting');
      return Number(raw.replace(/,/g, ''));
    };

    let row: Omit<WebRow, 'sessions' | 'conversions'>;
    let sessions: number;
    let conversions: number | undefined;
    if (shape.tool === 'ga4') {
      const campaign = cell(col(GA4.campaign));
      if (NO_CAMPAIGN.has(campaign.toLowerCase())) {
        skipped++;
        continue;
      }
      const d = col(GA4.date);
      let from = period?.from;
      let to = period?.to;
      if (d >= 0) {
        const day = isoDay(cell(d));
        if (!day) throw fail(d, `"${cell(d)}" is not a date`, 'GA4 writes dates as YYYYMMDD; re-export the report with the Date dimension unchanged');
        from = to = day;
      }
      if (!from || !to) {
        throw new ImportError(`${file}: no period`, 'keep GA4\'s "# Start date:" and "# End date:" lines at the top of the export, or add the Date dimension');
      }
      const sm = col(GA4.sourceMedium);
      const [smSource, smMedium] = sm >= 0 ? cell(sm).split(' / ') : [];
      const source = cell(col(GA4.source)) || smSource;
      const medium = cell(col(GA4.medium)) || smMedium;
      const content = cell(col(GA4.content));
      row = clean({ from, to, tool: 'ga4', campaign, source, medium, content });
      sessions = count(col(GA4.sessions), false)!;
      conversions = count(col(GA4.conversions), true);
    } else {
      const campaign = cell(header.indexOf('utm_campaign'));
      if (NO_CAMPAIGN.has(campaign.toLowerCase())) {
        skipped++;
        continue;
      }
      const d = header.indexOf('date');
      const day = /^\d{4}-\d{2}-\d{2}$/.test(cell(d)) && isoDay(cell(d).replace(/-/g, '')) ? cell(d) : undefined;
      if (!day) throw fail(d, `"${cell(d)}" is not a date`, 'Plausible writes dates as YYYY-MM-DD; use the CSV as exported');
      row = clean({ from: day, to: day, tool: 'plausible', campaign, source: cell(header.indexOf('utm_source')), medium: cell(header.indexOf('utm_medium')), content: cell(header.indexOf('utm_content')) });
      sessions = count(header.indexOf('visits'), false)!;
    }
    const key = [row.from, row.to, row.campaign, row.source, row.medium, row.content].join('\0');
    const kept = rows.get(key);
    const total = (a?: number, b?: number) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));
    const sum = total(kept?.conversions, conversions);
    rows.set(key, { ...row, sessions: (kept?.sessions ?? 0) + sessions, ...(sum !== undefined ? { conversions: sum } : {}) });
  }
  return { tool: shape.tool, rows: [...rows.values()], skipped };
}

function detect(header: string[]): { tool: Tool; why?: undefined; hint?: undefined } | { tool: undefined; why: string; hint: string } {
  const has = (names: string[]) => header.some((h) => names.includes(h));
  if (has(GA4.sessions) && has(GA4.campaign)) return { tool: 'ga4' };
  if (header.includes('utm_campaign') && header.includes('visits') && header.includes('date')) return { tool: 'plausible' };
  const found = `columns found: ${header.join(', ')}`;
  if (has(GA4.sessions)) return { tool: undefined, why: 'a GA4 export without a campaign column', hint: `add the "Session campaign" dimension to the report before exporting (${found})` };
  if (header.includes('name') && header.includes('visitors')) {
    return { tool: undefined, why: 'a Plausible dashboard breakdown (name, visitors) has no date or UTM keys per row', hint: 'use the site export (Site settings → Imports & exports → Export data) and give its imported_sources CSV' };
  }
  if (header.some((h) => ['text', 'message', 'post text', 'image url', 'posting time'].includes(h))) {
    return { tool: undefined, why: 'this looks like a bulk-upload file of posts, not web analytics', hint: 'posts are imported with `socialcal import`; `metrics import` reads GA4 or Plausible exports' };
  }
  return { tool: undefined, why: 'not a GA4 or Plausible export', hint: `docs/report.md lists the columns each shape needs (${found})` };
}

/** `# Start date: 20270101` and `# End date: 20270131` from a GA4 export's head. */
function ga4Period(comments: string[]): { from: string; to: string } | undefined {
  const find = (label: string) => {
    const line = comments.find((l) => l.toLowerCase().startsWith(`# ${label}:`));
    return line ? isoDay(line.slice(line.indexOf(':') + 1).trim()) : undefined;
  };
  const from = find('start date');
  const to = find('end date');
  return from && to ? { from, to } : undefined;
}

/** YYYYMMDD → YYYY-MM-DD when it is a real day. */
function isoDay(text: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function clean(r: { from: string; to: string; tool: Tool; campaign: string; source?: string; medium?: string; content?: string }): Omit<WebRow, 'sessions' | 'conversions'> {
  return {
    from: r.from,
    to: r.to,
    tool: r.tool,
    campaign: r.campaign,
    ...(r.source ? { source: r.source } : {}),
    ...(r.medium ? { medium: r.medium } : {}),
    ...(r.content ? { content: r.content } : {}),
  };
}
