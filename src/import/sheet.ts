import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';

// The I/O-free edge of `import csv`: bytes of a spreadsheet export → rows of cells, each with
// the row number a spreadsheet shows (the header is row 1; blank lines count, as they do there).

export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  /** The file as the user named it, for messages. */
  file: string;
  delimiter: ',' | ';' | '\t';
  rows: SheetRow[];
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Reads CSV bytes: UTF-8 with or without BOM, CRLF or LF, `,` `;` or tab separated (detected), quoted multi-line cells. */
export function readSheet(file: string, bytes: Uint8Array): Sheet {
  refuseBinary(file, bytes);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD') && !isUtf8(bytes)) {
    throw new UsageError(`${file}: not UTF-8 text`, 'save the sheet as "CSV UTF-8" (Excel) or re-encode it, e.g. iconv -f latin1 -t utf-8');
  }
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { records: number; empty_lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    const where = e.lines ? `${file}:line ${e.lines}` : file;
    throw new UsageError(`${where}: ${e.message.replace(/^[^:]*:\s*/, '')}`, 'a cell with a line break, a separator or a quote must be in double quotes, with quotes inside doubled ("")');
  }
  const rows = records
    .map(({ record, info }) => ({ row: info.records + info.empty_lines, cells: record.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  return { file, delimiter, rows };
}

// Spreadsheet files are zip (xlsx, ods) or OLE (xls) containers: say what to do instead of parsing noise.
function refuseBinary(file: string, bytes: Uint8Array): void {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (zip || ole) {
    throw new UsageError(
      `${file}: this is a spreadsheet file (${zip ? 'xlsx or ods' : 'xls'}), not CSV`,
      'in your spreadsheet use File → Save As / Download → "CSV UTF-8 (comma delimited)", then import that file',
    );
  }
  if (bytes.subarray(0, 4096).includes(0)) throw new UsageError(`${file}: binary data, not CSV text`, 'export the sheet as CSV (UTF-8)');
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The separator that splits the first line into the most cells (quotes respected); `,` on a tie. */
export function detectDelimiter(text: string): Sheet['delimiter'] {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Sheet['delimiter'] = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}
