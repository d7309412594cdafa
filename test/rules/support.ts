// Builds small calendars in memory and runs one rule over them, as a table of cases.
import { expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CalendarFile } from '../../src/calendar/files.js';
import { buildCalendar } from '../../src/calendar/load.js';
import { PLATFORMS, type Calendar, type LedgerView } from '../../src/calendar/model.js';
import type { Problem } from '../../src/calendar/problems.js';
import { collectFindings, type Finding } from '../../src/rules/engine.js';
import { RULES } from '../../src/rules/index.js';

/** The settings each platform requires (src/platforms/settings/<platform>.ts). */
const REQUIRED_SETTINGS: Partial<Record<(typeof PLATFORMS)[number], Record<string, string>>> = {
  mastodon: { server: 'https://fosstodon.org' },
  linkedin: { author: 'urn:li:organization:2414183' },
  telegram: { chat: '@acme_news' },
  facebook: { pageId: '1045' },
  instagram: { userId: '1784', mediaBaseUrl: 'https://acme.example/calendar/' },
  threads: { userId: '1789', mediaBaseUrl: 'https://acme.example/calendar/' },
};

/** One account per platform, named after it. */
export const BASE_CONFIG = {
  timezone: 'Europe/Berlin',
  accounts: Object.fromEntries(PLATFORMS.map((p) => [p, { platform: p, ...REQUIRED_SETTINGS[p] }])),
  roles: { legal: ['lee'], marketing: ['dana'] },
  pillars: ['education', 'community', 'promotion'],
};

export interface CalendarSpec {
  /** A post file's YAML, written to posts/post.yaml. */
  post?: string;
  /** More files by path (posts/…, campaigns/…), YAML text. */
  files?: Record<string, string>;
  /** Merged over BASE_CONFIG (top-level keys replace). */
  config?: Record<string, unknown>;
  /** Media files that exist, path → size in bytes. */
  media?: Record<string, number>;
}

export function calendarOf(spec: CalendarSpec): Calendar {
  const texts: Record<string, string> = { 'socialcal.yaml': stringify({ ...BASE_CONFIG, ...spec.config }), ...spec.files };
  if (spec.post !== undefined) texts['posts/post.yaml'] = spec.post;
  const files: CalendarFile[] = Object.entries(texts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({
      path,
      kind: path === 'socialcal.yaml' ? 'config' : path.startsWith('campaigns/') ? 'campaign' : 'post',
      bytes: new TextEncoder().encode(text),
    }));
  const media = spec.media ?? {};
  const { calendar, problems } = buildCalendar({
    root: '/calendar',
    files,
    media: (path) => (path in media ? { exists: true, size: media[path] } : { exists: false }),
  });
  const errors = problems.filter((p) => p.severity === 'error' && !p.code.startsWith('media-'));
  if (!calendar || errors.length > 0) throw new Error(`test calendar does not load: ${errors.map((p) => `${p.file}:${p.line} ${p.message}`).join('; ')}`);
  return calendar;
}

export interface RunSpec extends CalendarSpec {
  /** Options for the rule under test (its `rules.<id>` block without severity). */
  options?: Record<string, unknown>;
  now?: string;
  ledger?: LedgerView;
}

export function run(id: string, spec: RunSpec): { findings: Finding[]; problems: Problem[] } {
  const rules = spec.options ? { ...(spec.config?.rules as object), [id]: { severity: 'error', ...spec.options } } : spec.config?.rules;
  const calendar = calendarOf({ ...spec, config: { ...spec.config, ...(rules ? { rules } : {}) } });
  const problems: Problem[] = [];
  const findings = collectFindings(calendar, { now: new Date(spec.now ?? '2026-12-01T00:00:00Z'), ledger: spec.ledger }, RULES, problems);
  return { findings: findings.filter((f) => f.rule === id), problems };
}

export interface Expected {
  messageId: string;
  /** Checked as a subset of the report's data. */
  data?: Record<string, string | number>;
  path?: string;
  line?: number;
  file?: string;
  roles?: string[];
}

export interface Case extends RunSpec {
  name: string;
}

export interface InvalidCase extends Case {
  errors: Expected[];
}

/** A table test: valid cases report nothing from the rule, invalid ones exactly the expected findings in order. */
export function ruleTester(id: string, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  it.each(cases.valid.map((c) => [c.name, c] as const))('valid: %s', (_name, c) => {
    const { findings, problems } = run(id, c);
    expect(problems).toEqual([]);
    expect(findings.map((f) => f.problem.message)).toEqual([]);
  });
  it.each(cases.invalid.map((c) => [c.name, c] as const))('invalid: %s', (_name, c) => {
    const { findings, problems } = run(id, c);
    expect(problems).toEqual([]);
    expect(findings.map((f, i) => summarize(f, c.errors[i] ?? c.errors[0]))).toEqual(c.errors.map(expected));
  });
}

function summarize(f: Finding, want: Expected | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { messageId: f.messageId };
  if (want?.data) out.data = Object.fromEntries(Object.keys(want.data).map((k) => [k, f.data[k]]));
  if (want?.path !== undefined) out.path = f.problem.path;
  if (want?.line !== undefined) out.line = f.problem.line;
  if (want?.file !== undefined) out.file = f.problem.file;
  if (want?.roles !== undefined) out.roles = f.problem.roles;
  return out;
}

function expected(e: Expected): Record<string, unknown> {
  const out: Record<string, unknown> = { messageId: e.messageId };
  for (const key of ['data', 'path', 'line', 'file', 'roles'] as const) if (e[key] !== undefined) out[key] = e[key];
  return out;
}

/** A post file from fields; `text` and others as YAML. */
export function post(fields: Record<string, unknown>): string {
  return stringify({ at: '2027-01-12 10:00', channels: ['bluesky'], text: 'Hello', ...fields });
}
