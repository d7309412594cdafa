import { describe, expect, it } from 'vitest';
import type { LedgerView } from '../../src/calendar/model.js';
import { planMarkdown, PLAN_MARKER } from '../../src/views/plan/markdown.js';
import { buildPlan, type PlanInput } from '../../src/plan/plan.js';
import { planText } from '../../src/views/plan/text.js';
import { CONFIG, postYaml } from '../support/git-history.js';
import { memoryFiles } from './memory-files.js';

const NOW = new Date('2027-02-01T00:00:00Z');
const post = (fields: Record<string, unknown> = {}) => postYaml({ at: '2027-03-01 10:00', channels: ['bluesky'], text: 'Hello', ...fields });

function plan(base: Record<string, string>, head: Record<string, string>, extra: Partial<PlanInput> = {}) {
  return buildPlan({
    base: { rev: 'main', commit: 'a'.repeat(40) },
    head: { rev: 'working tree' },
    baseFiles: memoryFiles({ 'socialcal.yaml': CONFIG, ...base }),
    headFiles: memoryFiles({ 'socialcal.yaml': CONFIG, ...head }),
    now: NOW,
    ...extra,
  });
}

describe('buildPlan', () => {
  it('previews what each account gets, with its length against the platform limit', () => {
    const long = 'x'.repeat(320);
    const p = plan({}, { 'posts/a.yaml': post({ channels: ['bluesky', 'mastodon'], text: long, thread: [{ text: 'reply' }] }) });
    expect(p.posts[0].accounts.map((a) => [a.account, a.items.map((i) => [i.length, i.limit, i.over])])).toEqual([
      ['bluesky', [[320, 300, true], [5, 300, false]]],
      ['mastodon', [[320, 500, false], [5, 500, false]]],
    ]);
    expect(p.posts[0].findings.map((f) => f.rule)).toContain('max-length');
  });

  it('takes the approver roles a post needs from approval-required findings', () => {
    const p = plan({}, { 'posts/roi.yaml': post({ text: 'A 300% return on investment!' }), 'posts/plain.yaml': post() });
    expect(p.posts.map((x) => [x.id, x.roles])).toEqual([
      ['plain', []],
      ['roi', ['legal']],
    ]);
    expect(p.roles).toEqual(['legal']);
  });

  it('keeps the roles the base config asks for when the change turns the rule off', () => {
    const loosened = CONFIG + 'rules:\n  approval-required: "off"\n';
    const p = buildPlan({
      base: { rev: 'main', commit: 'a'.repeat(40) },
      head: { rev: 'working tree' },
      baseFiles: memoryFiles({ 'socialcal.yaml': CONFIG }),
      headFiles: memoryFiles({ 'socialcal.yaml': loosened, 'posts/roi.yaml': post({ tags: ['financial'] }) }),
      now: NOW,
    });
    expect(p.roles).toEqual(['legal']);
    expect(p.config).toEqual([{ area: 'rules', name: 'approval-required', kind: 'added', after: 'off' }]);
  });

  it('calls out edits and removals of posts that already went out', () => {
    const ledger: LedgerView = {
      freezes: [],
      status: (id, account) =>
        id === 'a' && account === 'bluesky' ? { state: 'published', url: 'https://bsky.app/profile/acme/post/1' } : undefined,
    };
    const p = plan({ 'posts/a.yaml': post(), 'posts/b.yaml': post() }, { 'posts/a.yaml': post({ text: 'Fixed typo' }) }, { ledger });
    expect(p.posts.map((x) => [x.id, x.kind, x.published])).toEqual([
      ['a', 'changed', [{ account: 'bluesky', state: 'published', url: 'https://bsky.app/profile/acme/post/1' }]],
      ['b', 'removed', []],
    ]);
    expect(p.summary.publishedEdits).toBe(1);
    expect(planText(p)).toContain('already went out on bluesky (published): this change will not reach the platform');
  });

  it('reports a post whose file no longer loads as invalid, not as removed', () => {
    const p = plan({ 'posts/a.yaml': post(), 'posts/old-broken.yaml': 'text: [\n' }, { 'posts/a.yaml': 'at: [broken\n', 'posts/old-broken.yaml': 'text: [\n' });
    expect(p.posts).toEqual([]);
    expect(p.invalid.map((f) => f.file)).toEqual(['posts/a.yaml']);
    expect(p.summary.errors).toBeGreaterThan(0);
  });

  it('still sees unchanged post files whose final text a campaign change alters', () => {
    const files = { 'posts/a.yaml': post({ campaign: 'launch', text: 'https://acme.example' }), 'posts/b.yaml': post() };
    const p = plan(
      { ...files, 'campaigns/launch.yaml': 'name: Launch\nutm: { source: a }\n' },
      { ...files, 'campaigns/launch.yaml': 'name: Launch\nutm: { source: b }\n' },
    );
    expect(p.posts.map((x) => [x.id, x.edits])).toEqual([['a', ['rendered']]]);
    expect(p.posts[0].accounts[0].items[0].text).toBe('https://acme.example/?utm_source=b&utm_medium=social&utm_campaign=launch');
  });

  it('says so when nothing changed', () => {
    const p = plan({ 'posts/a.yaml': post() }, { 'posts/a.yaml': post() });
    expect(planMarkdown(p)).toBe(`${PLAN_MARKER}\n## 📅 socialcal plan\n\nComparing \`main (aaaaaaa)\` → \`working tree\` · times in Europe/Berlin\n\nNo changes to the calendar.\n`);
  });
});

describe('planMarkdown', () => {
  it('keeps post text from breaking out of its code block or pinging people', () => {
    const p = plan({}, { 'posts/a.yaml': post({ text: 'Look: ```\n</details> @dana', media: [] }) });
    const md = planMarkdown(p);
    expect(md).toContain('````text\nLook: ```\n</details> @dana\n````');
    expect(md.match(/<\/details>/g)).toHaveLength(2); // the section's own, and the one inside the code block
  });

  it('stays under the comment size limit by leaving out whole post sections', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`posts/p${String(i).padStart(2, '0')}.yaml`] = post({ text: `Post ${i} ${'lorem ipsum '.repeat(20)}` });
    const md = planMarkdown(plan({}, files), { maxLength: 6000 });
    expect(md.length).toBeLessThan(6000);
    expect(md).toMatch(/_\d+ more posts not shown here \(comment size limit\)/);
    expect(md).toContain('| `p39` | added |'); // the summary table still lists every post
  });
});
