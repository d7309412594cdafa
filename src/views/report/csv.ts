// `socialcal report --format csv`: one row per post per account, for a spreadsheet's pivot table.
import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../../export/csv.js';
import type { PostLine } from '../../report/report.js';

const COLUMNS = ['published', 'local', 'account', 'platform', 'post', 'campaign', 'engagements', 'impressions', 'rate', 'url'];

export function reportCsv(posts: PostLine[]): string {
  return stringify(
    posts.map((p) => [p.publishedAt, p.local, p.account, p.platform, p.post, p.campaign ?? '', p.engagements, p.impressions ?? '', p.rate ?? '', p.url ?? ''].map(neutraliseCell)),
    { header: true, columns: COLUMNS },
  );
}
