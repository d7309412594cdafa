import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/plan.js';
import { planMarkdown } from '../../src/views/plan/markdown.js';
import { planText } from '../../src/views/plan/text.js';
import { CONFIG, postYaml } from '../support/git-history.js';
import { memoryFiles } from './memory-files.js';

// `plan` shows each channel's time of a staggered post, and a changed stagger as a reschedule.

const NOW = new Date('2027-02-01T00:00:00Z');
const post = (fields: Record<string, unknown> = {}) => postYaml({ at: '2027-03-01 10:00', channels: ['bluesky', 'mastodon'], text: 'Hello', ...fields });
const plan = (base: Record<string, string>, head: Record<string, string>) =>
  buildPlan({
    base: { rev: 'main', commit: 'a'.repeat(40) },
    head: { rev: 'working tree' },
    baseFiles: memoryFiles({ 'socialcal.yaml': CONFIG, ...base }),
    headFiles: memoryFiles({ 'socialcal.yaml': CONFIG, ...head }),
    now: NOW,
  });

describe('plan with a stagger', () => {
  it('an added staggered post lists each channel time, in text and Markdown', () => {
    const p = plan({}, { 'posts/a.yaml': post({ stagger: '45m' }) });
    expect(p.posts[0].channelTimes).toEqual([
      { account: 'bluesky', at: '2027-03-01 10:00' },
      { account: 'mastodon', at: '2027-03-01 10:45' },
    ]);
    expect(planText(p)).toContain('2027-03-01 10:00 (staggered: bluesky 10:00, mastodon 10:45)');
    expect(planMarkdown(p)).toContain('2027-03-01 10:00 (staggered: bluesky 10:00, mastodon 10:45)');
  });

  it('changing only the stagger is a reschedule that says what it was', () => {
    const p = plan({ 'posts/a.yaml': post({ stagger: '45m' }) }, { 'posts/a.yaml': post({ stagger: '2h' }) });
    expect(p.posts[0].edits).toEqual(['time']);
    expect(p.summary.rescheduled).toBe(1);
    expect(planMarkdown(p)).toContain('2027-03-01 10:00 (staggered: bluesky 10:00, mastodon 12:00; was bluesky 10:00, mastodon 10:45)');
  });

  it('removing the stagger says the channels now go at once', () => {
    const p = plan({ 'posts/a.yaml': post({ stagger: '45m' }) }, { 'posts/a.yaml': post() });
    expect(planMarkdown(p)).toContain('2027-03-01 10:00 (staggered: all at once; was bluesky 10:00, mastodon 10:45)');
  });

  it('a post without a stagger looks as before', () => {
    const p = plan({}, { 'posts/a.yaml': post() });
    expect(p.posts[0].channelTimes).toBeUndefined();
    expect(planMarkdown(p)).not.toContain('staggered');
  });
});
