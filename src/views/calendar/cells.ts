import { stringWidth, truncate } from '../table.js';
import type { AccountMark } from './accounts.js';
import type { GridDay, GridMilestone, GridPost } from './grid.js';

// What a day looks like as lines of styled spans, shared by the chalk renderer and the ink app.
// Every mark is a character too, so nothing depends on colour (NO_COLOR).

export type Tone = 'plain' | 'dim' | 'date' | 'today' | 'time' | 'account' | 'milestone' | 'blackout' | 'frozen' | 'gap' | 'held' | 'draft' | 'more';

export interface Span {
  text: string;
  tone: Tone;
  /** For tone 'account': whose colour. */
  account?: string;
}

export type Line = Span[];

export const MARKS = { milestone: '★', blackout: '░', frozen: '❄', gap: '∅', held: '‖', draft: '~', stagger: '»' } as const;

const FROZEN_FILL = '·';

export const LEGEND: [string, string][] = [
  [MARKS.milestone, 'milestone'],
  [MARKS.blackout, 'blackout'],
  [`${MARKS.frozen}${FROZEN_FILL}`, 'frozen'],
  [MARKS.gap, 'no campaign post'],
  [MARKS.draft, 'draft/idea'],
  [MARKS.held, 'held by freeze'],
];

/** The legend of a grid: the stagger mark only when a staggered channel is on it. */
export function legendOf(days: GridDay[]): [string, string][] {
  return days.some((d) => d.posts.some((p) => p.stagger === 'later')) ? [...LEGEND, [MARKS.stagger, 'staggered channel']] : LEGEND;
}

/** The day's number and its marks, e.g. `12 ★░`. */
export function dayHeader(day: GridDay, width: number, label = String(day.day)): Line {
  const flags = dayFlags(day);
  const tone: Tone = day.today ? 'today' : day.inPeriod ? 'date' : 'dim';
  const spans: Line = [{ text: day.today ? `[${label}]` : label, tone }];
  if (flags.length) spans.push({ text: ' ', tone: 'plain' }, ...flags);
  return fit(spans, width);
}

function dayFlags(day: GridDay): Line {
  const out: Line = [];
  if (day.milestones.length) out.push({ text: MARKS.milestone, tone: 'milestone' });
  if (day.blackouts.length) out.push({ text: MARKS.blackout, tone: 'blackout' });
  if (day.freezes.length) out.push({ text: MARKS.frozen, tone: 'frozen' });
  if (day.gaps.length) out.push({ text: MARKS.gap, tone: 'gap' });
  return out;
}

export function postLine(post: GridPost, marks: Map<string, AccountMark>, width: number): Line {
  return postLines(post, marks, width, 1)[0];
}

/**
 * A post over at most `maxLines` lines of `width`: time, marks and account letters, then its
 * text word-wrapped onto the following lines (indented one column), the last line cut with ….
 */
export function postLines(post: GridPost, marks: Map<string, AccountMark>, width: number, maxLines: number): Line[] {
  const head: Line = [{ text: post.time, tone: post.held ? 'held' : 'time' }];
  if (post.held) head.push({ text: MARKS.held, tone: 'held' });
  else if (post.status !== 'ready') head.push({ text: MARKS.draft, tone: 'draft' });
  else if (post.stagger === 'later') head.push({ text: MARKS.stagger, tone: 'time' });
  else head.push({ text: ' ', tone: 'plain' });
  for (const channel of post.channels) head.push({ text: marks.get(channel)?.glyph ?? '?', tone: 'account', account: channel });
  const tone: Tone = post.status === 'ready' ? 'plain' : 'draft';
  const used = stringWidth(lineText(head));
  if (maxLines <= 1) return [fit([...head, { text: ` ${post.text}`, tone }], width)];
  const line = (chunk: string) => fit([{ text: ` ${chunk}`, tone }], width);
  // When the marks leave almost no room, the text starts on the next line.
  if (width - used - 1 < 4) return [fit(head, width), ...wrapText(post.text, width - 1, width - 1, maxLines - 1).map(line)];
  const chunks = wrapText(post.text, width - used - 1, width - 1, maxLines);
  return chunks.map((chunk, i) => (i === 0 ? fit([...head, { text: ` ${chunk}`, tone }], width) : line(chunk)));
}

/** Greedy word wrap into at most `maxLines` lines; a word longer than a line is split. */
export function wrapText(text: string, firstWidth: number, restWidth: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [''];
  const room = () => (lines.length === 1 ? firstWidth : restWidth);
  for (let word of words) {
    for (;;) {
      const current = lines[lines.length - 1];
      const candidate = current ? `${current} ${word}` : word;
      if (stringWidth(candidate) <= room()) {
        lines[lines.length - 1] = candidate;
        break;
      }
      if (!current && stringWidth(word) > room()) {
        // Split a long word (a URL) at the line's edge.
        const head = sliceWidth(word, room());
        lines[lines.length - 1] = head;
        word = word.slice(head.length);
      }
      if (lines.length === maxLines) {
        lines[lines.length - 1] = truncate(`${lines[lines.length - 1]} ${word}…`, room());
        return lines;
      }
      lines.push('');
      if (!word) break;
    }
  }
  return lines.filter((l, i) => l || i === 0);
}

function sliceWidth(s: string, width: number): string {
  let out = '';
  for (const ch of s) {
    if (stringWidth(out + ch) > width) break;
    out += ch;
  }
  return out || [...s][0];
}

export function milestoneLine(m: GridMilestone, width: number): Line {
  return fit([{ text: `${MARKS.milestone}${m.time} ${m.title ?? m.id}`, tone: 'milestone' }], width);
}

/** How many lines a post may wrap over in a month cell this wide: narrow cells need more. */
export function wrapLimit(width: number): number {
  return width < 16 ? 3 : width < 28 ? 2 : 1;
}

/**
 * A day's milestones and posts in at most `room` lines: posts wrap over up to `wrapLimit`
 * lines, fewer when the day is busy, and one line each with "+N more" when even that is too many.
 */
function dayItems(day: GridDay, marks: Map<string, AccountMark>, width: number, room: number): { lines: Line[]; total: number } {
  const milestones = day.milestones.map((m) => milestoneLine(m, width));
  const total = milestones.length + day.posts.length;
  // Wrapping only helps when every post fits on at least one line.
  for (let wrap = total < room ? wrapLimit(width) : 1; wrap > 1; wrap--) {
    const posts = day.posts.flatMap((p) => postLines(p, marks, width, wrap));
    if (milestones.length + posts.length <= room) return { lines: [...milestones, ...posts], total: milestones.length + posts.length };
  }
  // One line a post; only the lines that can show are drawn (a busy day has hundreds).
  const shown = day.posts.slice(0, Math.max(0, room - milestones.length)).map((p) => postLine(p, marks, width));
  return { lines: [...milestones, ...shown], total };
}

/** A month-view cell: header, milestones, posts, then shading; exactly `height` lines. */
export function dayCell(day: GridDay, marks: Map<string, AccountMark>, width: number, height: number): Line[] {
  const lines: Line[] = [dayHeader(day, width)];
  const room = height - 1;
  const { lines: items, total } = dayItems(day, marks, width, room);
  if (total > room) {
    lines.push(...items.slice(0, room - 1), fit([{ text: `+${total - room + 1} more`, tone: 'more' }], width));
  } else {
    lines.push(...items);
  }
  if (day.gaps.length && day.posts.length === 0 && lines.length < height) {
    lines.push(fit([{ text: `${MARKS.gap} no posts`, tone: 'gap' }], width));
  }
  while (lines.length < height) lines.push(fill(day, width));
  return lines.map((line) => (day.inPeriod ? line : line.map((s) => ({ ...s, tone: s.tone === 'account' ? s.tone : ('dim' as Tone) }))));
}

/** Lines a week row of the month view needs: the header plus its busiest day, at most `maxLines`. */
export function weekHeight(week: GridDay[], maxLines: number, marks?: Map<string, AccountMark>, width = 0): number {
  const lines = (d: GridDay) => (marks ? dayItems(d, marks, width, maxLines).total : d.milestones.length + d.posts.length);
  const busiest = Math.max(...week.map((d) => lines(d) + (d.gaps.length && !d.posts.length ? 1 : 0)));
  return 1 + Math.min(maxLines, Math.max(1, busiest));
}

/** An empty line, shaded when the day is in a blackout or frozen. */
export function fill(day: GridDay, width: number): Line {
  if (day.blackouts.length) return [{ text: MARKS.blackout.repeat(width), tone: 'blackout' }];
  if (day.freezes.length) return [{ text: FROZEN_FILL.repeat(width), tone: 'frozen' }];
  return [{ text: ' '.repeat(width), tone: 'plain' }];
}

/** Cuts spans to `width` columns and pads with spaces to exactly `width`. */
export function fit(spans: Line, width: number): Line {
  const out: Line = [];
  let used = 0;
  for (const span of spans) {
    const w = stringWidth(span.text);
    if (used + w <= width) {
      out.push(span);
      used += w;
      continue;
    }
    const rest = width - used;
    if (rest > 0) {
      out.push({ ...span, text: truncate(span.text, rest) });
      used += stringWidth(out[out.length - 1].text);
    }
    break;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used), tone: 'plain' });
  return out;
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}
