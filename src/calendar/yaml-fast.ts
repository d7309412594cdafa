import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

// The fast path for reading a calendar file: js-yaml builds plain values several times faster
// than the yaml library's document model (on the 10,000-post benchmark calendar, about 6× less
// time), and a calendar is mostly plain maps, lists and strings. Its schema here resolves plain
// scalars exactly as the yaml library's YAML 1.2 core schema does (the same patterns and
// conversions, from yaml/dist/schema/core), so the value is the same whichever path read it.
//
// The fast path declines, and the yaml library reads the file as before (with its located
// errors, duplicate-key check and alias limit), whenever the two could differ or the file needs
// those checks: anything js-yaml rejects, a value that is not a map, anchors, aliases, tags,
// directives, complex keys, a null key and a key too long to be implicit. test/calendar/yaml-fast.test.ts holds the two paths
// to the same values over the fuzz corpus and a table of edge cases.

/** One implicit type per tag (js-yaml keeps only the last type of a tag): the first matching form converts. */
const core = (tag: string, forms: [RegExp, (text: string) => unknown][]) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text: string | null) => forms.some(([test]) => test.test(text ?? '')),
    construct: (text: string | null) => forms.find(([test]) => test.test(text ?? ''))![1](text ?? ''),
  });

const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    core('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    core('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    core('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    core('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
    ]),
  ],
});

/**
 * Text the fast path leaves to the yaml library: an anchor, alias or tag where a node starts
 * (the alias limit and tag handling live there), a directive, a complex (`?`) key or a flow
 * collection used as a key, or a lone carriage return (a line break to js-yaml, not to the yaml
 * library). Plain text that merely looks like one (`**bold**`) only costs the
 * slower path.
 */
const DECLINE = /(?:^|[\s[{,])[&*!][^\s,[\]{}]|^%|(?:^|[\s[{,])\?(?:\s|$)|[\]}]\s*:(?:\s|$)|\r(?!\n)/m;

/** The file's value as a map when the fast path can read it exactly as the yaml library would; else undefined. */
export function fastParse(text: string): Record<string, unknown> | undefined {
  if (DECLINE.test(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: SCHEMA });
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || hasOddKey(value)) return undefined;
  return value as Record<string, unknown>;
}

/**
 * A key the two libraries read differently: js-yaml names a null key "null" (the yaml library
 * ""), and takes implicit keys over 1,024 characters, which the yaml library refuses, as YAML
 * says. Neither is a valid field here; the slow path reports them.
 */
function hasOddKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasOddKey);
  for (const key in value) {
    if (key === 'null' || key.length > MAX_KEY || hasOddKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Below YAML's 1,024-character limit on implicit keys, with room for quotes. */
const MAX_KEY = 1000;
