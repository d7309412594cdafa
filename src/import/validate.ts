import type { CalendarFiles } from '../calendar/files.js';
import { buildCalendar } from '../calendar/load.js';
import type { Problem } from '../calendar/problems.js';
import { runRules } from '../rules/index.js';
import { yamlFile } from '../scaffold/calendar.js';

// Would-be post files checked as `check` checks files on disk — schema, references, times and
// every rule — together with the calendar as it is. Used by `import` and `curate` before writing.

/** Problems (errors and warnings) located in each new file, by path. */
export function newPostProblems(files: CalendarFiles, posts: { path: string; data: Record<string, unknown> }[], now: Date): Map<string, Problem[]> {
  const encoder = new TextEncoder();
  const { calendar, problems } = buildCalendar({
    ...files,
    files: [...files.files, ...posts.map((p) => ({ path: p.path, kind: 'post' as const, bytes: encoder.encode(yamlFile('post', p.path, p.data)) }))],
  });
  const byPath = new Map<string, Problem[]>(posts.map((p) => [p.path, []]));
  for (const problem of [...problems, ...(calendar ? runRules(calendar, { now }) : [])]) byPath.get(problem.file)?.push(problem);
  return byPath;
}
