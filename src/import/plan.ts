import type { CalendarFiles } from '../calendar/files.js';
import type { Calendar } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { parseWallTime } from '../calendar/time.js';
import { slugify } from '../commands/new.js';
import { freePostId, postFileRefusal, postPath } from '../scaffold/post-file.js';
import { readColumns } from './columns.js';
import type { ImportShape, ReadOptions, RowError, SheetDraft } from './draft.js';
import { isOwnShape, readOwnShape } from './own-shape.js';
import type { Sheet } from './sheet.js';
import { newPostProblems } from './validate.js';

// Sheet → the post files it would create, each validated exactly as `check` validates a file
// written by hand (schema, references, times, rules), with every problem pointed back to its
// row and column. Decides only; the command writes.

export interface ImportedPost {
  id: string;
  path: string;
  rows: number[];
  data: Record<string, unknown>;
}

export interface ImportPlan {
  file: string;
  shape: ImportShape;
  /** Posts whose rows are valid (written unless other rows are invalid and --skip-invalid is not given). */
  posts: ImportedPost[];
  /** Problems that stop a row (or the whole sheet, for header problems). */
  errors: RowError[];
  /** Rule warnings on valid rows: written anyway, shown. */
  warnings: RowError[];
  /** Rows that cannot be imported. */
  invalidRows: number[];
}

export interface PlanOptions extends Omit<ReadOptions, 'accounts' | 'calendarZone'> {
  now: Date;
}

export function planImport(sheet: Sheet, calendar: Calendar, files: CalendarFiles, opts: PlanOptions): ImportPlan {
  const readOpts = { ...opts, accounts: calendar.config.accounts, calendarZone: calendar.config.timezone };
  const read = isOwnShape(sheet) ? readOwnShape(sheet, { ...readOpts, campaigns: calendar.campaigns }) : readColumns(sheet, readOpts);
  const errors = [...read.errors];
  const headerBroken = errors.some((e) => e.row === sheet.rows[0]?.row && read.shape !== 'hootsuite');

  const taken = new Set(calendar.postsById.keys());
  const candidates: (ImportedPost & { draft: SheetDraft })[] = [];
  for (const draft of headerBroken ? [] : read.drafts) {
    const placed = place(draft, calendar, taken);
    if ('error' in placed) errors.push(placed.error);
    else candidates.push({ ...placed, draft });
  }

  const problems = newPostProblems(files, candidates, opts.now);
  const warnings: RowError[] = [];
  const bad = new Set<string>();
  for (const candidate of candidates) {
    for (const problem of problems.get(candidate.path) ?? []) {
      const located = locate(problem, candidate.draft);
      if (problem.severity === 'error') {
        errors.push(located);
        bad.add(candidate.path);
      } else warnings.push(located);
    }
  }
  const posts = candidates.filter((c) => !bad.has(c.path)).map(({ id, path, rows, data }) => ({ id, path, rows, data }));
  const invalidRows = [...new Set(errors.map((e) => e.row))].sort((a, b) => a - b);
  return { file: sheet.file, shape: read.shape, posts, errors: sortErrors(errors), warnings: sortErrors(warnings), invalidRows };
}

/**
 * The post's id and file. An id from the sheet must be new; an id made from the text gets
 * `-2`, `-3`, … until neither a post nor a file has it (so the same sheet gives the same ids).
 */
function place(draft: SheetDraft, calendar: Calendar, taken: Set<string>): ImportedPost | { error: RowError } {
  const zone = (draft.data.timezone as string | undefined) ?? calendar.config.timezone;
  const time = typeof draft.data.at === 'string' ? parseWallTime(draft.data.at, zone) : undefined;
  const instant = time?.ok ? time.instant : undefined;
  const pathFor = (id: string) => (instant ? postPath(id, instant, zone) : `posts/imported/${id}.yaml`);
  const row = draft.rows[0];
  if (draft.id !== undefined) {
    const existing = calendar.postsById.get(draft.id);
    const refusal = postFileRefusal(calendar.root, pathFor(draft.id));
    if (existing || taken.has(draft.id) || refusal) {
      return {
        error: {
          row,
          column: draft.columns.id,
          message: existing ? `a post with id "${draft.id}" exists: ${existing.file}` : refusal?.reason === 'outside' ? refusal.message : `id "${draft.id}" is used twice in this import${refusal ? ` (or ${pathFor(draft.id)} exists)` : ''}`,
          hint: 'import never overwrites a post: change the id in the sheet, or remove the existing post first',
        },
      };
    }
    taken.add(draft.id);
    return { id: draft.id, path: pathFor(draft.id), rows: draft.rows, data: draft.data };
  }
  const found = freePostId(calendar.root, slugify(String(draft.data.text ?? '')), taken, pathFor);
  if ('refusal' in found) return { error: { row, message: found.refusal, hint: 'import writes only inside the calendar; replace the symlinked folder with a real one' } };
  return { id: found.id, path: pathFor(found.id), rows: draft.rows, data: draft.data };
}

/** A problem in a would-be file → the sheet row and column it came from. */
function locate(problem: Problem, draft: SheetDraft): RowError {
  const [root, key] = problem.path.split(/[.[\]]/).filter(Boolean);
  const channels = (draft.data.channels as string[] | undefined) ?? [];
  let row = draft.rows[0];
  if (draft.rows.length > 1) {
    const index = root === 'channels' ? Number(key) : root === 'overrides' ? channels.indexOf(key) : -1;
    if (index >= 0 && draft.rows[index] !== undefined) row = draft.rows[index];
  }
  const column = root ? (draft.columns[root] ?? root) : undefined;
  return { row, column, message: problem.rule ? `${problem.message} (rule ${problem.rule})` : problem.message, hint: problem.hint };
}

function sortErrors(errors: RowError[]): RowError[] {
  return errors.sort((a, b) => a.row - b.row);
}
