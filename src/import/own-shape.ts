import type { Account, Campaign } from '../calendar/model.js';
import { didYouMean } from '../calendar/problems.js';
import { removeUtm, utmFor } from '../calendar/render.js';
import { parseStaggerText } from '../calendar/stagger.js';
import { wallText } from '../calendar/time.js';
import { CSV_COLUMNS } from '../export/csv.js';
import { accountFor, splitList, type ReadOptions, type RowError, type SheetDraft, type SheetRead } from './draft.js';
import type { Sheet, SheetRow } from './sheet.js';

// Our own `export csv` shape read back: one row per (post, account) is grouped into one post.
// The rendered text each account received is turned back into the post's text (campaign UTM
// parameters taken off again, the spreadsheet-formula quote removed); accounts whose content
// differs from the rest get an override.

const REQUIRED = ['post_id', 'account', 'at_utc', 'text'] as const;

export function isOwnShape(sheet: Sheet): boolean {
  const header = sheet.rows[0]?.cells ?? [];
  return header.includes('post_id') && header.includes('at_utc');
}

interface Content {
  text: string;
  media: { file: string; alt?: string }[];
  thread: { text: string; media?: { file: string; alt?: string }[] }[];
}

export function readOwnShape(sheet: Sheet, opts: ReadOptions & { campaigns: Map<string, Campaign> }): SheetRead {
  const [header, ...body] = sheet.rows;
  const errors: RowError[] = [];
  const known: readonly string[] = CSV_COLUMNS;
  for (const name of header.cells) {
    if (!known.includes(name)) {
      const suggestion = didYouMean(name, known);
      errors.push({ row: header.row, column: name, message: `unknown column "${name}" in a socialcal export${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, hint: `the export's columns: ${CSV_COLUMNS.join(', ')}` });
    }
  }
  for (const name of REQUIRED) if (!header.cells.includes(name)) errors.push({ row: header.row, message: `no ${name} column`, hint: 'import reads the columns `socialcal export csv` writes' });
  if (errors.length) return { shape: 'socialcal', drafts: [], errors };
  const cell = (row: SheetRow, name: string) => unquoteFormula(row.cells[header.cells.indexOf(name)] ?? '');

  const groups = new Map<string, SheetRow[]>();
  // The later occurrences' times per series: an evergreen post's `history` and `at` are made from them.
  const later = new Map<string, Set<string>>();
  for (const row of body) {
    const id = cell(row, 'post_id');
    if (!id) {
      errors.push({ row: row.row, column: 'post_id', message: 'no post id', hint: 'every row of an export names its post' });
      continue;
    }
    // A later occurrence of a repeating post: its series' first row carries the `repeat` that makes it.
    const series = header.cells.includes('series') ? cell(row, 'series') : '';
    if (series && series !== id) {
      later.set(series, (later.get(series) ?? new Set()).add(cell(row, 'at_utc')));
      continue;
    }
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }

  const drafts: SheetDraft[] = [];
  for (const [id, rows] of groups) {
    const first = rows[0];
    const shared = ['at_utc', 'timezone', 'campaign', 'status', 'tags', 'pillar', 'stagger'] as const;
    let consistent = true;
    for (const row of rows.slice(1)) {
      for (const name of shared) {
        if (header.cells.includes(name) && cell(row, name) !== cell(first, name)) {
          errors.push({ row: row.row, column: name, message: `post ${id}: "${cell(row, name)}" here but "${cell(first, name)}" in row ${first.row}`, hint: 'the rows of one post share its time, campaign, status, tags, pillar and stagger' });
          consistent = false;
        }
      }
    }
    if (!consistent) continue;

    const instant = new Date(cell(first, 'at_utc'));
    if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(cell(first, 'at_utc'))) {
      errors.push({ row: first.row, column: 'at_utc', message: `"${cell(first, 'at_utc')}" is not an ISO time`, hint: 'at_utc is written like 2027-01-20T09:00:00.000Z' });
      continue;
    }
    const zone = cell(first, 'timezone') || opts.calendarZone;
    const campaignId = cell(first, 'campaign') || undefined;
    const campaign = campaignId ? opts.campaigns.get(campaignId) : undefined;

    const channels: string[] = [];
    const contents = new Map<string, Content>();
    let broken = false;
    for (const row of rows) {
      const name = accountFor(cell(row, 'account'), opts.accounts);
      channels.push(name);
      const account = opts.accounts[name];
      const thread = threadCell(cell(row, 'thread'));
      if (!thread.ok) {
        errors.push({ row: row.row, column: 'thread', message: `the thread cell is not the JSON export writes: ${thread.error}`, hint: 'leave it as exported, or empty for no thread' });
        broken = true;
        continue;
      }
      const untag = (text: string) => (campaign?.utm && account ? removeUtm(text, utmFor(campaign, account, id)) : text);
      contents.set(name, {
        text: untag(cell(row, 'text')),
        media: mediaOf(cell(row, 'media'), cell(row, 'alt_text')),
        thread: thread.items.map((item) => ({ ...item, text: untag(item.text) })),
      });
    }
    if (broken) continue;

    const base = mostCommon([...contents.values()]);
    const overrides: Record<string, Record<string, unknown>> = {};
    for (const [name, content] of contents) {
      const o: Record<string, unknown> = {};
      if (content.text !== base.text) o.text = content.text;
      if (JSON.stringify(content.media) !== JSON.stringify(base.media)) o.media = content.media;
      if (JSON.stringify(content.thread) !== JSON.stringify(base.thread)) o.thread = content.thread;
      if (Object.keys(o).length) overrides[name] = o;
    }
    const tags = splitList(cell(first, 'tags'));
    const repeat = header.cells.includes('repeat') ? objectCell(cell(first, 'repeat')) : { ok: true as const };
    if (!repeat.ok) {
      errors.push({ row: first.row, column: 'repeat', message: `the repeat cell is not the JSON export writes: ${repeat.error}`, hint: 'leave it as exported, or empty for a post that does not repeat' });
      continue;
    }
    const evergreen = header.cells.includes('evergreen') ? objectCell(cell(first, 'evergreen')) : { ok: true as const };
    if (!evergreen.ok) {
      errors.push({ row: first.row, column: 'evergreen', message: `the evergreen cell is not the JSON export writes: ${evergreen.error}`, hint: 'leave it as exported, or empty for a post that is not evergreen' });
      continue;
    }
    const rotation = evergreen.value ? rotationOf(evergreen.value, instant, [...(later.get(id) ?? [])], zone) : undefined;
    const data: Record<string, unknown> = {
      ...(rotation ? { queue: rotation.queue } : {}),
      at: rotation?.at ?? wallText(instant, zone),
      ...(zone !== opts.calendarZone ? { timezone: zone } : {}),
      channels,
      ...(campaignId ? { campaign: campaignId } : {}),
      ...(tags.length ? { tags } : {}),
      ...(cell(first, 'pillar') ? { pillar: cell(first, 'pillar') } : {}),
      text: base.text,
      ...(base.media.length ? { media: base.media } : {}),
      ...(base.thread.length ? { thread: base.thread } : {}),
      ...(Object.keys(overrides).length ? { overrides } : {}),
      ...(repeat.value ? { repeat: repeat.value } : {}),
      ...(rotation ? { evergreen: rotation.evergreen } : {}),
      ...(header.cells.includes('stagger') && cell(first, 'stagger') ? { stagger: parseStaggerText(cell(first, 'stagger')) } : {}),
      status: cell(first, 'status') || opts.status,
    };
    const columns = { at: 'at_utc', timezone: 'timezone', channels: 'account', campaign: 'campaign', tags: 'tags', pillar: 'pillar', text: 'text', media: 'media', thread: 'thread', overrides: 'text', status: 'status', id: 'post_id', stagger: 'stagger' };
    drafts.push({ id, rows: rows.map((r) => r.row), data, columns });
  }
  return { shape: 'socialcal', drafts, errors };
}

/** An evergreen post back from its rows: the latest occurrence is `at`, the earlier ones `history`. */
function rotationOf(cell: Record<string, unknown>, first: Date, later: string[], zone: string): { queue: unknown; at: string; evergreen: Record<string, unknown> } {
  const { queue, ...evergreen } = cell;
  const times = [first, ...later.map((t) => new Date(t)).filter((t) => !Number.isNaN(t.getTime()))].sort((a, b) => a.getTime() - b.getTime());
  const history = times.slice(0, -1).map((t) => wallText(t, zone));
  return { queue, at: wallText(times[times.length - 1], zone), evergreen: { ...evergreen, ...(history.length ? { history } : {}) } };
}

/** Export puts a `'` before cells a spreadsheet would run as a formula; take it off again. */
function unquoteFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function mediaOf(files: string, alts: string): { file: string; alt?: string }[] {
  const altList = alts ? alts.split(' | ') : [];
  return files
    .split(';')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((file, i) => (altList[i] ? { file, alt: altList[i] } : { file }));
}

function objectCell(cell: string): { ok: true; value?: Record<string, unknown> } | { ok: false; error: string } {
  if (!cell) return { ok: true };
  try {
    const value: unknown = JSON.parse(cell);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
    return { ok: false, error: 'not an object' };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function threadCell(cell: string): { ok: true; items: Content['thread'] } | { ok: false; error: string } {
  if (!cell) return { ok: true, items: [] };
  try {
    const value = JSON.parse(cell) as unknown;
    if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string')) {
      return { ok: true, items: value as Content['thread'] };
    }
    return { ok: false, error: 'expected a list of {"text": …}' };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function mostCommon(contents: Content[]): Content {
  const counts = new Map<string, { content: Content; n: number }>();
  for (const content of contents) {
    const key = JSON.stringify(content);
    const entry = counts.get(key) ?? { content, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  let best = counts.values().next().value!;
  for (const entry of counts.values()) if (entry.n > best.n) best = entry;
  return best.content;
}
