import type { CheckResult } from '../commands/check.js';
import { plural } from './plan/words.js';
import { freezeLine } from './freezes.js';
import { formatText } from './problems.js';

// `check` for a terminal: freezes first, then problems grouped by file and a footer.

export function checkText(result: CheckResult): string {
  const freezes = result.freezes.map((f) => `${freezeLine(f)}\n\n`).join('');
  return freezes + formatText(result.problems, `${plural(result.posts, 'post')}, ${plural(result.campaigns, 'campaign')} checked`);
}
