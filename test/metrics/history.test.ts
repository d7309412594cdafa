import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { LedgerStore } from '../../src/publish/store.js';
import {
  fixedAgeAt,
  historyFiles,
  mergeFollowerCounts,
  mergePostMetrics,
  MetricsFormatError,
  parseHistoryFiles,
  parsePostMetrics,
  readMetricsHistory,
  recordReading,
  serializePostMetrics,
  type PostMetrics,
} from '../../src/metrics/history.js';
import { git, initRepo, repoWithRemote } from '../support/git.js';

const HOUR = 3_600_000;
const published = '2026-03-08T09:00:00Z';
const base: PostMetrics = { postId: 'launch', account: 'bsky', platform: 'bluesky', item: 0, publishedAt: published, snapshots: [] };
const after = (ms: number) => new Date(Date.parse(published) + ms);

describe('snapshot ages', () => {
  it('a reading fills the last fixed age it has reached, none before one hour', () => {
    expect(fixedAgeAt(HOUR - 1)).toBeUndefined();
    expect(fixedAgeAt(HOUR)).toBe('1h');
    expect(fixedAgeAt(23 * HOUR)).toBe('1h');
    expect(fixedAgeAt(24 * HOUR)).toBe('1d');
    expect(fixedAgeAt(7 * 24 * HOUR - 1)).toBe('1d');
    expect(fixedAgeAt(7 * 24 * HOUR)).toBe('7d');
    expect(fixedAgeAt(400 * 24 * HOUR)).toBe('30d');
  });

  it('keeps the first reading of each age for good and always the newest as latest', () => {
    let m = recordReading(base, after(30 * 60_000), { likes: 1 });
    expect(m.snapshots).toEqual([{ age: 'latest', at: '2026-03-08T09:30:00Z', counts: { likes: 1 } }]);
    m = recordReading(m, after(2 * HOUR + 0.4), { likes: 5 });
    m = recordReading(m, after(3 * HOUR), { likes: 6 });
    // A daily pull that missed the 7-day mark fills 30d when it gets there, never 7d late.
    m = recordReading(m, after(31 * 24 * HOUR), { likes: 9, reposts: 2 });
    expect(m.snapshots).toEqual([
      { age: '1h', at: '2026-03-08T11:00:00Z', counts: { likes: 5 } },
      { age: '30d', at: '2026-04-08T09:00:00Z', counts: { likes: 9, reposts: 2 } },
      { age: 'latest', at: '2026-04-08T09:00:00Z', counts: { likes: 9, reposts: 2 } },
    ]);
  });

  it('two pulls that raced merge without losing a snapshot, in either order', () => {
    const one = recordReading(recordReading(base, after(2 * HOUR), { likes: 2 }), after(25 * HOUR), { likes: 4 });
    const two = recordReading(base, after(26 * HOUR), { likes: 5 });
    const merged = mergePostMetrics(one, two);
    expect(merged.snapshots.map((s) => [s.age, s.counts.likes])).toEqual([
      ['1h', 2],
      ['1d', 4],
      ['latest', 5],
    ]);
    expect(mergePostMetrics(two, one)).toEqual(merged);
    expect(mergePostMetrics(merged, merged)).toEqual(merged);
  });

  it('keeps one follower count per account and UTC day, the day\'s last', () => {
    const merged = mergeFollowerCounts(
      [{ account: 'bsky', at: '2026-03-08T06:00:00Z', followers: 100 }, { account: 'masto', at: '2026-03-08T06:00:00Z', followers: 7 }],
      [{ account: 'bsky', at: '2026-03-08T18:00:00Z', followers: 103 }, { account: 'bsky', at: '2026-03-09T06:00:00Z', followers: 104 }],
    );
    expect(merged).toEqual([
      { account: 'bsky', at: '2026-03-08T18:00:00Z', followers: 103 },
      { account: 'bsky', at: '2026-03-09T06:00:00Z', followers: 104 },
      { account: 'masto', at: '2026-03-08T06:00:00Z', followers: 7 },
    ]);
  });
});

describe('metrics files', () => {
  const thread: PostMetrics[] = [
    { ...base, url: 'https://bsky.app/profile/acme.test/post/3k2a', snapshots: [{ age: '1h', at: '2026-03-08T10:05:00Z', counts: { likes: 3, reposts: 1, replies: 0, quotes: 0 } }, { age: 'latest', at: '2026-03-09T10:00:00Z', counts: { likes: 8, reposts: 2, replies: 1, quotes: 0 } }] },
    { ...base, item: 1, publishedAt: '2026-03-08T09:00:01Z', snapshots: [{ age: 'latest', at: '2026-03-09T10:00:00Z', counts: { likes: 2 } }] },
    { ...base, account: 'X main', platform: 'x', snapshots: [{ age: '1d', at: '2026-03-09T09:30:00Z', counts: { impressions: 1200, likes: 14, saves: 3 } }] },
  ];

  it('writes one post per file, one snapshot a line, and reads it back', () => {
    const text = serializePostMetrics('launch', thread);
    expect(text).toBe(
      [
        '# Written by `socialcal metrics` (docs/metrics.md). Do not edit by hand.',
        'post: launch',
        'accounts:',
        '  "X main":',
        '    platform: x',
        '    publishedAt: 2026-03-08T09:00:00Z',
        '    snapshots:',
        '      1d: {at: 2026-03-09T09:30:00Z, likes: 14, impressions: 1200, saves: 3}',
        '  bsky:',
        '    platform: bluesky',
        '    publishedAt: 2026-03-08T09:00:00Z',
        '    url: https://bsky.app/profile/acme.test/post/3k2a',
        '    snapshots:',
        '      1h: {at: 2026-03-08T10:05:00Z, likes: 3, reposts: 1, replies: 0, quotes: 0}',
        '      latest: {at: 2026-03-09T10:00:00Z, likes: 8, reposts: 2, replies: 1, quotes: 0}',
        '    thread:',
        '      1:',
        '        publishedAt: 2026-03-08T09:00:01Z',
        '        snapshots:',
        '          latest: {at: 2026-03-09T10:00:00Z, likes: 2}',
        '',
      ].join('\n'),
    );
    const back = parsePostMetrics(text, 'metrics/posts/launch.yaml');
    const key = (m: PostMetrics) => `${m.account}/${m.item}`;
    expect(back.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...thread].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('reads the written layout quickly and any other YAML of the same shape the same way', () => {
    const text = serializePostMetrics('launch', thread);
    // The same data laid out by a YAML library (as after a hand edit): block maps, other quoting.
    const relaid = stringify(parse(text, { schema: 'core' }));
    expect(relaid).not.toBe(text);
    expect(parsePostMetrics(relaid, 'f')).toEqual(parsePostMetrics(text, 'f'));
    // A quoted id, a number-like account and a comment line written by hand still read right.
    const edited = text.replace('post: launch', 'post: "launch"').replace('  bsky:', '  # the main account\n  bsky:');
    expect(parsePostMetrics(edited, 'f')).toEqual(parsePostMetrics(text, 'f'));
    // Snapshots out of their order (a hand edit) come back in order.
    const swapped = text.replace(/( {6}1h: .*)\n( {6}latest: .*)/, '$2\n$1');
    expect(parsePostMetrics(swapped, 'f').find((m) => m.account === 'bsky' && m.item === 0)!.snapshots.map((s) => s.age)).toEqual(['1h', 'latest']);
  });

  it('round-trips a whole history, odd ids and followers included', () => {
    const history = {
      posts: [
        { ...base, postId: 'true', snapshots: [] },
        { ...base, postId: '2026/03 launch: day #1', url: 'https://example.test/a?b=c#d', snapshots: [{ age: 'latest' as const, at: '2026-03-09T10:00:00Z', counts: { likes: 0 } }] },
      ],
      followers: [{ account: 'bsky', at: '2026-03-08T06:00:00Z', followers: 100 }],
    };
    const files = historyFiles(history);
    expect([...files.keys()].sort()).toEqual(['metrics/followers.yaml', 'metrics/posts/2026/03 launch: day #1.yaml', 'metrics/posts/true.yaml']);
    expect(parseHistoryFiles(files, 'test')).toEqual({ posts: [history.posts[1], history.posts[0]], followers: history.followers });
  });

  it('a hand-edited file says which file and which field is wrong', () => {
    const text = serializePostMetrics('launch', thread).replace('likes: 3,', 'likes: many,');
    expect(() => parsePostMetrics(text, 'metrics/posts/launch.yaml on socialcal-ledger')).toThrow(MetricsFormatError);
    expect(() => parsePostMetrics(text, 'metrics/posts/launch.yaml on socialcal-ledger')).toThrow(/metrics\/posts\/launch\.yaml on socialcal-ledger is damaged: accounts\.bsky\.snapshots\.1h\.likes/);
    const typo = serializePostMetrics('launch', thread).replace('      1h:', '      1hr:');
    expect(() => parsePostMetrics(typo, 'f')).toThrow(/1hr/);
    expect(() => parsePostMetrics('post: [', 'f')).toThrow(/f is damaged/);
  });

  it('10,000 posts × 3 accounts with every snapshot stay in the low tens of MB', () => {
    const counts = { likes: 1234, reposts: 123, replies: 45, quotes: 6, impressions: 123456 };
    const snapshots = (['1h', '1d', '7d', '30d', 'latest'] as const).map((age) => ({ age, at: '2026-03-08T10:05:00Z', counts }));
    const posts: PostMetrics[] = [];
    for (let i = 0; i < 10_000; i++) {
      for (const account of ['bluesky', 'mastodon', 'x'])
        posts.push({ postId: `2026-03-08-post-number-${i}`, account, platform: account, item: 0, publishedAt: published, url: `https://social.example.test/@acme/posts/1129384756${i}`, snapshots });
    }
    let bytes = 0;
    for (const text of historyFiles({ posts, followers: [] }).values()) bytes += Buffer.byteLength(text);
    expect(bytes / 1e6).toBeLessThan(30);
    expect(bytes / 1e6).toBeGreaterThan(10);
  });
});

describe('reading the history from the ledger branch', () => {
  const author = { name: 'socialcal test', email: 'test@localhost' };
  const opts = { now: () => new Date('2026-03-09T10:00:00Z'), sleep: async () => undefined };
  const publish = { ledgerBranch: 'socialcal-ledger', remote: 'origin' };

  it('reads what was committed to the remote ledger, and nothing from the default branch', async () => {
    const { work } = repoWithRemote({ 'README.md': 'calendar\n', 'metrics/posts/decoy.yaml': 'not: metrics\n' });
    const store = await LedgerStore.open({ cwd: work, branch: publish.ledgerBranch, remote: publish.remote }, author);
    const history = { posts: [{ ...base, snapshots: [{ age: 'latest' as const, at: '2026-03-09T10:00:00Z', counts: { likes: 8 } }] }], followers: [{ account: 'bsky', at: '2026-03-09T10:00:00Z', followers: 42 }] };
    await store.update(async () => ({ change: { write: historyFiles(history), message: 'metrics' }, result: undefined }), opts);
    expect(await readMetricsHistory(work, publish)).toEqual(history);
    // The default branch's checkout is untouched: the files exist only on the ledger branch.
    expect(git(work, 'status', '--porcelain')).toBe('');
  });

  it('is empty without a ledger branch or outside git', async () => {
    expect(await readMetricsHistory(initRepo(), publish)).toEqual({ posts: [], followers: [] });
    expect(await readMetricsHistory('/', publish)).toEqual({ posts: [], followers: [] });
  });
});
