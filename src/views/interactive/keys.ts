import { addDays } from '../calendar/period.js';

// What a key press does to the interactive calendar: a pure step from state to state.

/** `scroll`: the first line of the post shown, when the post is taller than the terminal. */
export type Screen = { kind: 'month' } | { kind: 'day'; selected: number } | { kind: 'post'; id: string; selected: number; scroll?: number };

export interface BrowserState {
  /** The day under the cursor, `YYYY-MM-DD`; its month is the month shown. */
  cursor: string;
  screen: Screen;
  /** The applied search. */
  query: string;
  /** The search being typed after `/`; undefined when not typing. */
  editing?: string;
}

/** The subset of ink's key flags the calendar uses. */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

export interface KeyResult {
  state: BrowserState;
  quit?: boolean;
}

/**
 * `postIds(date, query)`: the ids of the posts listed on a day under a search. `maxScroll`: how
 * far the open post can scroll (its lines beyond the screen).
 */
export function pressKey(state: BrowserState, input: string, key: KeyFlags, postIds: (date: string, query: string) => string[], maxScroll = 0): KeyResult {
  const to = (patch: Partial<BrowserState>): KeyResult => ({ state: { ...state, ...patch } });
  if (state.editing !== undefined) {
    if (key.return) return to({ query: state.editing.trim(), editing: undefined, screen: state.screen.kind === 'post' ? state.screen : { kind: state.screen.kind === 'day' ? 'day' : 'month', selected: 0 } as Screen });
    if (key.escape) return to({ editing: undefined });
    if (key.backspace || key.delete) return to({ editing: state.editing.slice(0, -1) });
    if (input && !key.ctrl && !key.meta) return to({ editing: state.editing + input });
    return { state };
  }
  if (input === 'q' || (key.ctrl && input === 'c')) return { state, quit: true };
  if (input === '/') return to({ editing: state.query });
  const back = key.escape || key.backspace || key.delete;
  const screen = state.screen;
  if (screen.kind === 'post') {
    if (back) return to({ screen: { kind: 'day', selected: screen.selected } });
    const scroll = screen.scroll ?? 0;
    const step = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : input === ' ' ? 10 : 0;
    if (step) return to({ screen: { ...screen, scroll: Math.max(0, Math.min(maxScroll, scroll + step)) } });
    return { state };
  }
  if (screen.kind === 'day') {
    const ids = postIds(state.cursor, state.query);
    if (back) return to({ screen: { kind: 'month' } });
    if (key.upArrow || input === 'k') return to({ screen: { kind: 'day', selected: Math.max(0, screen.selected - 1) } });
    if (key.downArrow || input === 'j') return to({ screen: { kind: 'day', selected: Math.max(0, Math.min(ids.length - 1, screen.selected + 1)) } });
    if (key.return && ids[screen.selected]) return to({ screen: { kind: 'post', id: ids[screen.selected], selected: screen.selected } });
    return { state };
  }
  if (key.leftArrow || input === 'h') return to({ cursor: addDays(state.cursor, -1) });
  if (key.rightArrow || input === 'l') return to({ cursor: addDays(state.cursor, 1) });
  if (key.upArrow || input === 'k') return to({ cursor: addDays(state.cursor, -7) });
  if (key.downArrow || input === 'j') return to({ cursor: addDays(state.cursor, 7) });
  if (input === 'n') return to({ cursor: shiftMonth(state.cursor, 1) });
  if (input === 'p') return to({ cursor: shiftMonth(state.cursor, -1) });
  if (key.return) return to({ screen: { kind: 'day', selected: 0 } });
  return { state };
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
