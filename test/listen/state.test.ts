// The listening state as pure functions: counting behind a cursor, hours, history, alerts once
// per spike, pruning to the window, and the file round trip.
import { describe, expect, it } from 'vitest';
import type { ListeningQuery, ListeningSettings } from '../../src/calendar/model.js';
import { DEFAULT_SPIKE } from '../../src/listen/config.js';
import { inboxPath } from '../../src/inbox/state.js';
import { applyPull, emptyState, evaluate, listeningPath, parseState, prune, serializeState, type Mention } from '../../src/listen/state.js';

const at = (iso: string) => new Date(iso);
const mention = (uri: string, iso: string): Mention => ({ uri, author: '@a', text: uri, at: at(iso), account: 'bsky' });
const query: ListeningQuery = { name: 'q', accounts: ['bsky'], terms: ['acme'], hashtags: [], spike: DEFAULT_SPIKE, freeze: ['promotional'] };
const settings: ListeningSettings = { keepHours: 48, baselineHours: 24, warmupHours: 6, notify: {}, queries: [query] };

describe('applyPull', () => {
  it('counts each post once: behind the cursor, at the cursor (edge), or twice in one read', () => {
    const now = at('2027-01-20T12:30:00Z');
    let s = applyPull(emptyState('q'), 'bsky', [mention('a', '2027-01-20T12:10:00Z'), mention('b', '2027-01-20T12:20:00Z'), mention('b', '2027-01-20T12:20:00Z')], { now, keepHours: 48, complete: true }).state;
    expect(s.hours).toEqual({ '2027-01-20T12': 2 });
    expect(s.cursors.bsky).toEqual({ since: at('2027-01-20T12:20:00Z'), edge: ['b'] });
    // Another post in the same second as the cursor is new; the one already counted is not.
    const next = applyPull(s, 'bsky', [mention('c', '2027-01-20T12:20:00Z'), mention('b', '2027-01-20T12:20:00Z'), mention('a', '2027-01-20T12:10:00Z')], { now, keepHours: 48, complete: true });
    expect(next.added.map((m) => m.uri)).toEqual(['c']);
    s = next.state;
    expect(s.hours).toEqual({ '2027-01-20T12': 3 });
    expect(s.cursors.bsky.edge).toEqual(['b', 'c']);
  });

  it('a future-dated post counts in the current hour; posts older than the window are left out', () => {
    const now = at('2027-01-20T12:30:00Z');
    const { state } = applyPull(emptyState('q'), 'bsky', [mention('f', '2027-01-20T15:00:00Z'), mention('old', '2027-01-17T12:00:00Z')], { now, keepHours: 48, complete: true });
    expect(state.hours).toEqual({ '2027-01-20T12': 1 });
  });

  it('history starts at the window when the first read was complete, else at its oldest post', () => {
    const now = at('2027-01-20T12:30:00Z');
    const complete = applyPull(emptyState('q'), 'bsky', [mention('a', '2027-01-20T10:10:00Z')], { now, keepHours: 48, complete: true }).state;
    expect(complete.trackedFrom).toEqual(at('2027-01-18T13:00:00Z'));
    const partial = applyPull(emptyState('q'), 'bsky', [mention('a', '2027-01-20T10:10:00Z')], { now, keepHours: 48, complete: false }).state;
    expect(partial.trackedFrom).toEqual(at('2027-01-20T10:00:00Z'));
    expect(evaluate({ ...partial, hours: { '2027-01-20T12': 50 } }, query, settings, now)).toMatchObject({ historyHours: 2, warmingUp: true, state: { alerts: [] } });
  });
});

describe('evaluate', () => {
  const base = { ...emptyState('q'), trackedFrom: at('2027-01-19T00:00:00Z') };

  it('one alert per spike: the next hour continues it, a quiet hour ends it', () => {
    const first = evaluate({ ...base, hours: { '2027-01-20T12': 9 } }, query, settings, at('2027-01-20T12:15:00Z'));
    expect(first.newAlert).toMatchObject({ from: '2027-01-20T12', last: '2027-01-20T12', peak: 9, froze: ['promotional'] });
    const sameHour = evaluate({ ...first.state, hours: { '2027-01-20T12': 12 } }, query, settings, at('2027-01-20T12:45:00Z'));
    expect(sameHour.newAlert).toBeUndefined();
    expect(sameHour.state.alerts).toEqual([expect.objectContaining({ peak: 12 })]);
    const nextHour = evaluate({ ...sameHour.state, hours: { '2027-01-20T12': 12, '2027-01-20T13': 30 } }, query, settings, at('2027-01-20T13:10:00Z'));
    expect(nextHour.newAlert).toBeUndefined();
    expect(nextHour.state.alerts).toEqual([expect.objectContaining({ from: '2027-01-20T12', last: '2027-01-20T13', peak: 30 })]);
    // 14:00 quiet, 15:00 another burst: a new alert.
    const later = evaluate({ ...nextHour.state, hours: { ...nextHour.state.hours, '2027-01-20T15': 40 } }, query, settings, at('2027-01-20T15:05:00Z'));
    expect(later.newAlert).toMatchObject({ from: '2027-01-20T15' });
    expect(later.state.alerts).toHaveLength(2);
  });
});

describe('prune and the file', () => {
  it('keeps only the window, and reads back what it wrote', () => {
    const now = at('2027-01-20T12:00:00Z');
    const s = { ...emptyState('q'), trackedFrom: at('2027-01-10T00:00:00Z'), hours: { '2027-01-18T12': 1, '2027-01-18T13': 2, '2027-01-20T12': 3 }, cursors: { bsky: { since: now, edge: ['x'] } }, sample: [mention('x', '2027-01-20T11:59:00Z')], alerts: [{ from: '2027-01-17T01', last: '2027-01-17T02', kinds: ['volume'], peak: 9, mean: 1, at: now, froze: [] }] };
    const pruned = prune(s, now, 48);
    expect(pruned.hours).toEqual({ '2027-01-18T13': 2, '2027-01-20T12': 3 });
    expect(pruned.alerts).toEqual([]);
    expect(pruned.trackedFrom).toEqual(at('2027-01-18T13:00:00Z'));
    expect(parseState(serializeState(pruned), 'listening/q.yaml')).toEqual(pruned);
    expect(() => parseState('hours: {}\n', 'listening/q.yaml')).toThrow(/listening\/q\.yaml on|listening\/q\.yaml is damaged: no `query:` field/);
  });
});

describe('file names on the ledger branch', () => {
  it('any query or account name stays one file inside its folder', () => {
    expect(listeningPath('../../freeze')).toBe('listening/..%2F..%2Ffreeze.yaml');
    expect(inboxPath('team/bsky')).toBe('inbox/team%2Fbsky.yaml');
    expect(listeningPath('outage')).toBe('listening/outage.yaml');
  });
});
