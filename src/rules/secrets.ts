import { z } from 'zod';
import type { FieldPath, Post } from '../calendar/model.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

export const meta: RuleMeta<typeof options> = {
  id: 'secrets',
  description: 'No API keys, tokens or private keys pasted into any text, alt text or notes.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    secret: 'looks like {{kind}} ({{preview}}…)',
  },
  hints: {
    secret: 'remove it and revoke it now: it is in the git history; credentials belong in environment variables',
  },
  docs: {
    bad: `notes: "staging token: ghp_…36 characters…"`,
    good: `notes: "the token is in the SOCIAL_TOKEN secret in CI"`,
  },
};

const PATTERNS: { kind: string; re: RegExp }[] = [
  { kind: 'an AWS access key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { kind: 'a GitHub token', re: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { kind: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { kind: 'a Stripe secret key', re: /\b[sr]k_live_[0-9A-Za-z]{16,}\b/ },
  { kind: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];
// One cheap test first: every pattern contains one of these.
const QUICK = /AKIA|ASIA|gh[pousr]_|github_pat_|xox|AIza|k_live_|PRIVATE KEY|eyJ/;

export function findSecret(text: string): { kind: string; preview: string } | undefined {
  if (!QUICK.test(text)) return undefined;
  for (const { kind, re } of PATTERNS) {
    const m = re.exec(text);
    // Never print the secret itself: its well-known prefix is enough to find it.
    if (m) return { kind, preview: m[0].slice(0, kind === 'a private key' ? 10 : 4) };
  }
  return undefined;
}

const TEXT: FieldPath = ['text'];

/**
 * Calls `fn` with every free text of a post and where it is, `base` then `tail` (a finding's
 * path joins them): text, thread, overrides, alt texts, notes.
 */
function eachText(post: Post, fn: (text: string, base: FieldPath, tail: FieldPath) => void): void {
  const content = (c: { text?: string; media?: Post['media']; thread?: Post['thread'] }, base: FieldPath) => {
    if (c.text !== undefined) fn(c.text, base, TEXT);
    c.media?.forEach((m, i) => m.alt !== undefined && fn(m.alt, base, ['media', i, 'alt']));
    c.thread?.forEach((t, i) => content(t, [...base, 'thread', i]));
  };
  content(post, []);
  for (const [key, o] of Object.entries(post.overrides)) content(o, ['overrides', key]);
  if (post.notes !== undefined) fn(post.notes, [], ['notes']);
  if (post.card) {
    for (const key of ['uri', 'title', 'description'] as const) {
      const value = post.card[key];
      if (value !== undefined) fn(value, ['card'], [key]);
    }
  }
}

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  for (const post of ctx.calendar.posts) {
    eachText(post, (text, base, tail) => {
      const hit = findSecret(text);
      if (hit) ctx.report({ post, path: [...base, ...tail], messageId: 'secret', data: hit });
    });
  }
}
