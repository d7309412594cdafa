import { Box, Text } from 'ink';
import { fit, MARKS, postLine } from '../calendar/cells.js';
import type { CalendarGrid, GridDay } from '../calendar/grid.js';
import { SpanLine } from './SpanLine.js';

// One day: milestones, blackouts, freezes, then its posts as a list with a selection.

export interface DayViewProps {
  grid: CalendarGrid;
  day: GridDay;
  selected: number;
  width: number;
}

export function DayView({ grid, day, selected, width }: DayViewProps) {
  const marks = new Map(grid.accounts.map((a) => [a.name, a]));
  const colors = Object.fromEntries(grid.accounts.map((a) => [a.name, a.color]));
  const lineWidth = Math.max(40, width) - 2;
  return (
    <Box flexDirection="column">
      <Text bold>
        {day.date} · {grid.timezone}
      </Text>
      {day.milestones.map((m) => (
        <Text key={`${m.campaign}/${m.id}`} color="magentaBright">
          {MARKS.milestone} {m.time} {m.title ?? m.id} ({m.campaign})
        </Text>
      ))}
      {day.blackouts.map((b) => (
        <Text key={b} color="red">
          {MARKS.blackout} blackout: {b}
        </Text>
      ))}
      {day.freezes.map((f) => (
        <Text key={f} color="cyan">
          {MARKS.frozen} frozen: {f}
        </Text>
      ))}
      {day.gaps.length > 0 && (
        <Text color="yellow">
          {MARKS.gap} no posts for running campaign{day.gaps.length > 1 ? 's' : ''}: {day.gaps.join(', ')}
        </Text>
      )}
      {day.posts.length === 0 && <Text dimColor>No posts on this day.</Text>}
      {day.posts.map((post, i) => (
        <Box key={post.id}>
          <Text>{i === selected ? '› ' : '  '}</Text>
          <SpanLine line={fit(postLine(post, marks, lineWidth), lineWidth)} colors={colors} inverse={i === selected} />
        </Box>
      ))}
    </Box>
  );
}
