// Date cells as spreadsheets write them → wall-time text the loader reads (`YYYY-MM-DD HH:MM`,
// optionally with an offset). Pure; the zone and DST handling stay with the loader (calendar/time.ts).

export type DateOrder = 'dmy' | 'mdy';

export type SheetDate =
  | { ok: true; wall: string }
  | { ok: false; reason: 'format' | 'no-time' | 'order' | 'ambiguous'; detail?: string };

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
// Excel stores dates as days since 1899-12-30; a cell left as a number keeps that form.
const SERIAL = /^\d{4,6}(?:\.\d+)?$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** The two numbers before the year in `a/b/yyyy`, or undefined when the cell is not slashed. */
export function slashedParts(cell: string): [number, number] | undefined {
  const m = SLASHED.exec(cell.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * The day/month order a sheet's slashed dates must have been written in; `ambiguous` when no
 * date tells (every part ≤ 12), `mixed` when some can only be d/m and others only m/d.
 */
export function inferDateOrder(cells: string[]): DateOrder | 'ambiguous' | 'mixed' | undefined {
  let dmy = false;
  let mdy = false;
  let any = false;
  for (const cell of cells) {
    const parts = slashedParts(cell);
    if (!parts) continue;
    any = true;
    if (parts[0] > 12) dmy = true;
    if (parts[1] > 12) mdy = true;
  }
  if (!any) return undefined;
  if (dmy && mdy) return 'mixed';
  return dmy ? 'dmy' : mdy ? 'mdy' : 'ambiguous';
}

export function parseSheetDate(cell: string, order: DateOrder | undefined): SheetDate {
  const text = cell.trim();
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, offset] = iso;
    if (h === undefined) return { ok: false, reason: 'no-time' };
    return { ok: true, wall: `${y}-${pad(+mo)}-${pad(+d)} ${pad(+h)}:${mi}${s && s !== '00' ? `:${s}` : ''}${offset ? normaliseOffset(offset) : ''}` };
  }
  const slashed = SLASHED.exec(text);
  if (slashed) {
    const [, a, b, y, h, mi, s, ampm] = slashed;
    if (h === undefined) return { ok: false, reason: 'no-time' };
    if (!order) return { ok: false, reason: 'ambiguous' };
    const [day, month] = order === 'dmy' ? [+a, +b] : [+b, +a];
    if (month > 12) return { ok: false, reason: 'order', detail: order };
    const hour = to24h(+h, ampm);
    if (hour === undefined) return { ok: false, reason: 'format' };
    return { ok: true, wall: `${y}-${pad(month)}-${pad(day)} ${pad(hour)}:${mi}${s && s !== '00' ? `:${s}` : ''}` };
  }
  if (SERIAL.test(text)) {
    const days = Number(text);
    if (Number.isInteger(days)) return { ok: false, reason: 'no-time' };
    // Round to the minute: Excel's fractions of a day are binary floating point.
    const ms = EXCEL_EPOCH_MS + Math.round((days * DAY_MS) / 60_000) * 60_000;
    const d = new Date(ms);
    return { ok: true, wall: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
  }
  return { ok: false, reason: 'format' };
}

function to24h(hour: number, ampm: string | undefined): number | undefined {
  if (!ampm) return hour;
  if (hour < 1 || hour > 12) return undefined;
  const pm = ampm.toLowerCase() === 'pm';
  return (hour % 12) + (pm ? 12 : 0);
}

function normaliseOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
