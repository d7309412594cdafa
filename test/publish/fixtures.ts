// Calendar objects for pure publish tests, without files.
import type { Blackout, Post } from '../../src/calendar/model.js';
import type { AccountEntry } from '../../src/publish/ledger.js';

export const T = (iso: string) => new Date(iso);

export function post(id: string, at: string, extra: Partial<Post> = {}): Post {
  return {
    id,
    file: `posts/${id}.yaml`,
    at: T(at),
    atText: at,
    timezone: 'UTC',
    channels: ['bsky', 'masto'],
    tags: [],
    status: 'ready',
    text: `text of ${id}`,
    media: [],
    thread: [],
    overrides: {},
    source: { file: `posts/${id}.yaml`, locate: () => ({ file: `posts/${id}.yaml`, line: 1, column: 1 }) },
    ...extra,
  };
}

export function entry(state: AccountEntry['state'], extra: Partial<AccountEntry> = {}): AccountEntry {
  return { state, run: 'r-old', claimedAt: T('2026-03-01T09:00:00Z'), updatedAt: T('2026-03-01T09:00:00Z'), attempts: 1, items: [{ handle: 'h1' }], ...extra };
}

export function blackout(name: string, from: string, to: string, extra: Partial<Blackout> = {}): Blackout {
  return { name, from: T(from), to: T(to), fromText: from, toText: to, index: 0, ...extra };
}
