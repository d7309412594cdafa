import { Box, Text } from 'ink';
import type { AccountMark } from '../calendar/accounts.js';
import { dayCell, dayHeader, legendOf, weekHeight } from '../calendar/cells.js';
import type { CalendarGrid, GridDay } from '../calendar/grid.js';
import { WEEKDAYS } from '../calendar/period.js';
import { SpanLine } from './SpanLine.js';

// The month grid for the ink app: weeks of day cells, the cursor day marked with ▶.

export interface MonthViewProps {
  grid: CalendarGrid;
  cursor: string;
  width: number;
  maxLines: number;
}

export function MonthView({ grid, cursor, width, maxLines }: MonthViewProps) {
  const cell = Math.floor((Math.max(80, width) - 6) / 7);
  const marks = new Map(grid.accounts.map((a) => [a.name, a]));
  const colors = Object.fromEntries(grid.accounts.map((a) => [a.name, a.color]));
  const weeks: GridDay[][] = [];
  for (let i = 0; i < grid.days.length; i += 7) weeks.push(grid.days.slice(i, i + 7));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{grid.label}</Text> · {grid.timezone}
      </Text>
      <Text>{WEEKDAYS.map((d) => d.padEnd(cell)).join('│')}</Text>
      {weeks.map((week) => (
        <WeekRow key={week[0].date} days={week} marks={marks} colors={colors} cell={cell} maxLines={maxLines} cursor={cursor} />
      ))}
      <Text dimColor wrap="wrap">
        {grid.accounts.map((a) => `${a.glyph} ${a.name}`).join('  ')}
        {'  '}
        {legendOf(grid.days).map(([mark, meaning]) => `${mark} ${meaning}`).join('  ')}
      </Text>
    </Box>
  );
}

interface WeekRowProps {
  days: GridDay[];
  marks: Map<string, AccountMark>;
  colors: Record<string, string | undefined>;
  cell: number;
  maxLines: number;
  cursor: string;
}

export function WeekRow({ days, marks, colors, cell, maxLines, cursor }: WeekRowProps) {
  const height = weekHeight(days, maxLines, marks, cell);
  return (
    <Box flexDirection="column">
      <Text dimColor>{Array(7).fill('─'.repeat(cell)).join('┼')}</Text>
      <Box flexDirection="row">
        {days.map((day, i) => (
          <Box key={day.date} flexDirection="row">
            {i > 0 && <Separator height={height} />}
            <DayCell day={day} marks={marks} colors={colors} width={cell} height={height} selected={day.date === cursor} />
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function Separator({ height }: { height: number }) {
  return <Text dimColor>{Array(height).fill('│').join('\n')}</Text>;
}

export interface DayCellProps {
  day: GridDay;
  marks: Map<string, AccountMark>;
  colors: Record<string, string | undefined>;
  width: number;
  height: number;
  selected: boolean;
}

export function DayCell({ day, marks, colors, width, height, selected }: DayCellProps) {
  const lines = dayCell(day, marks, width, height);
  if (selected) lines[0] = dayHeader(day, width, `▶${day.day}`);
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, i) => (
        <SpanLine key={i} line={line} colors={colors} inverse={selected && i === 0} />
      ))}
    </Box>
  );
}
