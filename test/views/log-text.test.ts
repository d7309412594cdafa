import { describe, expect, it } from 'vitest';
import type { PostLog } from '../../src/commands/log.js';
import { logText } from '../../src/views/log.js';

const LOG: PostLog = {
  id: 'launch',
  file: 'posts/launch.yaml',
  removed: false,
  created: { by: 'Dana', at: '2027-01-02T09:00:00+00:00', commit: 'a'.repeat(40) },
  commits: [{ commit: 'a'.repeat(40), author: 'Dana', email: 'dana@acme.example', date: '2027-01-02T09:00:00+00:00', subject: 'Add launch', change: 'added' } as never],
  pullRequests: [],
  published: [
    { account: 'bluesky', state: 'published', at: '2027-03-10T09:00:05.000Z', url: 'https://bsky.app/profile/acme/post/1' },
    { account: 'slack', state: 'failed', at: '2027-03-10T09:00:07.000Z' },
    { account: 'discord', state: 'unknown', at: '2027-03-10T09:00:09.000Z' },
  ],
};

describe('log as text', () => {
  const text = logText(LOG, 'America/New_York');

  it("prints times in the calendar's zone, never as UTC ISO", () => {
    expect(text).toContain('times in America/New_York');
    expect(text).toContain('created by Dana on 2027-01-02 04:00');
    expect(text).toContain('  bluesky  published  2027-03-10 04:00  https://bsky.app/profile/acme/post/1');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('lists failed and unknown outcomes under headings of their own, not under Published', () => {
    const section = (heading: string) => text.split(`\n${heading}\n`)[1]?.split('\n\n')[0];
    expect(section('Published:')).toBe('  bluesky  published  2027-03-10 04:00  https://bsky.app/profile/acme/post/1');
    expect(section('Failed:')).toBe('  slack  failed  2027-03-10 04:00');
    expect(text).toMatch(/Outcome unknown[^\n]*\n {2}discord {2}unknown/);
  });

  it('says when nothing went out', () => {
    expect(logText({ ...LOG, published: [] }, 'UTC')).toContain('Not published yet.');
    expect(logText({ ...LOG, published: [{ account: 'slack', state: 'failed' }] }, 'UTC')).not.toContain('Published:');
  });
});
