import { Box, Text, useApp, useInput } from 'ink';
import { useMemo, useState } from 'react';
import type { Calendar, LedgerView } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import type { PostFilter } from '../../calendar/query.js';
import { postDetail } from '../calendar/detail.js';
import { buildGrid } from '../calendar/grid.js';
import { addDays, inPeriod, periodDays, type Period } from '../calendar/period.js';
import { DayView } from './DayView.js';
import { MonthView } from './MonthView.js';
import { PostView } from './PostView.js';
import { searchPredicate } from './search.js';

// The interactive calendar: the only stateful component; it owns the cursor, the screen and
// the search, handles keys, and hands data to props-only views.

export interface AppProps {
  calendar: Calendar;
  ledger?: LedgerView;
  /** Loader problems and rule findings, shown in a post's detail. */
  problems: Problem[];
  month: Period & { kind: 'month' };
  filter: Pick<PostFilter, 'accounts' | 'campaigns' | 'tags'>;
  now: Date;
  width: number;
  maxLines?: number;
}

type Screen = { kind: 'month' } | { kind: 'day'; selected: number } | { kind: 'post'; id: string; selected: number };

export function App({ calendar, ledger, problems, month, filter, now, width, maxLines = 3 }: AppProps) {
  const { exit } = useApp();
  const [cursor, setCursor] = useState(() => initialCursor(month, now, calendar.config.timezone));
  const [screen, setScreen] = useState<Screen>({ kind: 'month' });
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<string | undefined>(undefined);

  const period: Period = { kind: 'month', year: Number(cursor.slice(0, 4)), month: Number(cursor.slice(5, 7)) };
  const grid = useMemo(
    () => buildGrid(calendar, period, { now, filter, ledger, match: searchPredicate(query) }),
    [calendar, period.year, period.month, now, filter, ledger, query],
  );
  const day = grid.days.find((d) => d.date === cursor)!;

  useInput((input, key) => {
    if (editing !== undefined) {
      if (key.return) {
        setQuery(editing.trim());
        setEditing(undefined);
      } else if (key.escape) setEditing(undefined);
      else if (key.backspace || key.delete) setEditing(editing.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) setEditing(editing + input);
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) {
      exit();
      return;
    }
    if (input === '/') {
      setEditing(query);
      return;
    }
    const back = key.escape || key.backspace || key.delete;
    if (screen.kind === 'post') {
      if (back) setScreen({ kind: 'day', selected: screen.selected });
      return;
    }
    if (screen.kind === 'day') {
      const last = day.posts.length - 1;
      if (back) setScreen({ kind: 'month' });
      else if (key.upArrow || input === 'k') setScreen({ kind: 'day', selected: Math.max(0, screen.selected - 1) });
      else if (key.downArrow || input === 'j') setScreen({ kind: 'day', selected: Math.min(last, screen.selected + 1) });
      else if (key.return && day.posts[screen.selected]) setScreen({ kind: 'post', id: day.posts[screen.selected].id, selected: screen.selected });
      return;
    }
    if (key.leftArrow || input === 'h') setCursor(addDays(cursor, -1));
    else if (key.rightArrow || input === 'l') setCursor(addDays(cursor, 1));
    else if (key.upArrow || input === 'k') setCursor(addDays(cursor, -7));
    else if (key.downArrow || input === 'j') setCursor(addDays(cursor, 7));
    else if (input === 'n') setCursor(shiftMonth(cursor, 1));
    else if (input === 'p') setCursor(shiftMonth(cursor, -1));
    else if (key.return) setScreen({ kind: 'day', selected: 0 });
  });

  const post = screen.kind === 'post' ? calendar.postsById.get(screen.id) : undefined;
  return (
    <Box flexDirection="column">
      {screen.kind === 'month' && <MonthView grid={grid} cursor={cursor} width={width} maxLines={maxLines} />}
      {screen.kind === 'day' && <DayView grid={grid} day={day} selected={screen.selected} width={width} />}
      {post && <PostView detail={postDetail(calendar, post, { ledger, problems })} />}
      <StatusBar screen={screen.kind} query={query} editing={editing} />
    </Box>
  );
}

export function StatusBar({ screen, query, editing }: { screen: Screen['kind']; query: string; editing?: string }) {
  if (editing !== undefined) {
    return (
      <Text>
        /{editing}
        <Text inverse> </Text>
        <Text dimColor> enter apply · esc cancel · words, #tag, @account, campaign:id</Text>
      </Text>
    );
  }
  const keys = {
    month: '←↓↑→/hjkl move · n/p month · enter open day · / search · q quit',
    day: '↑↓/jk select · enter open post · esc back · / search · q quit',
    post: 'esc back · q quit',
  }[screen];
  return (
    <Text dimColor>
      {query ? `search: ${query} · ` : ''}
      {keys}
    </Text>
  );
}

function initialCursor(month: Period & { kind: 'month' }, now: Date, zone: string): string {
  const days = periodDays(month);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return inPeriod(month, today) ? today : days.find((d) => inPeriod(month, d))!;
}

/** The same day of the next or previous month, clamped to its last day. */
export function shiftMonth(key: string, n: number): string {
  const [y, m, d] = key.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
