// Where a report's numbers come from (the I/O edge of src/report): the metrics history from the
// ledger branch or a --history folder, and analytics/web.csv.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Calendar } from '../calendar/model.js';
import { UsageError } from '../errors.js';
import { parseWebRows, WEB_FILE, type WebRow } from '../analytics/web.js';
import { METRICS_DIR, parseHistoryFiles, readMetricsHistory, type MetricsHistory } from '../metrics/history.js';

/** From `folder` (--history) when given, else the calendar's ledger branch. */
export async function readHistory(calendar: Calendar, folder: string | undefined): Promise<MetricsHistory> {
  return folder ? readHistoryFolder(folder) : readMetricsHistory(calendar.root, calendar.config.publish);
}

/**
 * A folder laid out like the ledger branch (`metrics/posts/*.yaml`, `metrics/followers.yaml`),
 * or its metrics/ folder itself.
 */
export function readHistoryFolder(given: string): MetricsHistory {
  const dir = resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--history ${given}: ${existsSync(dir) ? 'not a folder' : 'no such folder'}`, 'give a folder laid out like the ledger branch, with metrics/posts/*.yaml');
  }
  const base = existsSync(join(dir, METRICS_DIR)) ? dir : basename(dir) === METRICS_DIR ? resolve(dir, '..') : undefined;
  if (!base) {
    throw new UsageError(`--history ${given}: no ${METRICS_DIR}/ folder in it`, 'give a folder laid out like the ledger branch (metrics/posts/*.yaml, metrics/followers.yaml), e.g. a checkout of the ledger branch');
  }
  const files = new Map<string, string>();
  const metrics = join(base, METRICS_DIR);
  for (const name of readdirSync(metrics, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.yaml')) continue;
    files.set(relative(base, join(metrics, name)).split(sep).join('/'), readFileSync(join(metrics, name), 'utf8'));
  }
  return parseHistoryFiles(files, given);
}

export function readWeb(calendar: Calendar): WebRow[] {
  const path = join(calendar.root, WEB_FILE);
  return existsSync(path) ? parseWebRows(readFileSync(path, 'utf8'), WEB_FILE) : [];
}
