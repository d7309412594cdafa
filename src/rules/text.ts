import { z } from 'zod';
import type { Config, FieldPath } from '../calendar/model.js';
import type { ConfigIssue } from './types.js';

// Text matching shared by the content rules.

const WORD = '[\\p{L}\\p{N}_]';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regex matching any of `phrases`, case-insensitive, not inside a longer word
 * (`#ad` does not match `#adventure`), any run of spaces matching any whitespace.
 */
export function phraseRegex(phrases: readonly string[], flags = 'giu'): RegExp | undefined {
  const parts = phrases
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((p) => escape(p).replace(/\s+/g, '\\s+'));
  if (parts.length === 0) return undefined;
  return new RegExp(`(?<!${WORD})(?:${parts.join('|')})(?!${WORD})`, flags);
}

/** The phrase as configured, found from a match (case and spacing ignored). */
export function phraseKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether `host` is `domain` or one of its subdomains. */
export function hostIn(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => {
    const dd = d.toLowerCase();
    return h === dd || h.endsWith(`.${dd}`);
  });
}

export const tagList = z.array(z.string().min(1));

/** Config issues for option keys that name accounts the config does not have. */
export function unknownAccounts(accounts: Record<string, unknown> | undefined, config: Config, at: FieldPath = ['accounts']): ConfigIssue[] {
  return Object.keys(accounts ?? {})
    .filter((name) => !config.accounts[name])
    .map((name) => ({
      path: [...at, name],
      detail: `unknown account "${name}"`,
      hint: `use one of the accounts in socialcal.yaml: ${Object.keys(config.accounts).join(', ')}`,
    }));
}

/** A zod string that must compile as a regular expression. */
export const regexSource = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/** A wall-clock time `HH:MM`. */
export const clockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM, e.g. 22:00');

/** `HH:MM` as minutes after midnight. */
export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h * 60 + m;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
