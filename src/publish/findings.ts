// What `check` reports about publishing itself: whatever a real publish run would refuse.
import type { Calendar, LedgerView } from '../calendar/model.js';
import { makeProblem, type Problem } from '../calendar/problems.js';
import { SUPPORTED_PLATFORMS } from '../platforms/index.js';

export function publishFindings(calendar: Calendar, ledger: LedgerView | undefined): Problem[] {
  const out: Problem[] = [];
  for (const post of calendar.posts) {
    const recorded = ledger?.reused?.(post.id);
    if (recorded) out.push(makeProblem('publish-reused-id', post.source.locate(['id']), ['id'], { id: post.id, recorded }));
  }
  for (const [name, platform] of unsupportedAccounts(calendar)) {
    const path = ['accounts', name, 'platform'];
    out.push(makeProblem('publish-unsupported', calendar.config.source.locate(path), path, { account: name, platform, supported: SUPPORTED_PLATFORMS.join(', ') }, 'warning'));
  }
  return out;
}

/** Accounts that ready posts are scheduled to but that publish cannot post to: name → platform. */
export function unsupportedAccounts(calendar: Calendar): Map<string, string> {
  const out = new Map<string, string>();
  for (const post of calendar.posts) {
    if (post.status !== 'ready') continue;
    for (const name of post.channels) {
      const account = calendar.config.accounts[name];
      if (account && !SUPPORTED_PLATFORMS.includes(account.platform)) out.set(name, account.platform);
    }
  }
  return out;
}
