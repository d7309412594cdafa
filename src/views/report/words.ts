// Numbers and phrases every report view shares (terminal, Markdown, HTML).
import type { KpiResult } from '../../report/scorecard.js';

/** 0.184 → "18 %" */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** An engagement rate: 0.0241 → "2.41 %"; undefined → "–". */
export function rate(value: number | undefined): string {
  return value === undefined ? '–' : `${(value * 100).toFixed(2)} %`;
}

export function count(value: number | undefined): string {
  return value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
}

export function money(value: number | undefined, currency?: string): string {
  if (value === undefined) return '–';
  return `${value.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

/** A KPI's value in its own terms: rates as percentages, counts as whole numbers. */
export function kpiValue(kpi: Pick<KpiResult, 'metric'>, value: number | undefined): string {
  return kpi.metric === 'engagement-rate' ? rate(value) : count(value);
}

/** "on track", "behind by 18 %", "missed by 5 %", "not measured (no metric)". */
export function paceWords(kpi: KpiResult): string {
  const short = kpi.short !== undefined ? percent(kpi.short) : '';
  switch (kpi.status) {
    case 'behind':
      return `behind by ${short}`;
    case 'missed':
      return `missed by ${short}`;
    case 'below':
      return `below target by ${short}`;
    case 'no dates':
      return `${short} short (no dates for a pace)`;
    case 'not measured':
      return kpi.metric ? 'no data yet' : 'not measured (no metric)';
    default:
      return kpi.status;
  }
}

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of up to `width` columns for value/max, in eighths; readable without colour. */
export function bar(value: number, max: number, width = 20): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + BLOCKS[eighths % 8];
}
