// How many commits a publish run makes on the ledger branch: one for its claims and one for its
// results, however many posts are due (issue 17: a commit and push per post made `publish` slow).
import { describe, expect, it, vi } from 'vitest';
import { publish, type PublishOptions } from '../../src/publish/runner.js';
import { ageClaims, git } from '../support/git.js';
import { calendarRepo, configYaml, ledger, load, type PostSpec } from './calendar.js';
import { MemoryPlatform } from './memory-adapter.js';

const ACCOUNTS = { bsky: 'platform: bluesky\nhandle: acme.test', masto: 'platform: mastodon\nhandle: "@acme@social.test"\nserver: https://social.test' };
const NOW = new Date('2027-01-20T12:00:00Z');
const N = 12;

vi.setConfig({ testTimeout: 120_000 });

function options(platform: MemoryPlatform, extra: Partial<PublishOptions> = {}): PublishOptions {
  return { now: NOW, clock: () => NOW, sleep: async () => undefined, adapterFor: async (a) => platform.adapter(a.name, a.platform), env: {}, ...extra };
}

/** N single posts and one two-item thread, all due, each to both accounts. */
function duePosts(): PostSpec[] {
  const posts: PostSpec[] = Array.from({ length: N }, (_, i) => ({ id: `p${i}`, at: `2027-01-20 11:${String(10 + i).padStart(2, '0')}`, channels: ['bsky', 'masto'] }));
  posts.push({ id: 'thread', at: '2027-01-20 11:40', channels: ['bsky', 'masto'], thread: ['and a reply'] });
  return posts;
}

/** The ledger branch's commit subjects on the remote, oldest first. */
function ledgerCommits(remote: string): string[] {
  return git(remote, 'log', '--reverse', '--format=%s', 'socialcal-ledger').split('\n').filter(Boolean);
}

describe('ledger commits of a run', () => {
  it('a run of many due posts makes one claim commit and one result commit, with every handle in the claim', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), duePosts());
    const platform = new MemoryPlatform();
    const { calendar, problems } = load(repo.work);
    const report = await publish(calendar, problems, options(platform));
    expect(report.pairs.filter((p) => p.state === 'published')).toHaveLength(2 * (N + 1));
    expect(platform.sent).toHaveLength(2 * (N + 2));
    expect(ledgerCommits(repo.remote)).toEqual([`socialcal publish: claim ${2 * (N + 1)} posts`, `socialcal publish: ${2 * (N + 1)} published`]);
    // Every item was sent with the handle the claim commit stored for it.
    const claim = git(repo.remote, 'rev-list', '--max-parents=0', 'socialcal-ledger').trim();
    for (const s of platform.sent) expect(git(repo.remote, 'grep', '-l', '--fixed-strings', s.handle, claim, '--', 'published').trim()).not.toBe('');
    expect(ledger(repo.remote, 'thread').accounts.bsky.items.map((i) => i.id)).toEqual(platform.sent.filter((s) => s.account === 'bsky').slice(-2).map((s) => `id-bsky-${s.handle}`));

    // Nothing left to do: a second run writes nothing.
    const again = load(repo.clone());
    await publish(again.calendar, again.problems, options(platform));
    expect(ledgerCommits(repo.remote)).toHaveLength(2);
  });

  it('a run that reconciles the claims of a run that died takes them all over in one commit and records them in one', async () => {
    const repo = calendarRepo(configYaml(ACCOUNTS), duePosts());
    const platform = new MemoryPlatform();
    // The first run is killed while its first post to each account waits for an answer.
    platform.cues.push({ hang: true }, { hang: true });
    const first = load(repo.clone());
    void publish(first.calendar, first.problems, options(platform));
    await waitFor(() => platform.sent.length === 2);
    expect(ledgerCommits(repo.remote)).toEqual([`socialcal publish: claim ${2 * (N + 1)} posts`]);

    ageClaims(repo.remote, 31);
    const later = new Date(NOW.getTime() + 31 * 60_000);
    const second = load(repo.clone());
    const report = await publish(second.calendar, second.problems, options(platform, { now: later, clock: () => later }));
    expect(report.pairs.filter((p) => p.state === 'published')).toHaveLength(2 * (N + 1));
    // The two posts that went out before the kill were found, not sent again.
    expect(platform.sent).toHaveLength(2 * (N + 2));
    expect(ledgerCommits(repo.remote).slice(1)).toEqual(['31 minutes pass', `socialcal publish: claim ${2 * (N + 1)} posts`, `socialcal publish: ${2 * (N + 1)} published`]);
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
