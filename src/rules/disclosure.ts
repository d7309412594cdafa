import { z } from 'zod';
import type { FieldPath } from '../calendar/model.js';
import { phraseRegex, tagList } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({
  tags: tagList.default(['sponsored', 'influencer', 'partner']),
  disclosures: tagList.min(1).default(['#ad']),
});

export const meta: RuleMeta<typeof options> = {
  id: 'disclosure',
  description: 'Sponsored, influencer and partner posts carry a disclosure such as #ad in every account\'s text.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    missing: 'post tagged "{{tag}}" has no disclosure ({{disclosures}}) in the text for {{accounts}}',
  },
  hints: {
    missing: 'add {{disclosure}} to the text (and to any override of it), clearly visible',
  },
  docs: {
    bad: `tags: [sponsored]\ntext: Our friends at Rotor made CI 70% faster. https://rotor.example`,
    good: `tags: [sponsored]\ntext: "#ad Our friends at Rotor made CI 70% faster. https://rotor.example"`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const tags = new Set(ctx.options.tags);
  const disclosure = phraseRegex(ctx.options.disclosures, 'iu')!;
  for (const post of ctx.calendar.posts) {
    const tag = post.tags.find((t) => tags.has(t));
    if (tag === undefined) continue;
    // Only the first item: a disclosure must be seen before the reader reaches a thread.
    const missing = new Map<string, { path: FieldPath; accounts: string[] }>();
    for (const r of ctx.asWritten(post)) {
      const item = r.items[0];
      if (disclosure.test(item.text)) continue;
      const key = item.path.join('.');
      const found = missing.get(key);
      if (found) found.accounts.push(r.account.name);
      else missing.set(key, { path: item.path, accounts: [r.account.name] });
    }
    for (const { path, accounts } of missing.values()) {
      ctx.report({
        post,
        path,
        messageId: 'missing',
        data: { tag, disclosures: ctx.options.disclosures.join(', '), disclosure: ctx.options.disclosures[0], accounts: accounts.join(', ') },
      });
    }
  }
}
