import type { Span } from '../calendar/cells.js';

// Ink text props for each tone of the shared cell layout (the chalk renderer's counterpart).

export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
  inverse?: boolean;
  strikethrough?: boolean;
}

export function toneStyle(span: Span, colors: Record<string, string | undefined>): TextStyle {
  switch (span.tone) {
    case 'dim':
    case 'more':
      return { dimColor: true };
    case 'date':
      return { bold: true };
    case 'today':
      return { bold: true, inverse: true };
    case 'time':
      return { color: 'gray' };
    case 'account':
      return { color: colors[span.account ?? ''], bold: true };
    case 'milestone':
      return { color: 'magentaBright' };
    case 'blackout':
      return { color: 'red' };
    case 'frozen':
      return { color: 'cyan' };
    case 'gap':
      return { color: 'yellow' };
    case 'held':
      return { color: 'cyan', strikethrough: true };
    case 'draft':
      return { italic: true, dimColor: true };
    default:
      return {};
  }
}
