import { z } from 'zod';
import type { FieldPath, Post } from '../calendar/model.js';
import { distinctItems } from './items.js';
import { configPattern, phraseRegex, regexSource, tagList, trustPatterns, type Pattern } from './text.js';
import type { ConfigIssue, RuleContext, RuleMeta } from './types.js';

const claim = z.strictObject({
  name: z.string().min(1),
  tags: tagList.default([]),
  /** Case-insensitive, whole words. */
  phrases: tagList.default([]),
  /** Regular expressions, case-insensitive. */
  patterns: z.array(regexSource).default([]),
  roles: z.array(z.string().min(1)).min(1),
});

// Claims that usually need a second pair of eyes before they go public (FTC/ASA-style).
export const DEFAULT_CLAIMS: z.input<typeof claim>[] = [
  {
    name: 'financial returns',
    tags: ['financial'],
    phrases: ['ROI', 'return on investment', 'guaranteed returns', 'passive income', 'get rich', 'double your money', 'risk-free investment'],
    patterns: ['\\b\\d+(?:\\.\\d+)?\\s?%\\s+(?:returns?|APY|APR|yield|interest)\\b'],
    roles: ['legal'],
  },
  {
    name: 'health',
    tags: ['health'],
    phrases: ['cure', 'cures', 'clinically proven', 'FDA approved', 'weight loss', 'lose weight', 'boosts immunity', 'prevents disease'],
    roles: ['legal'],
  },
  { name: 'testimonial', tags: ['testimonial'], phrases: ['testimonial'], roles: ['marketing'] },
  { name: 'guarantee', tags: ['guarantee'], phrases: ['guaranteed', 'money-back', 'money back guarantee', '100% satisfaction'], roles: ['legal'] },
];

trustPatterns(DEFAULT_CLAIMS.flatMap((c) => c.patterns ?? []));

const options = z.strictObject({
  claims: z.array(claim).default(() => DEFAULT_CLAIMS.map((c) => claim.parse(c))),
});

type Claim = z.output<typeof claim>;

export const meta: RuleMeta<typeof options> = {
  id: 'approval-required',
  description: 'Posts making configured claims (financial, health, testimonials, guarantees…) name the approver roles they need.',
  severity: 'warn',
  scope: 'post',
  options,
  messages: {
    needsApproval: 'needs approval from {{roles}}: {{claims}} claim ({{match}})',
  },
  hints: {
    needsApproval: 'a reviewer with that role approves the pull request (see `socialcal approvals`)',
  },
  docs: {
    bad: `text: Teams see a 300% return on investment in the first month.   # warns: needs legal`,
    good: `text: Teams cut CI time in half in the first month.`,
  },
  checkConfig(opts, config): ConfigIssue[] {
    // Only claims the team wrote: a calendar without a `legal` role still gets the default
    // findings (naming the role), rather than a config error it never asked for.
    if (config.rules['approval-required']?.options.claims === undefined) return [];
    const issues: ConfigIssue[] = [];
    opts.claims.forEach((c, i) => {
      c.roles.forEach((role, j) => {
        if (config.roles[role]) return;
        issues.push({
          path: ['claims', i, 'roles', j],
          detail: `claim "${c.name}" needs role "${role}", which is not under roles in socialcal.yaml`,
          hint: `add \`${role}: [github-user]\` under roles, or set rules.approval-required.claims to claims with your own roles`,
        });
      });
    });
    return issues;
  },
};

interface Matcher {
  claim: Claim;
  tags: Set<string>;
  phrases?: Pattern;
  patterns: Pattern[];
}

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const matchers: Matcher[] = ctx.options.claims.map((c) => ({
    claim: c,
    tags: new Set(c.tags),
    phrases: phrasePattern(c.phrases),
    patterns: c.patterns.map(configPattern),
  }));
  // Every claim's phrases in one pattern: a text it does not match has none of them, and most
  // texts have none, so each claim's own phrases are looked for only in texts this matches.
  const anyPhrase = phraseRegex(ctx.options.claims.flatMap((c) => c.phrases), 'iu');
  for (const post of ctx.calendar.posts) {
    const items = distinctItems(ctx.asWritten(post));
    const mayHavePhrase = items.map((item) => anyPhrase?.test(item.text) ?? false);
    const hits = matchers.flatMap((m) => {
      const hit = match(m, post, items, mayHavePhrase);
      return hit ? [{ claim: m.claim, ...hit }] : [];
    });
    if (hits.length === 0) continue;
    const roles = [...new Set(hits.flatMap((h) => h.claim.roles))].sort();
    ctx.report({
      post,
      path: hits[0].path,
      messageId: 'needsApproval',
      data: { roles: roles.join(', '), claims: hits.map((h) => h.claim.name).join(', '), match: hits.map((h) => h.match).join(', ') },
      roles,
    });
  }
}

function match(m: Matcher, post: Post, items: readonly { text: string; path: FieldPath }[], mayHavePhrase: boolean[]): { path: FieldPath; match: string } | undefined {
  const i = post.tags.findIndex((t) => m.tags.has(t));
  if (i >= 0) return { path: ['tags', i], match: `tag ${post.tags[i]}` };
  for (let j = 0; j < items.length; j++) {
    const item = items[j];
    const phrase = m.phrases && mayHavePhrase[j] ? m.phrases.find(item.text) : undefined;
    if (phrase !== undefined) return { path: item.path, match: `"${phrase}"` };
    for (const pattern of m.patterns) {
      const found = pattern.find(item.text);
      if (found !== undefined) return { path: item.path, match: `"${found}"` };
    }
  }
  return undefined;
}

/** Phrases are escaped literals (no nested repetition), so the native engine is safe for them. */
function phrasePattern(phrases: string[]): Pattern | undefined {
  const re = phraseRegex(phrases, 'iu');
  return re && { source: re.source, find: (text) => re.exec(text)?.[0] };
}
