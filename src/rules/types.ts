import type { z } from 'zod';
import type { Calendar, Config, FieldPath, LedgerView, Post, SourceMap } from '../calendar/model.js';
import type { RenderedPost } from '../calendar/render.js';
import type { WallParts } from '../calendar/time.js';

// The shape of a compliance rule: plain `meta` data plus one `check` function (as in ESLint).

export type RuleSeverity = 'warn' | 'error';
export type MessageData = Record<string, string | number>;

export interface RuleMeta<S extends z.ZodType = z.ZodType> {
  id: string;
  description: string;
  /** Severity when socialcal.yaml does not configure the rule. */
  severity: RuleSeverity;
  /** Options with their defaults; `{}` must parse. */
  options: S;
  /** messageId → template with {{placeholders}} filled from the report's data. */
  messages: Record<string, string>;
  /** messageId → what to do about it (same templates). */
  hints?: Record<string, string>;
  /** YAML snippets for `socialcal rules <id>` and docs/rules/<id>.md. */
  docs?: { bad: string; good: string };
  /**
   * For rules that judge when posts are: how far apart in time (ms) two posts can still change
   * each other's findings; 0 when only the post's own time matters. `schedule` asks these rules
   * about each candidate slot, on the posts within reach.
   */
  reach?: (options: z.output<S>) => number;
  /**
   * 'post' when the findings about a post depend only on that post (with its campaign and media)
   * and socialcal.yaml, never on other posts, the time now or the ledger, and every report names
   * its post: a warm `check` then reuses them for unchanged posts. Default 'calendar': always run.
   */
  scope?: 'post' | 'calendar';
  /** Checks options against the rest of the config (roles, accounts); paths are under `rules.<id>`. */
  checkConfig?: (options: z.output<S>, config: Config) => ConfigIssue[];
}

export interface ConfigIssue {
  path: FieldPath;
  detail: string;
  hint: string;
}

export interface Report {
  /** The post the finding is about; its source locates `path`. */
  post?: Post;
  /** Any other file (config, campaign) when there is no post. */
  source?: SourceMap;
  path: FieldPath;
  messageId: string;
  data?: MessageData;
  /** Approver roles the finding asks for (approval-required). */
  roles?: string[];
}

export interface RuleContext<O = unknown> {
  calendar: Calendar;
  options: O;
  /**
   * The time the rules judge as of. Reading it means the findings may change at any moment, so
   * `check` cannot keep them for a later run: compare times with `passed` instead.
   */
  now: Date;
  /** Whether `instant` is before now; the engine notes each comparison to know how long the findings hold. */
  passed(instant: Date | number): boolean;
  ledger?: LedgerView;
  /** Every account's final content for a post (overrides and UTM applied); cached across rules. */
  rendered(post: Post): RenderedPost[];
  /**
   * Every account's content as written (overrides applied, no campaign UTM parameters): the same
   * items and paths as `rendered`, cheaper, for rules that do not look at links or exact lengths.
   */
  asWritten(post: Post): RenderedPost[];
  /** Posts that will be scheduled (status draft or ready) per account, in the order of that account's times (`channelAt`); cached. */
  postsByAccount(): Map<string, Post[]>;
  /** A post's wall clock in the calendar's zone, at its time on `account` when given (a stagger); cached. */
  local(post: Post, account?: string): WallParts;
  report(report: Report): void;
}

export interface Rule<S extends z.ZodType = z.ZodType> {
  meta: RuleMeta<S>;
  check(ctx: RuleContext<z.output<S>>): void;
}
