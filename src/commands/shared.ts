import { loadCalendar, type LoadOptions } from '../calendar/load.js';
import type { ParseCache } from '../calendar/cache.js';
import type { Calendar } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { SocialcalError, EXIT } from '../errors.js';
import { plural } from '../words.js';

// What commands other than `check` share: a calendar that loads, or a clear reason why not.

export interface LoadedCalendar {
  calendar: Calendar;
  problems: Problem[];
  /** With `saveLater`: the parse cache, for the caller to add rule findings to and save. */
  cache?: ParseCache;
}

/** Loads the calendar; without a valid socialcal.yaml there is nothing to show, so that is an error. */
export function requireCalendar(root: string, opts: LoadOptions = {}): LoadedCalendar {
  const { calendar, problems, cache } = loadCalendar(root, opts);
  if (!calendar) {
    cache?.save();
    const first = problems.find((p) => p.file === 'socialcal.yaml') ?? problems[0];
    const where = first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'socialcal.yaml could not be loaded';
    throw new SocialcalError(where, first?.hint ?? 'run `socialcal check` for details', EXIT.usage);
  }
  return { calendar, problems, ...(opts.saveLater && cache ? { cache } : {}) };
}

/** One line to stderr when some files were left out, so listings never silently hide posts. */
export function warnProblems(problems: Problem[]): void {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const files = new Set(errors.map((p) => p.file)).size;
  process.stderr.write(`warning: ${plural(errors.length, 'problem')} in ${plural(files, 'file')}; run \`socialcal check\` (posts with broken files may be missing here)\n`);
}
