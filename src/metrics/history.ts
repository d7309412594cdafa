// The metrics history on the ledger branch: what `socialcal metrics` pulled, for `report` and
// other readers. The data and its rules are in model.ts, the files in file-format.ts; this
// module is the one place readers import from.
import type { PublishSettings } from '../calendar/model.js';
import { readBlobs } from '../git/plumbing.js';
import { listFiles, repoRoot, resolveRef, trackingRef } from '../git/repo.js';
import { METRICS_DIR, parseHistoryFiles } from './file-format.js';
import type { MetricsHistory } from './model.js';

export * from './model.js';
export { historyFiles, MetricsFormatError, parseHistoryFiles, serializeFollowers, serializePostMetrics, parsePostMetrics, parseFollowers, metricsPath, FOLLOWERS_FILE, METRICS_DIR } from './file-format.js';

/**
 * The metrics history on the ledger branch, for `report` and other readers: from the
 * remote-tracking ref (what the last fetch, publish or metrics run saw), else the local branch.
 * Empty when there is no ledger or no git; a damaged file throws MetricsFormatError naming it.
 */
export async function readMetricsHistory(cwd: string, publish: Pick<PublishSettings, 'ledgerBranch' | 'remote'>): Promise<MetricsHistory> {
  const root = await repoRoot(cwd);
  if (root) {
    for (const ref of [trackingRef(publish.remote, publish.ledgerBranch), `refs/heads/${publish.ledgerBranch}`]) {
      const tip = await resolveRef(root, ref);
      if (tip) return readMetricsAt(root, tip, `${publish.ledgerBranch} (${tip.slice(0, 12)})`);
    }
  }
  return { posts: [], followers: [] };
}

/** The metrics files of one commit, parsed. */
export async function readMetricsAt(root: string, commit: string, where: string): Promise<MetricsHistory> {
  const entries = await listFiles(root, commit, { dir: METRICS_DIR });
  const blobs = await readBlobs(root, entries.map((e) => e.sha));
  const files = new Map<string, string>();
  for (const e of entries) files.set(e.path, blobs.get(e.sha) ?? '');
  return parseHistoryFiles(files, where);
}
