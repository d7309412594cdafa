import type { ChalkInstance } from 'chalk';
import { pad, stringWidth, truncate } from '../table.js';
import type { AccountMark } from './accounts.js';
import { dayCell, dayHeader, fill, legendOf, lineText, milestoneLine, postLine, weekHeight, type Line, type Span } from './cells.js';
import type { CalendarGrid, GridDay } from './grid.js';
import { WEEKDAYS } from './period.js';
import { paintSpan } from './tones.js';

// The calendar grid as terminal text: a month of day cells or a week of hour rows.

const SEP = '│';

export interface TextOptions {
  /** Terminal columns; at least 80 are used. */
  width: number;
  chalk: ChalkInstance;
  /** Most lines of posts a day cell shows before `+N more`. */
  maxLines?: number;
}

export function renderMonth(grid: CalendarGrid, opts: TextOptions): string {
  const width = Math.max(80, opts.width);
  const cell = Math.floor((width - 6) / 7);
  const marks = markMap(grid.accounts);
  const paint = painter(opts.chalk, marks);
  const rule = Array(7).fill('─'.repeat(cell)).join('┼');
  const out = [title(grid, opts.chalk), WEEKDAYS.map((d) => pad(d, cell)).join(SEP).trimEnd(), rule];
  for (let w = 0; w < grid.days.length; w += 7) {
    const week = grid.days.slice(w, w + 7);
    const height = weekHeight(week, opts.maxLines ?? 4, marks, cell);
    const cells = week.map((d) => dayCell(d, marks, cell, height));
    for (let i = 0; i < height; i++) out.push(cells.map((c) => paint(c[i])).join(SEP).trimEnd());
    out.push(rule);
  }
  out.push(...legend(grid, paint, width));
  return out.join('\n') + '\n';
}

export function renderWeek(grid: CalendarGrid, opts: TextOptions): string {
  const width = Math.max(80, opts.width);
  const gutter = 5;
  const cell = Math.floor((width - gutter) / 7) - 1;
  const marks = markMap(grid.accounts);
  const paint = painter(opts.chalk, marks);
  const rule = ' '.repeat(gutter - 1) + '┼' + Array(7).fill('─'.repeat(cell)).join('┼');
  const out = [title(grid, opts.chalk)];
  out.push(' '.repeat(gutter - 1) + SEP + grid.days.map((d) => paint(dayHeader(d, cell, `${WEEKDAYS[d.weekday]} ${d.day}`))).join(SEP).trimEnd());
  out.push(rule);
  const hours = shownHours(grid.days);
  for (const hour of hours) {
    const columns = grid.days.map((d) => [
      ...d.milestones.filter((m) => m.hour === hour).map((m) => milestoneLine(m, cell)),
      ...d.posts.filter((p) => p.hour === hour).map((p) => postLine(p, marks, cell)),
    ]);
    const height = Math.max(1, ...columns.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      const label = i === 0 ? `${String(hour).padStart(2, '0')}h` : '';
      out.push(pad(label, gutter - 1) + SEP + columns.map((c, d) => paint(c[i] ?? fill(grid.days[d], cell))).join(SEP).trimEnd());
    }
  }
  out.push(rule);
  const gaps = grid.days.filter((d) => d.gaps.length);
  if (gaps.length) {
    out.push(opts.chalk.yellow(truncate(`∅ no posts: ${gaps.map((d) => `${WEEKDAYS[d.weekday]} (${d.gaps.join(', ')})`).join('; ')}`, width)));
  }
  out.push(...legend(grid, paint, width));
  return out.join('\n') + '\n';
}

/** Office hours, widened to every hour that has a post or milestone. */
export function shownHours(days: GridDay[]): number[] {
  const used = days.flatMap((d) => [...d.posts.map((p) => p.hour), ...d.milestones.map((m) => m.hour)]);
  const first = Math.min(8, ...used);
  const last = Math.max(20, ...used);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function title(grid: CalendarGrid, chalk: ChalkInstance): string {
  const notes = [...new Set(grid.days.flatMap((d) => d.freezes))];
  const frozen = notes.length ? chalk.cyan(`  ❄ publishing frozen: ${notes.join('; ')}`) : '';
  return `${chalk.bold(grid.label)} · ${grid.timezone}${frozen}`;
}

function legend(grid: CalendarGrid, paint: (line: Line) => string, width: number): string[] {
  const items: Line[] = [
    ...grid.accounts.map((a): Line => [{ text: a.glyph, tone: 'account', account: a.name }, { text: ` ${a.name}`, tone: 'plain' }]),
    ...legendOf(grid.days).map(([mark, meaning]): Line => [{ text: mark, tone: toneOf(meaning) }, { text: ` ${meaning}`, tone: 'plain' }]),
  ];
  // Wrap whole items, so no meaning is cut at 80 columns.
  const lines: Line[] = [[]];
  let used = 0;
  for (const item of items) {
    const w = stringWidth(lineText(item));
    if (used > 0 && used + 2 + w > width) {
      lines.push([]);
      used = 0;
    }
    const line = lines[lines.length - 1];
    if (used > 0) line.push({ text: '  ', tone: 'plain' });
    line.push(...item);
    used += (used > 0 ? 2 : 0) + w;
  }
  return lines.map(paint);
}

function toneOf(meaning: string): Span['tone'] {
  if (meaning === 'milestone') return 'milestone';
  if (meaning === 'blackout') return 'blackout';
  if (meaning === 'frozen') return 'frozen';
  if (meaning === 'no campaign post') return 'gap';
  if (meaning.startsWith('held')) return 'held';
  if (meaning.startsWith('staggered')) return 'time';
  return 'draft';
}

export function markMap(accounts: AccountMark[]): Map<string, AccountMark> {
  return new Map(accounts.map((a) => [a.name, a]));
}

/** Turns spans into chalk-styled text; with chalk level 0 it is the plain text. */
export function painter(chalk: ChalkInstance, marks: Map<string, AccountMark>): (line: Line) => string {
  const colors = Object.fromEntries([...marks.values()].map((a) => [a.name, a.color]));
  return (line) => line.map((s) => paintSpan(chalk, s, colors)).join('');
}
