import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCalendarFiles } from '../../src/calendar/files.js';
import { loadCalendar } from '../../src/calendar/load.js';
import type { Calendar, Post } from '../../src/calendar/model.js';
import { renderPost } from '../../src/calendar/render.js';
import { channelAt } from '../../src/calendar/stagger.js';
import { planImport, type ImportPlan, type PlanOptions } from '../../src/import/plan.js';
import { readSheet } from '../../src/import/sheet.js';
import { writePostFile } from '../../src/scaffold/post-file.js';

export const EXAMPLE = join(import.meta.dirname, '../../examples/calendar');
export const NOW = new Date('2027-01-01T00:00:00Z');

/** A copy of a calendar without its posts: where an export is imported back. */
export function emptyCopy(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'socialcal-import-'));
  cpSync(root, dir, { recursive: true, filter: (src) => !src.startsWith(join(root, 'posts')) });
  return dir;
}

export function load(root: string): Calendar {
  const { calendar, problems } = loadCalendar(root);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!calendar || errors.length) throw new Error(errors.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  return calendar;
}

/** Plans an import of CSV text into the calendar at `root`, as the command does (it needs a loadable config only). */
export function plan(root: string, csv: string | Uint8Array, opts: Partial<PlanOptions> = {}): ImportPlan {
  const { calendar } = loadCalendar(root);
  if (!calendar) throw new Error(`${root}: socialcal.yaml does not load`);
  const sheet = readSheet('sheet.csv', typeof csv === 'string' ? new TextEncoder().encode(csv) : csv);
  return planImport(sheet, calendar, readCalendarFiles(calendar.root), { zone: calendar.config.timezone, status: 'draft', now: NOW, ...opts });
}

export function write(root: string, result: ImportPlan): void {
  for (const post of result.posts) writePostFile(root, post.path, post.data, { outside: '', exists: '' });
}

/**
 * A post as the calendar uses it: when, where, labels, and what every account receives
 * (overrides and UTM applied). Trailing newlines of texts are not kept by a spreadsheet.
 */
export function essence(post: Post, calendar: Calendar) {
  return {
    id: post.id,
    at: post.at.toISOString(),
    channels: post.channels,
    campaign: post.campaign,
    status: post.status,
    tags: post.tags,
    pillar: post.pillar,
    channelTimes: post.channels.map((c) => channelAt(post, c).toISOString()),
    accounts: renderPost(post, calendar).map((r) => ({
      account: r.account.name,
      items: r.items.map((i) => ({ text: i.text.trimEnd(), media: i.media.map((m) => ({ file: m.file, alt: m.alt })) })),
    })),
  };
}
