import type { ImportResult } from '../commands/import.js';
import type { RowError } from '../import/draft.js';
import { plural } from '../words.js';
import { safeText } from './output.js';

// `import csv` for a terminal: located problems, then what was (or would be) written.

const SHAPES = { socialcal: 'socialcal export', hootsuite: 'Hootsuite bulk CSV (date, message, link)', columns: 'named columns (Buffer/Later style)' } as const;

export function rowErrorLine(file: string, e: RowError, label: string): string {
  const where = `${file}:row ${e.row}${e.column ? `, column "${e.column}"` : ''}`;
  return `${safeText(where)}: ${label}: ${safeText(e.message)}\n${e.hint ? `  hint: ${safeText(e.hint)}\n` : ''}`;
}

export function importText(result: ImportResult): string {
  let out = `Read ${safeText(result.file)} as ${SHAPES[result.shape]}.\n`;
  for (const e of result.errors) out += rowErrorLine(result.file, e, 'error');
  for (const w of result.warnings) out += rowErrorLine(result.file, w, 'warning');
  const list = (paths: string[]) => paths.map((p) => `  ${safeText(p)}\n`).join('');
  if (result.written.length) {
    out += `Created ${plural(result.written.length, 'post file')}:\n${list(result.written)}`;
    if (result.invalidRows.length) out += `Skipped ${plural(result.invalidRows.length, 'row')} with problems: ${result.invalidRows.join(', ')}.\n`;
    out += 'Run `socialcal check`, then commit the new files.\n';
  } else if (result.dryRun) {
    out += `Would create ${plural(result.posts.length, 'post file')} (dry run):\n${list(result.posts.map((p) => p.path))}`;
  } else if (result.errors.length) {
    out += `Nothing written: ${plural(result.invalidRows.length, 'row')} with problems. Fix them, or give --skip-invalid to write the ${plural(result.posts.length, 'valid post')}.\n`;
  } else {
    out += 'No posts in the sheet.\n';
  }
  return out;
}
