import type { Calendar } from '../calendar/model.js';
import type { Problem } from '../calendar/problems.js';
import { runRuleSet, type RunOptions } from './engine.js';
import type { Rule } from './types.js';
import * as altText from './alt-text.js';
import * as maxLength from './max-length.js';
import * as media from './media.js';

// The rule registry: an explicit list, sorted by id (a test keeps it sorted, tested and documented).

export const RULES: readonly Rule[] = [altText, maxLength, media] as unknown as Rule[];

export type { RunOptions };

/** Every enabled rule's findings, plus config problems in socialcal.yaml's `rules:` block. */
export function runRules(calendar: Calendar, opts: RunOptions): Problem[] {
  return runRuleSet(calendar, opts, RULES);
}
