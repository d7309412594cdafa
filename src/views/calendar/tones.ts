import type { ChalkInstance } from 'chalk';
import type { Span, Tone } from './cells.js';

// How each tone of the shared cell layout looks: one table for the chalk renderer and ink.

export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
  inverse?: boolean;
  strikethrough?: boolean;
}

const STYLES: Record<Exclude<Tone, 'account'>, TextStyle> = {
  plain: {},
  dim: { dimColor: true },
  more: { dimColor: true },
  date: { bold: true },
  today: { bold: true, inverse: true },
  time: { color: 'gray' },
  milestone: { color: 'magentaBright' },
  blackout: { color: 'red' },
  frozen: { color: 'cyan' },
  gap: { color: 'yellow' },
  held: { color: 'cyan', strikethrough: true },
  draft: { italic: true, dimColor: true },
};

/** Ink text props for a span; `colors` maps account names to their configured colour. */
export function toneStyle(span: Span, colors: Record<string, string | undefined>): TextStyle {
  return span.tone === 'account' ? { color: colors[span.account ?? ''], bold: true } : STYLES[span.tone];
}

/** The same style applied with chalk (level 0 leaves the text as it is). */
export function paintSpan(chalk: ChalkInstance, span: Span, colors: Record<string, string | undefined>): string {
  const style = toneStyle(span, colors);
  let paint: ChalkInstance = chalk;
  if (style.color) {
    if (/^#[0-9a-f]{6}$/i.test(style.color)) paint = paint.hex(style.color);
    else if (typeof (paint as unknown as Record<string, unknown>)[style.color] === 'function') paint = (paint as unknown as Record<string, ChalkInstance>)[style.color];
  }
  if (style.bold) paint = paint.bold;
  if (style.dimColor) paint = paint.dim;
  if (style.italic) paint = paint.italic;
  if (style.inverse) paint = paint.inverse;
  if (style.strikethrough) paint = paint.strikethrough;
  return paint === chalk ? span.text : paint(span.text);
}
