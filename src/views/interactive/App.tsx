import { Box, Text, useApp, useInput } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { Calendar, LedgerView } from '../../calendar/model.js';
import type { Problem } from '../../calendar/problems.js';
import type { PostFilter } from '../../calendar/query.js';
import { postDetail } from '../calendar/detail.js';
import { buildGrid } from '../calendar/grid.js';
import { inPeriod, periodDays, type Period } from '../calendar/period.js';
import { DayView } from './DayView.js';
import { MonthView } from './MonthView.js';
import { PostView } from './PostView.js';
import { pressKey, type BrowserState } from './keys.js';
import { searchPredicate } from './search.js';
import { cleanStrings } from '../output.js';

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
  /** Terminal rows: the post view scrolls within them. */
  height?: number;
  maxLines?: number;
}

export function App({ calendar, ledger, problems, month, filter, now, width, height = 24, maxLines = 3 }: AppProps) {
  const { exit } = useApp();
  const [state, setState] = useState<BrowserState>(() => ({ cursor: initialCursor(month, now, calendar.config.timezone), screen: { kind: 'month' }, query: '' }));
  // Keys can arrive faster than renders; the ref always holds the latest state.
  const latest = useRef(state);
  const overflow = useRef(0);
  const { cursor, screen, query, editing } = state;

  const gridFor = (c: string, q: string) =>
    cleanStrings(buildGrid(calendar, { kind: 'month', year: Number(c.slice(0, 4)), month: Number(c.slice(5, 7)) }, { now, filter, ledger, match: searchPredicate(q) }));
  const grid = useMemo(() => gridFor(cursor, query), [calendar, cursor.slice(0, 7), now, filter, ledger, query]);
  const day = grid.days.find((d) => d.date === cursor)!;

  useInput((input, key) => {
    const result = pressKey(latest.current, input, key, (date, q) => {
      const g = q === query && date.slice(0, 7) === cursor.slice(0, 7) ? grid : gridFor(date, q);
      return g.days.find((d) => d.date === date)?.posts.map((p) => p.id) ?? [];
    }, overflow.current);
    latest.current = result.state;
    setState(result.state);
    if (result.quit) exit();
  });

  const post = screen.kind === 'post' ? calendar.postsById.get(screen.id) : undefined;
  return (
    <Box flexDirection="column">
      {screen.kind === 'month' && <MonthView grid={grid} cursor={cursor} width={width} maxLines={maxLines} />}
      {screen.kind === 'day' && <DayView grid={grid} day={day} selected={screen.selected} width={width} />}
      {post && screen.kind === 'post' && (
        <PostView detail={cleanStrings(postDetail(calendar, post, { ledger, problems }))} height={height - 1} scroll={screen.scroll} onOverflow={(n) => (overflow.current = n)} />
      )}
      <StatusBar screen={screen.kind} query={query} editing={editing} />
    </Box>
  );
}

export function StatusBar({ screen, query, editing }: { screen: BrowserState['screen']['kind']; query: string; editing?: string }) {
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
    post: 'j/k scroll · esc back · q quit',
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
