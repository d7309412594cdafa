import { didYouMean } from '../calendar/problems.js';
import { inferDateOrder, parseSheetDate, type SheetDate } from './dates.js';
import { accountFor, splitList, type ReadOptions, type RowError, type SheetDraft, type SheetRead } from './draft.js';
import type { Sheet, SheetRow } from './sheet.js';

// Sheets in the bulk-upload shapes of Hootsuite (headerless: date, message, link) and of
// Buffer and Later (named columns, read through the aliases below). The aliases are what
// several public accounts of those tools describe; they are NOT checked against Buffer's or
// Later's own documentation (docs/import.md says so).

export type Field = 'text' | 'date' | 'time' | 'link' | 'media' | 'alt' | 'tags' | 'channels' | 'id' | 'campaign' | 'pillar' | 'status' | 'notes' | 'timezone';

/** Header (lower case, runs of space, `_` and `-` as one space) → field. */
export const COLUMN_ALIASES: Record<string, Field> = {
  text: 'text',
  message: 'text',
  caption: 'text',
  content: 'text',
  date: 'date',
  'scheduled at': 'date',
  'posting time': 'date',
  'date time': 'date',
  time: 'time',
  link: 'link',
  url: 'link',
  'image url': 'media',
  'image urls': 'media',
  'media url': 'media',
  'media urls': 'media',
  media: 'media',
  alt: 'alt',
  'alt text': 'alt',
  tags: 'tags',
  labels: 'tags',
  channel: 'channels',
  channels: 'channels',
  profile: 'channels',
  profiles: 'channels',
  account: 'channels',
  accounts: 'channels',
  id: 'id',
  campaign: 'campaign',
  pillar: 'pillar',
  status: 'status',
  notes: 'notes',
  timezone: 'timezone',
};

export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** Headerless when the first cell of the first row already reads as a date (Hootsuite's shape). */
export function isHeaderless(sheet: Sheet): boolean {
  const first = sheet.rows[0]?.cells[0] ?? '';
  const parsed = parseSheetDate(first, 'dmy');
  return parsed.ok || (!parsed.ok && parsed.reason !== 'format');
}

export function readColumns(sheet: Sheet, opts: ReadOptions): SheetRead {
  const headerless = isHeaderless(sheet);
  const errors: RowError[] = [];
  let fields: (Field | undefined)[];
  let names: string[];
  let body: SheetRow[];
  if (headerless) {
    names = ['date', 'message', 'link'];
    fields = ['date', 'text', 'link'];
    body = sheet.rows;
  } else {
    const [header, ...rest] = sheet.rows;
    body = rest;
    names = header.cells;
    fields = header.cells.map((cell) => COLUMN_ALIASES[normaliseHeader(cell)]);
    const seen = new Map<Field, string>();
    header.cells.forEach((cell, i) => {
      const field = fields[i];
      if (!field) {
        const joined = /[,;\t|]/.test(cell);
        const suggestion = joined ? undefined : headerSuggestion(normaliseHeader(cell));
        errors.push({
          row: header.row,
          column: cell,
          message: `unknown column "${cell}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          hint: joined
            ? `this looks like several column names in one: the sheet's separator is not "${sheet.delimiter === '\t' ? 'tab' : sheet.delimiter}"; export it again as CSV with , or ;`
            : 'rename it to one of the columns in docs/import.md, or delete the column',
        });
      } else if (seen.has(field)) {
        errors.push({ row: header.row, column: cell, message: `column "${cell}" means the same as "${seen.get(field)}"`, hint: 'keep one of them' });
      } else seen.set(field, cell);
    });
    // A lone `time` column holds the whole date and time.
    if (!seen.has('date') && seen.has('time')) fields = fields.map((f) => (f === 'time' ? 'date' : f));
    for (const required of ['text', 'date'] as const) {
      if (!fields.includes(required)) {
        errors.push({ row: header.row, message: `no ${required} column`, hint: required === 'text' ? 'name the post text column text, message, caption or content' : 'name the time column date, scheduled_at or posting time' });
      }
    }
    if (errors.length) return { shape: 'columns', drafts: [], errors };
  }
  const column = (field: Field) => names[fields.indexOf(field)];
  const cell = (row: SheetRow, field: Field) => {
    const i = fields.indexOf(field);
    return i < 0 ? '' : (row.cells[i] ?? '');
  };

  const dateCells = body.map((r) => cell(r, 'date'));
  const inferred = inferDateOrder(dateCells);
  let order = opts.dateOrder;
  if (!order && inferred === 'mixed') {
    errors.push({ row: body[0]?.row ?? 1, column: column('date'), message: 'some dates can only be day/month and others only month/day', hint: 'make the sheet consistent, then give --date-order dmy or mdy' });
    return { shape: headerless ? 'hootsuite' : 'columns', drafts: [], errors };
  }
  if (!order && (inferred === 'dmy' || inferred === 'mdy')) order = inferred;

  const drafts: SheetDraft[] = [];
  for (const row of body) {
    const columns: Record<string, string> = {};
    const data: Record<string, unknown> = {};
    const rowErrors: RowError[] = [];
    const dateCell = [cell(row, 'date'), cell(row, 'time')].filter(Boolean).join(' ');
    const parsed = dateCell ? parseSheetDate(dateCell, order) : ({ ok: false, reason: 'format' } as SheetDate);
    if (!parsed.ok) rowErrors.push(dateError(row.row, column('date'), dateCell, parsed, inferred));
    else data.at = parsed.wall;
    columns.at = column('date');
    const zone = cell(row, 'timezone') || opts.zone;
    if (zone !== opts.calendarZone) {
      data.timezone = zone;
      columns.timezone = column('timezone') ?? 'date';
    }

    const channelCell = cell(row, 'channels');
    const channels = channelCell ? splitList(channelCell).map((c) => accountFor(c, opts.accounts)) : opts.channels;
    if (!channels?.length) {
      rowErrors.push({ row: row.row, column: column('channels'), message: 'no channel for this row', hint: 'fill the channel column, or give --channels <accounts> for rows without one' });
    } else data.channels = channels;
    columns.channels = column('channels') ?? '--channels';

    for (const field of ['campaign', 'pillar'] as const) {
      const value = cell(row, field);
      if (value) {
        data[field] = value;
        columns[field] = column(field);
      }
    }
    const tags = splitList(cell(row, 'tags'));
    if (tags.length) {
      data.tags = tags;
      columns.tags = column('tags');
    }

    let text = cell(row, 'text');
    const link = cell(row, 'link');
    if (link && !text.includes(link)) text = text ? `${text} ${link}` : link;
    if (!text) rowErrors.push({ row: row.row, column: column('text'), message: 'the text is empty', hint: 'every post needs text' });
    data.text = text;
    columns.text = column('text');

    const { media, urls } = mediaCells(cell(row, 'media'), cell(row, 'alt'));
    if (media.length) {
      data.media = media;
      columns.media = column('media');
    }
    data.status = cell(row, 'status') || opts.status;
    columns.status = column('status') ?? '--status';
    const notes = [cell(row, 'notes'), urls.length ? `Media from the sheet (download into media/ and list it under media:):\n${urls.map((u) => `- ${u}`).join('\n')}` : '']
      .filter(Boolean)
      .join('\n\n');
    if (notes) {
      data.notes = notes;
      columns.notes = column('notes') ?? column('media');
    }
    const id = cell(row, 'id') || undefined;
    if (id) columns.id = column('id');
    if (rowErrors.length) errors.push(...rowErrors);
    else drafts.push({ id, rows: [row.row], data, columns });
  }
  return { shape: headerless ? 'hootsuite' : 'columns', drafts, errors };
}

/** The alias a misspelt header meant: close by edit distance, or the same letters with two swapped (`txet`). */
function headerSuggestion(header: string): string | undefined {
  const aliases = Object.keys(COLUMN_ALIASES);
  const close = didYouMean(header, aliases);
  if (close) return close;
  return aliases.find((alias) => {
    if (alias.length !== header.length) return false;
    const differ = [...alias].flatMap((ch, i) => (ch === header[i] ? [] : [i]));
    return differ.length === 2 && alias[differ[0]] === header[differ[1]] && alias[differ[1]] === header[differ[0]];
  });
}

/** Repository paths become media; web addresses are kept in notes (import never downloads). */
function mediaCells(mediaCell: string, altCell: string): { media: { file: string; alt?: string }[]; urls: string[] } {
  const values = splitList(mediaCell);
  const alts = altCell ? altCell.split('|').map((a) => a.trim()) : [];
  const media: { file: string; alt?: string }[] = [];
  const urls: string[] = [];
  values.forEach((value, i) => {
    if (/^https?:\/\//i.test(value)) urls.push(value);
    else media.push(alts[i] ? { file: value, alt: alts[i] } : { file: value });
  });
  return { media, urls };
}

function dateError(row: number, column: string | undefined, cell: string, parsed: Extract<SheetDate, { ok: false }>, inferred: ReturnType<typeof inferDateOrder>): RowError {
  const where = { row, column: column ?? 'date' };
  if (!cell) return { ...where, message: 'no date', hint: 'every row needs a date and time, e.g. 2027-01-20 10:00' };
  switch (parsed.reason) {
    case 'no-time':
      return { ...where, message: `"${cell}" has no time of day`, hint: 'add the time, e.g. 2027-01-20 10:00' };
    case 'ambiguous':
      return {
        ...where,
        message: `"${cell}" could be day/month or month/day`,
        hint: inferred === 'ambiguous' ? 'say which with --date-order dmy (20/01/2027) or --date-order mdy (01/20/2027)' : 'give --date-order dmy or mdy',
      };
    case 'order':
      return { ...where, message: `"${cell}" is not a date in ${parsed.detail === 'dmy' ? 'day/month/year' : 'month/day/year'} order`, hint: `is the sheet in the other order? try --date-order ${parsed.detail === 'dmy' ? 'mdy' : 'dmy'}` };
    default:
      return { ...where, message: `"${cell}" is not a date and time`, hint: 'write 2027-01-20 10:00, 20/01/2027 10:00 (with --date-order), or an Excel date' };
  }
}
