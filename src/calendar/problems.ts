import type { FieldPath, Location } from './model.js';

export type ProblemSeverity = 'error' | 'warning';

/** One located finding: from the loader (schema, references, files) or from a rule. */
export interface Problem extends Location {
  /** Field path inside the file, e.g. `media[0].file`; empty for whole-file problems. */
  path: string;
  severity: ProblemSeverity;
  /** Catalogue code for loader problems, message id for rule findings. */
  code: string;
  message: string;
  hint?: string;
  /** Rule id when a compliance rule reported it. */
  rule?: string;
  /** Approver roles a finding asks for (rule approval-required), for `plan` and `approvals`. */
  roles?: string[];
}

type Data = Record<string, string | number>;

interface Entry {
  title: string;
  message: (d: Data) => string;
  hint?: (d: Data) => string;
}

/** Every problem the loader can report: a title, a message and a hint on what to do. */
export const CATALOGUE = {
  'config-missing': {
    title: 'No socialcal.yaml',
    message: () => 'socialcal.yaml not found: this folder is not a calendar repository',
    hint: () => 'run `socialcal init` here, or pass --cwd <dir> pointing at your calendar',
  },
  'file-too-large': {
    title: 'File too large',
    message: (d) => `file is ${d.size} bytes; calendar files may be at most ${d.limit} bytes`,
    hint: () => 'split the content into several posts, or move large text out of the calendar',
  },
  'file-empty': {
    title: 'Empty file',
    message: () => 'file is empty',
    hint: () => 'add the required fields, or delete the file',
  },
  'file-encoding': {
    title: 'Not UTF-8',
    message: () => 'file is not valid UTF-8',
    hint: () => 'save the file as UTF-8 (most editors: "Save with encoding")',
  },
  'file-outside': {
    title: 'Link out of the repository',
    message: (d) => `${d.what} resolves outside the repository (${d.target})`,
    hint: () => 'keep calendar files and media inside the repository; replace the symlink with a real file',
  },
  'file-in-git': {
    title: 'Link into git\'s own files',
    message: (d) => `this file is a symlink into git's own files (${d.target}); they are never read as calendar content`,
    hint: () => 'replace the symlink with a real file; git\'s files can hold credentials and must not be published',
  },
  'file-not-regular': {
    title: 'Not a regular file',
    message: (d) => `this is ${d.type}, not a regular file; it was not read`,
    hint: () => 'replace it with a plain YAML file',
  },
  'yaml-syntax': {
    title: 'YAML syntax error',
    message: (d) => `YAML: ${d.detail}`,
    hint: () => 'check indentation and quoting near this line',
  },
  'yaml-duplicate-key': {
    title: 'Duplicate key',
    message: (d) => `key "${d.key}" appears more than once`,
    hint: () => 'keep one of them; YAML maps cannot repeat a key',
  },
  'yaml-alias-limit': {
    title: 'Too many aliases',
    message: (d) => `YAML aliases expand past the limit of ${d.limit}`,
    hint: () => 'write the values out instead of using many aliases (*name)',
  },
  'yaml-not-map': {
    title: 'Not a map',
    message: (d) => `expected a map of fields at the top of the file, found ${d.found}`,
    hint: () => 'start the file with `field: value` lines',
  },
  'field-unknown': {
    title: 'Unknown field',
    message: (d) => `unknown field "${d.key}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: (d) => (d.suggestion ? `rename it to "${d.suggestion}"` : `remove it; allowed here: ${d.allowed}`),
  },
  'field-required': {
    title: 'Missing field',
    message: (d) => `missing required field "${d.key}"`,
    hint: (d) => `add \`${d.key}: …\``,
  },
  'field-type': {
    title: 'Wrong type',
    message: (d) => `expected ${d.expected}, found ${d.found}`,
    hint: (d) => (d.found === 'number' && d.expected === 'a string' ? 'quote the value to keep it a string' : `write ${d.expected} here`),
  },
  'field-invalid': {
    title: 'Invalid value',
    message: (d) => String(d.detail),
    hint: (d) => (d.hint ? String(d.hint) : 'see docs/format.md for the file format'),
  },
  'time-format': {
    title: 'Unreadable time',
    message: (d) => `"${d.text}" is not a time`,
    hint: () =>
      'write `YYYY-MM-DD HH:MM` (wall time in the zone), optionally with an offset like +01:00; in a campaign, a milestone works too: `launch - 2d`',
  },
  'time-offset': {
    title: 'Offset out of range',
    message: (d) => `"${d.text}": the offset ${d.offset} is not a UTC offset`,
    hint: () => 'offsets run from -12:00 to +14:00 with minutes below 60, e.g. +01:00 or -05:30; or leave the offset out to use the zone',
  },
  'time-range': {
    title: 'Time out of range',
    message: (d) => `"${d.text}" lands outside the years 0001–9999`,
    hint: () => 'check the offset from the milestone: it is written in m, h, d or w, e.g. `launch - 2d`',
  },
  'time-zone': {
    title: 'Unknown time zone',
    message: (d) => `"${d.zone}" is not an IANA time zone` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: () => 'use a name like Europe/Berlin or America/New_York',
  },
  'time-gap': {
    title: 'Time does not exist',
    message: (d) => `${d.text} does not exist in ${d.zone}: the clocks skip it (daylight saving starts)`,
    hint: (d) => `use ${d.suggestion} instead, or another time`,
  },
  'time-ambiguous': {
    title: 'Ambiguous time',
    message: (d) => `${d.text} happens twice in ${d.zone} (daylight saving ends)`,
    hint: (d) => `add the offset to say which: ${d.first} (first) or ${d.second} (second)`,
  },
  'time-milestone': {
    title: 'Unknown milestone',
    message: (d) => `"${d.milestone}" is not a milestone of ${d.campaign ? `campaign "${d.campaign}"` : 'the post\'s campaign'}`,
    hint: (d) => (d.known ? `known milestones: ${d.known}` : 'add it under the campaign\'s `milestones`, or give a date'),
  },
  'ref-account': {
    title: 'Unknown account',
    message: (d) => `unknown account "${d.name}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: (d) => `use one of the accounts in socialcal.yaml: ${d.known}`,
  },
  'ref-campaign': {
    title: 'Unknown campaign',
    message: (d) => `unknown campaign "${d.name}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: () => 'create campaigns/<name>.yaml, or fix the name',
  },
  'ref-pillar': {
    title: 'Unknown pillar',
    message: (d) => `unknown pillar "${d.name}"`,
    hint: (d) => `use one of the config's pillars: ${d.known}`,
  },
  'ref-queue': {
    title: 'Unknown queue',
    message: (d) => `unknown queue "${d.name}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: (d) => (d.known ? `use one of the config's queues: ${d.known}` : 'add the queue and its slots under `queues:` in socialcal.yaml (see docs/planning.md)'),
  },
  'queue-and-at': {
    title: 'Both a time and a queue',
    message: (d) => `the post has a time (${d.at}) and a queue ("${d.queue}"); it can only have one`,
    hint: () => 'remove `queue` to keep the time, or remove `at` to let `socialcal schedule` pick a slot',
  },
  'queue-unnamed': {
    title: 'Which queue?',
    message: () => '`at: next-slot` needs a queue, and socialcal.yaml has no single or `default` queue',
    hint: (d) => (d.known ? `add \`queue: <name>\` with one of: ${d.known}` : 'add a queue and its slots under `queues:` in socialcal.yaml (see docs/planning.md)'),
  },
  'queue-no-slots': {
    title: 'Queue without slots',
    message: (d) => `queue "${d.name}" has no slots, so nothing queued in it can be scheduled`,
    hint: () => 'add a slot: `- { days: [tue, thu], times: ["10:00"] }`',
  },
  'queue-time': {
    title: 'Unreadable slot time',
    message: (d) => `"${d.text}" is not a time of day`,
    hint: () => 'write a 24-hour time `HH:MM`, e.g. "09:30" (quoted)',
  },
  'queue-unplaced': {
    title: 'No slot for a queued post',
    message: (d) => `no slot of queue "${d.queue}" can take this post: ${d.reason}`,
    hint: (d) => String(d.hint),
  },
  'ref-post': {
    title: 'Unknown post',
    message: (d) => `unknown post "${d.name}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: () => 'use the id of a post file (its file name without .yaml, or its `id:`)',
  },
  'boost-account': {
    title: 'Boost on an account the post does not use',
    message: (d) => `post "${d.post}" is not published to "${d.name}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: (d) => `use one of the post's channels: ${d.known}`,
  },
  'kpi-unnamed': {
    title: 'KPI without name or metric',
    message: () => 'this KPI has neither `name` nor `metric`',
    hint: () => 'add `metric:` (what the report counts, e.g. engagements) and optionally `name:` in your words',
  },
  'repeat-invalid': {
    title: 'Unusable repeat',
    message: (d) => String(d.detail),
    hint: (d) => String(d.hint),
  },
  'evergreen-invalid': {
    title: 'Unusable evergreen rotation',
    message: (d) => String(d.detail),
    hint: (d) => String(d.hint),
  },
  'repeat-skips': {
    title: 'Repeat skips months',
    message: (d) => `not every month has ${d.what}: months without one have no occurrence`,
    hint: (d) => String(d.hint),
  },
  'stagger-invalid': {
    title: 'Unusable stagger',
    message: (d) => String(d.detail),
    hint: (d) => String(d.hint),
  },
  'stagger-account': {
    title: 'Stagger for an account the post does not go to',
    message: (d) => `stagger names "${d.name}", which is not one of the post's channels` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: (d) => `use one of the post's channels (${d.known}), or add "${d.name}" to \`channels\``,
  },
  'stagger-single': {
    title: 'Stagger on one channel',
    message: (d) => `the post goes to one channel (${d.channel}) only: there is nothing to stagger`,
    hint: () => 'remove `stagger` and write the time into `at`, or add channels',
  },
  'ref-override': {
    title: 'Override for nothing',
    message: (d) => `override "${d.name}" names neither one of the post's channels nor their platforms`,
    hint: (d) => `use one of: ${d.known}`,
  },
  'id-duplicate': {
    title: 'Duplicate id',
    message: (d) => `${d.kind} id "${d.id}" is also used by ${d.other}`,
    hint: () => 'ids must be unique: rename one file or set a different `id:`',
  },
  'id-invalid': {
    title: 'Invalid id',
    message: (d) => `id "${d.id}" may only contain letters, digits, "-", "_" and "."`,
    hint: () => 'rename the file or set `id:` to a slug like launch-teaser',
  },
  'media-missing': {
    title: 'Media not found',
    message: (d) => `media file "${d.file}" does not exist`,
    hint: () => 'add the file to the repository or fix the path (paths are relative to the repository root)',
  },
  'media-outside': {
    title: 'Media outside the repository',
    message: (d) => `media path "${d.file}" points outside the repository`,
    hint: () => 'media must live inside the repository, e.g. media/teaser.png',
  },
  'media-in-git': {
    title: 'Media in git\'s own files',
    message: (d) => `media path "${d.file}" leads into git's own files; they are never read or published`,
    hint: () => 'point at an image under media/, and replace any symlink with the real file',
  },
  'media-not-regular': {
    title: 'Media not a regular file',
    message: (d) => `media path "${d.file}" is ${d.type}, not a regular file`,
    hint: () => 'point at an image file, e.g. media/teaser.png',
  },
  'media-content': {
    title: 'Media content does not match its name',
    message: (d) => `media file "${d.file}" is named as ${d.type}, but its content is not`,
    hint: () => 'export the image again in the format its extension names, or fix the extension',
  },
  'date-order': {
    title: 'Dates in the wrong order',
    message: (d) => `${d.end} (${d.endText}) is before ${d.start} (${d.startText})`,
    hint: () => 'swap them, or fix the dates',
  },
  'publish-reused-id': {
    title: 'Post id reused',
    message: (d) => `${d.recorded}; publish will not send post "${d.id}" under this id`,
    hint: () => 'choose a new id for this post (set `id:` or rename the file): an id names its ledger record forever',
  },
  'rule-unknown': {
    title: 'Unknown rule',
    message: (d) => `unknown rule "${d.id}"` + (d.suggestion ? ` (did you mean "${d.suggestion}"?)` : ''),
    hint: () => 'run `socialcal rules` to list the rule ids',
  },
  'rule-options': {
    title: 'Invalid rule options',
    message: (d) => `rule ${d.id}: ${d.detail}`,
    hint: (d) => String(d.hint),
  },
} satisfies Record<string, Entry>;

export type ProblemCode = keyof typeof CATALOGUE;

export function makeProblem(
  code: ProblemCode,
  at: Location,
  path: FieldPath | string,
  data: Data = {},
  severity: ProblemSeverity = 'error',
): Problem {
  const entry: Entry = CATALOGUE[code];
  return {
    ...at,
    path: typeof path === 'string' ? path : formatPath(path),
    severity,
    code,
    message: entry.message(data),
    hint: entry.hint?.(data),
  };
}

/** ['thread', 2, 'text'] → 'thread[2].text' */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/** Closest candidate by edit distance, when it is close enough to be a likely typo. */
export function didYouMean(input: string, candidateList: Iterable<string>): string | undefined {
  const candidates = [...candidateList];
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = input.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(1, Math.floor(input.length / 3));
  if (best !== undefined && bestDistance <= limit) return best;
  // `alt_text` for `alt`, `channel` for `channels`: one is the other with a suffix.
  const squashed = lower.replace(/[\s_-]+/g, '');
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c.length >= 3 && squashed.length >= 3 && (squashed.startsWith(c) || c.startsWith(squashed))) return candidate;
  }
  return undefined;
}

/** Edits between two strings, a swap of two neighbouring letters counting as one (`txet` → `text`). */
function editDistance(a: string, b: string): number {
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] : 1 + Math.min(prev[j - 1], row[j - 1], prev[j]);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}
