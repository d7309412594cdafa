import type { Calendar } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { runRuleSet, type RuleSetRun, type RunOptions } from './engine.js';
import type { Rule } from './types.js';
import * as altText from './alt-text.js';
import * as approvalRequired from './approval-required.js';
import * as bannedPhrases from './banned-phrases.js';
import * as blackout from './blackout.js';
import * as campaignDates from './campaign-dates.js';
import * as contentMix from './content-mix.js';
import * as dailyLimit from './daily-limit.js';
import * as disclosure from './disclosure.js';
import * as duplicateText from './duplicate-text.js';
import * as links from './links.js';
import * as maxLength from './max-length.js';
import * as media from './media.js';
import * as pastDue from './past-due.js';
import * as personalData from './personal-data.js';
import * as platformFit from './platform-fit.js';
import * as quietHours from './quiet-hours.js';
import * as replyTo from './reply-to.js';
import * as secrets from './secrets.js';
import * as spacing from './spacing.js';
import * as threads from './threads.js';

// The rule registry: an explicit list, sorted by id (a test keeps it sorted, tested and documented).

export const RULES: readonly Rule[] = [
  altText,
  approvalRequired,
  bannedPhrases,
  blackout,
  campaignDates,
  contentMix,
  dailyLimit,
  disclosure,
  duplicateText,
  links,
  maxLength,
  media,
  pastDue,
  personalData,
  platformFit,
  quietHours,
  replyTo,
  secrets,
  spacing,
  threads,
] as Rule[];

export type { RunOptions, RuleSetRun };

/** Every enabled rule's findings, plus config problems in socialcal.yaml's `rules:` block. */
export function runRules(calendar: Calendar, opts: RunOptions): Problem[] {
  return runRuleSet(calendar, opts, RULES).problems;
}

/** As runRules, with the span of `now` over which the findings stay the same (when every rule can tell). */
export function runRulesWithSpan(calendar: Calendar, opts: RunOptions): RuleSetRun {
  return runRuleSet(calendar, opts, RULES);
}
