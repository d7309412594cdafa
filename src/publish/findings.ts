// What `check` reports about publishing itself: whatever a real publish run would refuse.
import type { Calendar, LedgerView } from '../calendar/model.js';
import { makeProblem, type Problem } from '../calendar/problems.js';

export function publishFindings(calendar: Calendar, ledger: LedgerView | undefined): Problem[] {
  const out: Problem[] = [];
  for (const post of calendar.posts) {
    const recorded = ledger?.reused?.(post.id);
    if (recorded) out.push(makeProblem('publish-reused-id', post.source.locate(['id']), ['id'], { id: post.id, recorded }));
  }
  return out;
}
