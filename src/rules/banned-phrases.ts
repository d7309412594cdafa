import { z } from 'zod';
import { distinctItems } from './items.js';
import { phraseKey, phraseRegex } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const entry = z.union([
  z.string().min(1).transform((phrase) => ({ phrase, reason: undefined as string | undefined })),
  z.strictObject({ phrase: z.string().min(1), reason: z.string().optional() }),
]);
const options = z.strictObject({
  phrases: z.array(entry).default([]),
});

export const meta: RuleMeta<typeof options> = {
  id: 'banned-phrases',
  description: 'Text does not contain phrases the team has banned (case-insensitive, whole words).',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    banned: '"{{found}}" is a banned phrase{{because}}',
  },
  hints: {
    banned: 'reword it; the list is rules.banned-phrases.phrases in socialcal.yaml',
  },
  docs: {
    bad: `# rules: { banned-phrases: { phrases: [{ phrase: game changer, reason: house style }] } }\ntext: Acme 2.0 is a game changer.`,
    good: `text: Acme 2.0 makes builds four times faster.`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const reasons = new Map(ctx.options.phrases.map((p) => [phraseKey(p.phrase), p.reason]));
  const re = phraseRegex(ctx.options.phrases.map((p) => p.phrase));
  if (!re) return;
  for (const post of ctx.calendar.posts) {
    for (const item of distinctItems(ctx.asWritten(post))) {
      for (const m of item.text.matchAll(re)) {
        const reason = reasons.get(phraseKey(m[0]));
        ctx.report({ post, path: item.path, messageId: 'banned', data: { found: m[0], because: reason ? ` (${reason})` : '' } });
      }
    }
  }
}
