import chalk from 'chalk';

// A plain text table that fits the terminal: the last column is cut to the width left.

export function stringWidth(s: string): number {
  let width = 0;
  for (const { segment } of segmenter().segment(stripAnsi(s))) {
    const cp = segment.codePointAt(0) ?? 0;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

let cached: Intl.Segmenter | undefined;
function segmenter(): Intl.Segmenter {
  return (cached ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}

function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Cuts `s` to at most `width` columns, ending in … when cut. */
export function truncate(s: string, width: number): string {
  if (stringWidth(s) <= width) return s;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter().segment(s)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

export function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - stringWidth(s)));
}

export function renderTable(headers: string[], rows: string[][], maxWidth: number): string {
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const last = widths.length - 1;
  const fixed = widths.slice(0, last).reduce((a, b) => a + b + 2, 0);
  widths[last] = Math.max(10, Math.min(widths[last], maxWidth - fixed));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === last ? truncate(c, widths[i]) : pad(c, widths[i])))
      .join('  ')
      .trimEnd();
  return [chalk.bold(line(headers)), ...rows.map(line)].join('\n') + '\n';
}

/** The terminal's columns; when output is not a terminal, $COLUMNS (as `COLUMNS=120 cmd | less`), else `fallback`. */
export function terminalColumns(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : fallback;
}

export function terminalWidth(): number {
  if (!process.stdout.isTTY) return 200;
  return process.stdout.columns && process.stdout.columns > 40 ? process.stdout.columns : 80;
}
