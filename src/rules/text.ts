import { RE2JS } from 're2js';
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
  return hostMatcher(domains)(host);
}

const matchers = new WeakMap<readonly string[], (host: string) => boolean>();

/** `hostIn` against one list of domains, lower-cased once (a rule asks about every link of every post). */
export function hostMatcher(domains: readonly string[]): (host: string) => boolean {
  let matcher = matchers.get(domains);
  if (!matcher) {
    const exact = domains.map((d) => d.toLowerCase());
    const suffixes = exact.map((d) => `.${d}`);
    matcher = (host) => {
      const h = host.toLowerCase().replace(/\.$/, '');
      for (let i = 0; i < exact.length; i++) if (h === exact[i] || h.endsWith(suffixes[i])) return true;
      return false;
    };
    matchers.set(domains, matcher);
  }
  return matcher;
}

export const tagList = z.array(z.string().min(1));

/** `record[key]` only when the record has it itself: a key like "constructor" finds nothing. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

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

/** A regular expression from the config, matched case-insensitively. */
export interface Pattern {
  source: string;
  /** The first match in `text`, or undefined. */
  find(text: string): string | undefined;
}

const trustedPatterns = new Set<string>();

/**
 * Marks patterns shipped with socialcal (reviewed, no nested repetition) to run on the native
 * engine, which is several times faster; everything a team writes runs on RE2.
 */
export function trustPatterns(sources: Iterable<string>): void {
  for (const source of sources) trustedPatterns.add(source);
}

/**
 * Compiles a pattern from the config. Team-written patterns run on RE2 (re2js), whose matching
 * time is linear in the text: `(a+)+$` cannot hang `check` the way it hangs a backtracking engine.
 */
export function configPattern(source: string): Pattern {
  if (trustedPatterns.has(source)) {
    const native = new RegExp(source, 'iu');
    return { source, find: (text) => native.exec(text)?.[0] };
  }
  const re2 = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  return {
    source,
    // test() runs on RE2's DFA without captures; exec() only where there is something to show.
    find: (text) => (re2.test(text) ? String(re2.exec(text)?.[0] ?? '') : undefined),
  };
}

/** A zod string that must compile as a pattern on RE2, the linear-time engine `configPattern` uses. */
export const regexSource = z.string().superRefine((s, ctx) => {
  // Shipped patterns compile (a test holds them to RE2): compiling one costs a cold run ~50 ms of Unicode tables.
  if (trustedPatterns.has(s)) return;
  try {
    RE2JS.compile(s, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    ctx.addIssue({
      code: 'custom',
      message: `not a pattern socialcal can run (${detail}); patterns use RE2 syntax, which has no lookarounds or backreferences`,
    });
  }
});

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
