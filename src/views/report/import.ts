// What `socialcal metrics import` did.
import { plural } from '../../words.js';

export interface ImportSummary {
  file: string;
  tool: 'ga4' | 'plausible';
  /** Rows read from the export (after adding up rows with the same keys). */
  rows: number;
  /** Rows without a campaign ("(not set)", "(direct)"). */
  skipped: number;
  /** Rows in the stored file afterwards, and how many of them are new. */
  stored: number;
  added: number;
  target: string;
  written: boolean;
  /** utm_campaign values no campaign of the calendar uses: typos, or traffic from elsewhere. */
  unknownCampaigns: { name: string; suggestion?: string }[];
}

const TOOL = { ga4: 'GA4', plausible: 'Plausible' };

export function importText(s: ImportSummary): string {
  const lines = [
    `${s.file}: ${TOOL[s.tool]} export, ${plural(s.rows, 'row')} by UTM` + (s.skipped ? ` (${s.skipped} without a campaign left out)` : ''),
    s.written
      ? `${s.target}: ${plural(s.stored, 'row')}, ${s.added} new; commit it so reports see it.`
      : `dry run: ${s.target} would hold ${plural(s.stored, 'row')}, ${s.added} new.`,
  ];
  for (const u of s.unknownCampaigns) {
    lines.push(`warning: utm_campaign "${u.name}" is no campaign of this calendar${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}; its visits show under web analytics only`);
  }
  return lines.join('\n') + '\n';
}
