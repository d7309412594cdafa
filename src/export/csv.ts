import { stringify } from 'csv-stringify/sync';
import type { Calendar, Evergreen, LedgerView } from '../calendar/model.js';
import { renderPost } from '../calendar/render.js';
import { channelAt, staggerText } from '../calendar/stagger.js';
import { formatWall } from '../calendar/time.js';
import { itemFits } from '../platforms/fit.js';
import { exportPosts, type ExportFilter } from './select.js';

// One row per (post, account) with the text that account receives; the columns are documented
// in the README, in this order.

export const CSV_COLUMNS = [
  'post_id',
  'account',
  'platform',
  'handle',
  'at_utc',
  'local_time',
  'timezone',
  'campaign',
  'status',
  'tags',
  'pillar',
  'text',
  'length',
  'limit',
  'over_limit',
  'thread_items',
  'media',
  'alt_text',
  'publish_state',
  'publish_url',
  'file',
  'thread',
  'series',
  'repeat',
  'evergreen',
  'channel_time',
  'stagger',
] as const;

export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number>;

export function csvRows(calendar: Calendar, opts: { filter?: ExportFilter; ledger?: LedgerView } = {}): CsvRow[] {
  const zone = calendar.config.timezone;
  const wanted = opts.filter?.accounts;
  const rows: CsvRow[] = [];
  for (const post of exportPosts(calendar, opts.filter)) {
    for (const { account, items } of renderPost(post, calendar)) {
      if (wanted?.length && !wanted.includes(account.name)) continue;
      const main = items[0];
      const fit = itemFits(calendar.config, account.platform, main);
      const status = opts.ledger?.status(post.id, account.name);
      rows.push({
        post_id: post.id,
        account: account.name,
        platform: account.platform,
        handle: account.handle ?? '',
        at_utc: post.at.toISOString(),
        local_time: formatWall(post.at, zone),
        timezone: zone,
        campaign: post.campaign ?? '',
        status: post.status,
        tags: post.tags.join(';'),
        pillar: post.pillar ?? '',
        text: main.text.trimEnd(),
        length: fit.length,
        limit: fit.limit,
        over_limit: fit.fits ? 'no' : 'yes',
        thread_items: items.length - 1,
        media: main.media.map((m) => m.file).join(';'),
        alt_text: main.media.map((m) => (m.alt ?? '').replaceAll('|', '/')).join(' | '),
        publish_state: status?.state ?? '',
        publish_url: status?.url ?? '',
        file: post.file,
        thread: items.length > 1 ? JSON.stringify(items.slice(1).map(threadCell)) : '',
        series: post.series ?? '',
        // The rule travels on the series' first post; import makes the others again from it.
        repeat: post.repeat && post.series === post.id ? JSON.stringify(post.repeat) : '',
        // Likewise the rotation; import gathers the occurrences' rows back into `history` and `at`.
        evergreen: post.evergreen && post.series === post.id ? JSON.stringify(evergreenCell(post.evergreen, post.timezone)) : '',
        // When this account gets the post (local_time plus its stagger), and the stagger as written.
        channel_time: formatWall(channelAt(post, account.name), zone),
        stagger: post.stagger ? staggerText(post.stagger.written) : '',
      });
    }
  }
  return rows;
}

/** An evergreen rotation as JSON in the `evergreen` cell: its queue and `evergreen` without the history. */
function evergreenCell(e: Evergreen, zone: string): Record<string, unknown> {
  return { queue: e.queue, every: e.everyText, ...(e.count !== undefined ? { count: e.count } : {}), ...(e.until ? { until: formatWall(e.until, zone) } : {}) };
}

/** A follow-up post as JSON in the `thread` cell: what `import csv` reads back. */
function threadCell(item: { text: string; media: { file: string; alt?: string }[] }): { text: string; media?: { file: string; alt?: string }[] } {
  return item.media.length ? { text: item.text, media: item.media.map((m) => (m.alt === undefined ? { file: m.file } : { file: m.file, alt: m.alt })) } : { text: item.text };
}

/**
 * A spreadsheet runs a cell that starts with =, +, -, @, tab or CR as a formula (CSV injection):
 * OWASP's advice is a leading single quote, which spreadsheets show as text. `raw` keeps cells
 * as written, for tools that read the CSV as data.
 */
export function neutraliseCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(calendar: Calendar, opts: { filter?: ExportFilter; ledger?: LedgerView; raw?: boolean } = {}): string {
  const rows = csvRows(calendar, opts);
  const cells = opts.raw ? rows : rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, neutraliseCell(v)])));
  return stringify(cells, { header: true, columns: [...CSV_COLUMNS] });
}
