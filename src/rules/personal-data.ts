import { z } from 'zod';
import { distinctItems } from './items.js';
import { tagList } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({
  /** Posts republishing other people's content. */
  tags: tagList.default(['ugc']),
  emails: z.boolean().default(true),
  phones: z.boolean().default(true),
});

export const meta: RuleMeta<typeof options> = {
  id: 'personal-data',
  description: 'Posts that republish user content (tag ugc) contain no email addresses or phone numbers.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    email: 'republished user content contains an email address ({{masked}})',
    phone: 'republished user content contains a phone number ({{masked}})',
  },
  hints: {
    email: 'remove it or get written consent and note it in `notes:`',
    phone: 'remove it or get written consent and note it in `notes:`',
  },
  docs: {
    bad: `tags: [ugc]\ntext: "Love this tool! — Ana (ana.silva@example.com)"`,
    good: `tags: [ugc]\ntext: "Love this tool! — Ana, via Mastodon"`,
  },
};

// A remote mention (@user@host) is not an address.
const EMAIL = /(?<![\w.+@-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![\w-])/giu;
// Digits with the usual separators; at least 9 digits, which leaves out dates and times.
const PHONE = /(?<![\w+/.-])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])/gu;
const DATE = /^\d{4}-\d{2}-\d{2}/;

export function findPersonalData(text: string, opts: { emails: boolean; phones: boolean }): { kind: 'email' | 'phone'; value: string }[] {
  const found: { kind: 'email' | 'phone'; value: string }[] = [];
  if (opts.emails) for (const m of text.matchAll(EMAIL)) found.push({ kind: 'email', value: m[0] });
  if (opts.phones) {
    for (const m of text.matchAll(PHONE)) {
      const digits = m[0].replace(/\D/g, '').length;
      if (digits >= 9 && digits <= 15 && !DATE.test(m[0]) && !/\s{2,}|\n/.test(m[0])) found.push({ kind: 'phone', value: m[0].trim() });
    }
  }
  return found;
}

/** Enough to find it in the file, not enough to spread it further in CI logs. */
function mask(value: string): string {
  return value.length <= 4 ? '…' : `${value.slice(0, 2)}…${value.slice(-2)}`;
}

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const tags = new Set(ctx.options.tags);
  for (const post of ctx.calendar.posts) {
    if (!post.tags.some((t) => tags.has(t))) continue;
    for (const item of distinctItems(ctx.asWritten(post))) {
      for (const hit of findPersonalData(item.text, ctx.options)) {
        ctx.report({ post, path: item.path, messageId: hit.kind, data: { masked: mask(hit.value) } });
      }
    }
  }
}
