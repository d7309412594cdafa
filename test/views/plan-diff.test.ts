import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/plan.js';
import { planMarkdown } from '../../src/views/plan/markdown.js';
import { planText } from '../../src/views/plan/text.js';
import { textDiff } from '../../src/views/plan/text-diff.js';
import { CONFIG, postYaml } from '../support/git-history.js';
import { memoryFiles } from '../plan/memory-files.js';

// `plan` shows an edited text as a before/after diff, not only the new text.

const post = (text: string, at = '2027-03-01 10:00') => postYaml({ at, channels: ['bluesky', 'mastodon'], text, overrides: { mastodon: { text: 'Mastodon stays' } } });

function plan(before: Record<string, string>, after: Record<string, string>) {
  return buildPlan({
    base: { rev: 'main', commit: 'a'.repeat(40) },
    head: { rev: 'working tree' },
    baseFiles: memoryFiles({ 'socialcal.yaml': CONFIG, ...before }),
    headFiles: memoryFiles({ 'socialcal.yaml': CONFIG, ...after }),
    now: new Date('2027-02-01T00:00:00Z'),
  });
}

describe('plan diff of an edited text', () => {
  const p = plan({ 'posts/a.yaml': post('Launch day!\nSign up at acme.example') }, { 'posts/a.yaml': post('Launch day is here!\nSign up at acme.example') });

  it('keeps the previous text only where this account gets a different one', () => {
    const [bluesky, mastodon] = p.posts[0].accounts;
    expect(bluesky.items[0].previousText).toBe('Launch day!\nSign up at acme.example');
    expect(mastodon.items[0].previousText).toBeUndefined();
  });

  it('prints removed and added lines in the terminal', () => {
    const text = planText(p);
    expect(text).toContain('      - Launch day!\n      + Launch day is here!\n        Sign up at acme.example\n');
    expect(text).toContain('      │ Mastodon stays');
  });

  it('renders a diff block in the pull-request comment', () => {
    const md = planMarkdown(p);
    const fences = new MarkdownIt().parse(md, {}).filter((t) => t.type === 'fence');
    expect(fences.map((f) => [f.info, f.content])).toEqual([
      ['diff', '- Launch day!\n+ Launch day is here!\n  Sign up at acme.example\n'],
      ['text', 'Mastodon stays\n'],
    ]);
    expect(md).toContain('edited (before → after)');
  });

  it('shows a rescheduled or new post as its text alone', () => {
    const moved = plan({ 'posts/a.yaml': post('Same') }, { 'posts/a.yaml': post('Same', '2027-03-02 10:00'), 'posts/b.yaml': post('New') });
    for (const x of moved.posts) for (const a of x.accounts) for (const item of a.items) expect(item.previousText).toBeUndefined();
    expect(planText(moved)).not.toMatch(/^ {6}[-+] /m);
  });

  it('diffs line by line, keeping unchanged lines', () => {
    expect(textDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { sign: ' ', text: 'a' },
      { sign: '-', text: 'b' },
      { sign: '+', text: 'B' },
      { sign: ' ', text: 'c' },
    ]);
  });
});
