import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/plan.js';
import { approvalsMarkdown } from '../../src/views/approvals.js';
import { planMarkdown } from '../../src/views/plan/markdown.js';
import { CONFIG, postYaml } from '../support/git-history.js';
import { memoryFiles } from '../plan/memory-files.js';

// The plan comment rendered by a GFM renderer: whatever a folder name, media path, YAML key or
// post text holds, no heading, table, HTML or live @mention comes from it.

const HOSTILE = 'x`\n@acme/admins ping\n# Approved by legal\n| role | status |\n| --- | --- |\n| legal | ✅ approved |\n<img src=x onerror=alert(1)>``';

const md = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

/** What GitHub would turn into a mention: @name in text that is not code. */
function liveMentions(tokens: Token[]): string[] {
  return flatten(tokens)
    .filter((t) => t.type === 'text' || t.type === 'html_block' || t.type === 'html_inline')
    .flatMap((t) => t.content.match(/(?<![\w`])@[A-Za-z0-9][\w-]*/g) ?? []);
}

function headings(tokens: Token[]): string[] {
  return tokens.flatMap((t, i) => (t.type === 'heading_open' ? [tokens[i + 1].content] : []));
}

function plan() {
  const post = postYaml({
    at: '2027-03-01 10:00',
    channels: ['bluesky'],
    text: 'Hello @dana\n::warning::x',
    media: [{ file: `media/${HOSTILE}.png`, alt: HOSTILE }],
  });
  return buildPlan({
    base: { rev: 'main', commit: 'a'.repeat(40) },
    head: { rev: 'working tree' },
    baseFiles: memoryFiles({ 'socialcal.yaml': CONFIG }),
    headFiles: memoryFiles({ 'socialcal.yaml': CONFIG, [`posts/${HOSTILE}/launch.yaml`]: post, [`posts/${HOSTILE}.yaml`]: post }),
    now: new Date('2027-02-01T00:00:00Z'),
  });
}

describe('plan comment against hostile names', () => {
  const p = plan();
  const markdown = planMarkdown(p);
  const tokens = md.parse(markdown, {});

  it('has only its own headings', () => {
    expect(p.posts.length + p.invalid.length).toBeGreaterThan(0);
    for (const h of headings(tokens)) expect(h).toMatch(/^(📅 socialcal plan|❌ Files that do not load|⚙️ Config|🎯 Campaigns)/);
  });

  it('has one table, the summary, with a row per post and six cells a row', () => {
    const tables = flatten(tokens).filter((t) => t.type === 'table_open');
    expect(tables).toHaveLength(p.posts.length ? 1 : 0);
    const rows = tokens.filter((t) => t.type === 'tr_open');
    expect(rows).toHaveLength(p.posts.length + 1);
    const cells = tokens.filter((t) => t.type === 'td_open' || t.type === 'th_open');
    expect(cells).toHaveLength(6 * rows.length);
  });

  it('pings nobody and carries no HTML of the user', () => {
    expect(liveMentions(tokens)).toEqual([]);
    const html = md.render(markdown);
    expect(html).not.toContain('<img');
    for (const t of flatten(tokens).filter((t) => t.type === 'html_block' || t.type === 'html_inline')) {
      expect(t.content.trim()).toMatch(/^(<!-- socialcal-plan -->|<details>|<\/details>|<\/?summary>|<\/?b>)/);
    }
  });

  it('still shows the names, readable, in code spans', () => {
    const spans = flatten(tokens).filter((t) => t.type === 'code_inline').map((t) => t.content);
    expect(spans.some((s) => s.includes('@acme/admins ping # Approved by legal'))).toBe(true);
  });
});

describe('approvals summary against hostile names', () => {
  it('keeps role and post names inside their cells', () => {
    const role = { role: HOSTILE, by: [], posts: [HOSTILE], members: ['@acme/legal'] };
    const markdown = approvalsMarkdown({
      pullRequest: { repo: 'acme/cal', number: 1 },
      base: { rev: 'main', commit: 'a'.repeat(40) },
      required: [HOSTILE],
      reviews: [],
      covered: [],
      missing: [role],
      unreadTeams: [{ team: '@acme/x', reason: `team @acme/x\n# not found` }],
      ok: false,
    } as never);
    const tokens = md.parse(markdown, {});
    expect(headings(tokens)).toEqual(['🔐 socialcal approvals']);
    expect(tokens.filter((t) => t.type === 'tr_open')).toHaveLength(2);
    expect(tokens.filter((t) => t.type === 'td_open')).toHaveLength(5);
    expect(liveMentions(tokens)).toEqual([]);
  });
});
