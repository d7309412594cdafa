import { Text } from 'ink';
import type { Line } from '../calendar/cells.js';
import { toneStyle } from '../calendar/tones.js';

/** One line of styled spans. */
export function SpanLine({ line, colors, inverse }: { line: Line; colors: Record<string, string | undefined>; inverse?: boolean }) {
  return (
    <Text wrap="truncate" inverse={inverse}>
      {line.map((span, i) => (
        <Text key={i} {...toneStyle(span, colors)}>
          {span.text}
        </Text>
      ))}
    </Text>
  );
}
