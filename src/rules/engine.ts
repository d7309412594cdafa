import type { z } from 'zod';
import type { Calendar, Config, FieldPath, LedgerView, Post, RuleSetting } from '../calendar/model.js';
import { didYouMean, formatPath, makeProblem, type Problem } from '../calendar/problems.js';
import { renderPost, type RenderedPost } from '../calendar/render.js';
import { channelAt } from '../calendar/stagger.js';
import { offsetAt, wallPartsAt, type WallParts } from '../calendar/time.js';
import type { ParseCache } from '../calendar/cache.js';
import { rememberFindings, type RememberedFindings } from './remember.js';
import type { MessageData, Report, Rule, RuleContext, RuleSeverity } from './types.js';

// Runs rules against a calendar: resolves each rule's severity and options from socialcal.yaml
// (reporting bad settings as located config errors), shares cached renders, and turns reports
// into located Problems.

export interface RunOptions {
  now: Date;
  ledger?: LedgerView;
  /** The run's parse cache: per-post rules' findings about unchanged posts are taken from it (see remember.ts). */
  cache?: ParseCache;
  /** Receives each post's final render the rules made (see `rendered`), for a caller that shows them (export html). */
  renders?: Map<Post, RenderedPost[]>;
}

/** A rule's report, kept with the Problem it became (tests assert on the message data). */
export interface Finding {
  rule: string;
  messageId: string;
  data: MessageData;
  problem: Problem;
}

export interface ActiveRule {
  rule: Rule;
  severity: RuleSeverity;
  options: unknown;
}

/** Rules that run, with their options; config problems for unknown ids, bad options and references. */
export function resolveRules(config: Config, rules: readonly Rule[], problems: Problem[]): ActiveRule[] {
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  for (const id of Object.keys(config.rules)) {
    if (!byId.has(id)) {
      problems.push(
        makeProblem('rule-unknown', config.source.locate(['rules', id], { key: true }), ['rules', id], {
          id,
          suggestion: didYouMean(id, byId.keys()) ?? '',
        }),
      );
    }
  }
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting: RuleSetting | undefined = config.rules[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.severity;
    if (severity === 'off') continue;
    const parsed = rule.meta.options.safeParse(setting?.options ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(optionProblem(config, rule, issue));
      continue;
    }
    const issues = rule.meta.checkConfig?.(parsed.data, config) ?? [];
    for (const issue of issues) {
      const path: FieldPath = ['rules', rule.meta.id, ...issue.path];
      problems.push(makeProblem('rule-options', config.source.locate(path), path, { id: rule.meta.id, detail: issue.detail, hint: issue.hint }));
    }
    if (issues.length === 0) active.push({ rule, severity, options: parsed.data });
  }
  return active;
}

function optionProblem(config: Config, rule: Rule, issue: z.core.$ZodIssue): Problem {
  const id = rule.meta.id;
  const at = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const path: FieldPath = ['rules', id, ...at, key];
    const known = at.length === 0 ? optionNames(rule) : [];
    const suggestion = didYouMean(key, known);
    return makeProblem('rule-options', config.source.locate(path, { key: true }), path, {
      id,
      detail: `unknown option "${key}"` + (suggestion ? ` (did you mean "${suggestion}"?)` : ''),
      hint: known.length ? `options of ${id}: severity, ${known.join(', ')}` : `remove it; see docs/rules/${id}.md for the rule's options`,
    });
  }
  const path: FieldPath = ['rules', id, ...at];
  if (issue.code === 'invalid_type') {
    const found = valueAt(config.rules[id]?.options, at);
    return makeProblem('rule-options', config.source.locate(path), path, {
      id,
      detail: `option "${formatPath(at)}" must be ${expectedType(issue.expected)}, found ${describeValue(found)}`,
      hint: `write ${expectedType(issue.expected)} here; see docs/rules/${id}.md for the rule's options`,
    });
  }
  return makeProblem('rule-options', config.source.locate(path), path, {
    id,
    detail: `${formatPath(at) || 'options'}: ${issue.message}`,
    hint: `see docs/rules/${id}.md for the rule's options and their defaults`,
  });
}

function expectedType(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'a map';
  return expected === 'int' ? 'a whole number' : `a ${expected}`;
}

function describeValue(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return typeof v === 'string' ? `the text "${v}"` : `${typeof v} ${String(v)}`;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let v = value;
  for (const step of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[step] : undefined;
  return v;
}

function optionNames(rule: Rule): string[] {
  const shape = (rule.meta.options as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** Runs the rules and returns their findings (config problems go to `problems`). */
export function collectFindings(calendar: Calendar, opts: RunOptions, rules: readonly Rule[], problems: Problem[]): Finding[] {
  return runActiveRules(calendar, opts, resolveRules(calendar.config, rules, problems));
}

/** Runs rules already resolved against the config (`schedule` runs them many times on small calendars). */
export function runActiveRules(calendar: Calendar, opts: RunOptions, active: readonly ActiveRule[], remembered?: RememberedFindings): Finding[] {
  return runActive(calendar, opts, active, remembered).findings;
}

/**
 * The span of `now` over which a run's findings stay exactly as they are: from `from` (inclusive)
 * to `until` (exclusive), in epoch milliseconds. Rules compare times with `ctx.passed`, which
 * narrows it; a rule that reads `ctx.now` itself leaves the span unknown.
 */
export interface TimeSpan {
  from: number;
  until: number;
}

interface ActiveRun {
  findings: Finding[];
  /** Undefined when a rule read the time directly, so how long the findings hold is unknown. */
  holds?: TimeSpan;
}

function runActive(calendar: Calendar, opts: RunOptions, active: readonly ActiveRule[], remembered?: RememberedFindings): ActiveRun {
  const renders = opts.renders ?? new Map<Post, RenderedPost[]>();
  const asWrittenCache = new Map<Post, RenderedPost[]>();
  const hasUtm = (post: Post) => post.campaign !== undefined && calendar.campaigns.get(post.campaign)?.utm !== undefined;
  const asWritten = (post: Post) => {
    let r = asWrittenCache.get(post);
    // Without campaigns, rendering applies overrides only.
    if (!r) {
      asWrittenCache.set(post, (r = renderPost(post, { config: calendar.config, campaigns: NO_CAMPAIGNS })));
      // Without UTM parameters that is the final render too.
      if (opts.renders && !hasUtm(post)) renders.set(post, r);
    }
    return r;
  };
  const rendered = (post: Post) => {
    let r = renders.get(post);
    if (!r) renders.set(post, (r = hasUtm(post) ? renderPost(post, calendar) : asWritten(post)));
    return r;
  };
  const locals = new Map<Post, WallParts>();
  let byAccount: Map<string, Post[]> | undefined;
  let changedByAccount: Map<string, Post[]> | undefined;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const wallClock = wallClockIn(calendar.config.timezone);
  const now = opts.now.getTime();
  const holds: TimeSpan = { from: -Infinity, until: Infinity };
  let readNow = false;

  const keep = (finding: Finding) => {
    const p = finding.problem;
    // Accounts sharing a platform render the same text: one finding is enough.
    const key = `${p.file}\0${p.path}\0${p.code}\0${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };

  for (const { rule, severity, options } of active) {
    const memo = rule.meta.scope === 'post' ? remembered : undefined;
    const ctx: RuleContext = {
      calendar: memo ? memo.changed : calendar,
      options,
      get now() {
        readNow = true;
        return opts.now;
      },
      passed(instant) {
        const t = typeof instant === 'number' ? instant : instant.getTime();
        // `t < now` flips when now reaches t + 1: before that it is false, from then on true.
        if (t < now) holds.from = Math.max(holds.from, t + 1);
        else holds.until = Math.min(holds.until, t + 1);
        return t < now;
      },
      ledger: opts.ledger,
      rendered,
      asWritten,
      postsByAccount() {
        if (memo) return (changedByAccount ??= groupByAccount(memo.changed));
        byAccount ??= groupByAccount(calendar);
        return byAccount;
      },
      local(post, account) {
        if (account !== undefined && post.stagger?.offsets[account]) return wallClock(channelAt(post, account));
        let p = locals.get(post);
        if (!p) locals.set(post, (p = wallClock(post.at)));
        return p;
      },
      report(report) {
        const finding = toFinding(rule, severity, report);
        memo?.record(rule.meta.id, finding.problem);
        keep(finding);
      },
    };
    rule.check(ctx);
    // Kept findings carry their Problem only (`data` is not kept).
    for (const problem of memo?.kept(rule.meta.id) ?? []) keep({ rule: rule.meta.id, messageId: problem.code, data: {}, problem });
  }
  remembered?.keep(active.filter((a) => a.rule.meta.scope === 'post').map((a) => a.rule.meta.id));
  return readNow ? { findings } : { findings, holds };
}

/** A rule set's problems (config problems first), and the span of `now` they hold for when known. */
export interface RuleSetRun {
  problems: Problem[];
  holds?: TimeSpan;
}

export function runRuleSet(calendar: Calendar, opts: RunOptions, rules: readonly Rule[]): RuleSetRun {
  const problems: Problem[] = [];
  const active = resolveRules(calendar.config, rules, problems);
  const run = runActive(calendar, opts, active, opts.cache ? rememberFindings(calendar, opts.cache) : undefined);
  return { problems: [...problems, ...run.findings.map((f) => f.problem)], holds: run.holds };
}

/**
 * `wallParts` for many instants in one zone. Asking Intl for the offset is the slow part, and
 * offsets only change on quarter hours, so it is asked once per quarter hour.
 */
function wallClockIn(zone: string): (instant: Date) => WallParts {
  const offsets = new Map<number, number>();
  return (instant) => {
    const quarter = Math.floor(instant.getTime() / QUARTER_HOUR);
    let offset = offsets.get(quarter);
    if (offset === undefined) offsets.set(quarter, (offset = offsetAt(zone, quarter * QUARTER_HOUR)));
    return wallPartsAt(instant, offset);
  };
}

const QUARTER_HOUR = 15 * 60_000;
const NO_CAMPAIGNS: Calendar['campaigns'] = new Map();

function groupByAccount(calendar: Calendar): Map<string, Post[]> {
  const out = new Map<string, Post[]>();
  const staggered = new Set<string>();
  for (const post of calendar.posts) {
    if (post.status === 'idea') continue;
    for (const channel of new Set(post.channels)) {
      if (!calendar.config.accounts[channel]) continue;
      let list = out.get(channel);
      if (!list) out.set(channel, (list = []));
      list.push(post);
      if (post.stagger?.offsets[channel]) staggered.add(channel);
    }
  }
  // A staggered channel's time is later than the post's `at`: order those accounts by their own times.
  for (const channel of staggered) out.get(channel)!.sort((a, b) => channelAt(a, channel).getTime() - channelAt(b, channel).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

function toFinding(rule: Rule, severity: RuleSeverity, report: Report): Finding {
  const { id, messages, hints } = rule.meta;
  const template = messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${id} reported unknown messageId "${report.messageId}"`);
  const source = report.post?.source ?? report.source;
  if (!source) throw new Error(`rule ${id} reported "${report.messageId}" without a post or source`);
  const data = report.data ?? {};
  const hint = hints?.[report.messageId];
  const problem: Problem = {
    ...source.locate(report.path),
    path: formatPath(report.path),
    severity: severity === 'warn' ? 'warning' : 'error',
    code: report.messageId,
    message: fill(template, data),
    rule: id,
  };
  if (hint !== undefined) problem.hint = fill(hint, data);
  if (report.roles) problem.roles = report.roles;
  return { rule: id, messageId: report.messageId, data, problem };
}

/** Fills {{name}} placeholders; a missing value is a bug in the rule, so it throws. */
export function fill(template: string, data: MessageData): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message "${template}" needs data "${key}"`);
    return String(value);
  });
}
