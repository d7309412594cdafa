// Web analytics by UTM, as `socialcal metrics import` keeps them: analytics/web.csv in the
// calendar repository, one row per period × tool × UTM keys, sorted, so a new import is a small
// diff a reviewer can read. Kept as a reviewed file rather than on the ledger branch: a person
// imports it from a download (no CI job writes it, so no race to guard against), and it also
// works in a calendar without a ledger, such as examples/calendar.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { SocialcalError, EXIT } from '../errors.js';

export const WEB_FILE = 'analytics/web.csv';
export const TOOLS = ['ga4', 'plausible'] as const;
export type Tool = (typeof TOOLS)[number];

export interface WebRow {
  /** First and last day of the period (YYYY-MM-DD); equal for daily rows. */
  from: string;
  to: string;
  tool: Tool;
  /** utm_campaign */
  campaign: string;
  source?: string;
  medium?: string;
  /** utm_content: a post id when the campaign's utm has `content: '{post}'`. */
  content?: string;
  sessions: number;
  /** Key events (GA4's conversions); Plausible's export has none. */
  conversions?: number;
}

const COLUMNS = ['from', 'to', 'tool', 'utm_campaign', 'utm_source', 'utm_medium', 'utm_content', 'sessions', 'conversions'] as const;

const keyOf = (r: WebRow) => [r.from, r.to, r.tool, r.campaign, r.source ?? '', r.medium ?? '', r.content ?? ''].join('\0');

/** Imported rows replace stored rows with the same period, tool and UTM keys: importing twice changes nothing. */
export function mergeWebRows(stored: readonly WebRow[], imported: readonly WebRow[]): WebRow[] {
  const byKey = new Map<string, WebRow>();
  for (const r of stored) byKey.set(keyOf(r), r);
  for (const r of imported) byKey.set(keyOf(r), r);
  return [...byKey].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
}

export function serializeWebRows(rows: readonly WebRow[]): string {
  return stringify(
    rows.map((r) => [r.from, r.to, r.tool, r.campaign, r.source ?? '', r.medium ?? '', r.content ?? '', r.sessions, r.conversions ?? '']),
    { header: true, columns: [...COLUMNS] },
  );
}

/** Reads analytics/web.csv; `where` names it in errors. */
export function parseWebRows(text: string, where: string): WebRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, info: true }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  return records.map(({ record, info }) => {
    const bad = (column: string) =>
      new SocialcalError(`${where}:row ${info.lines}, column "${column}": "${record[column] ?? ''}" is not valid`, `this file is written by \`socialcal metrics import\`; fix the value or import the export again`, EXIT.usage);
    const number = (column: string, optional = false) => {
      const v = record[column] ?? '';
      if (v === '' && optional) return undefined;
      if (!/^\d+(\.\d+)?$/.test(v)) throw bad(column);
      return Number(v);
    };
    if (!(TOOLS as readonly string[]).includes(record.tool)) throw bad('tool');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(record.from ?? '')) throw bad('from');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(record.to ?? '')) throw bad('to');
    if (!record.utm_campaign) throw bad('utm_campaign');
    const conversions = number('conversions', true);
    return {
      from: record.from,
      to: record.to,
      tool: record.tool as Tool,
      campaign: record.utm_campaign,
      ...(record.utm_source ? { source: record.utm_source } : {}),
      ...(record.utm_medium ? { medium: record.utm_medium } : {}),
      ...(record.utm_content ? { content: record.utm_content } : {}),
      sessions: number('sessions')!,
      ...(conversions !== undefined ? { conversions } : {}),
    };
  });
}
