import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fastParse } from '../../src/calendar/yaml-fast.js';
import { readYamlFile } from '../../src/calendar/yaml-file.js';
import type { Problem } from '../../src/calendar/problems.js';
import { fuzzCase } from '../fuzz/corpus.js';

// The fast path (js-yaml with the yaml library's core-schema scalars) must give the value the
// yaml library gives, or decline. Held against the yaml library itself: over a table of edge
// cases, the example calendar and the fuzz corpus (broken and hostile files).

/** What the yaml library makes of `text` as a calendar file: its value, or undefined when it reports anything. */
function reference(text: string): unknown {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  return doc.toJS({ maxAliasCount: 100 });
}

/** The fast path's value, checked against the reference; `taken` says whether it read the file. */
function agree(text: string): { taken: boolean } {
  const shown = text.length > 400 ? `${text.slice(0, 400)}…` : text;
  const fast = fastParse(text);
  if (fast === undefined) return { taken: false };
  const slow = reference(text);
  expect(slow, `the yaml library rejects what the fast path read:\n${shown}`).not.toBeUndefined();
  expect(difference(fast, slow, ''), `values differ for:\n${shown}`).toBeUndefined();
  return { taken: true };
}

/**
 * Where two values differ, or undefined: primitives by Object.is (NaN equals NaN, -0 differs
 * from 0), objects by prototype, own keys in order (a `__proto__` or `constructor` key is data
 * here) and enumerability. vitest's toStrictEqual reads a `constructor` key as the type.
 */
function difference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return `${path || '.'}: ${String(a)} (${typeof a}) vs ${String(b)} (${typeof b})`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path || '.'}: another kind of object`;
  const keys = Reflect.ownKeys(a);
  if (keys.join('\0') !== Reflect.ownKeys(b).join('\0')) return `${path || '.'}: keys ${keys.map(String)} vs ${Reflect.ownKeys(b).map(String)}`;
  for (const key of keys) {
    const da = Object.getOwnPropertyDescriptor(a, key)!;
    const db = Object.getOwnPropertyDescriptor(b, key)!;
    if (da.enumerable !== db.enumerable) return `${path}.${String(key)}: enumerable differs`;
    const d = difference(da.value, db.value, `${path}.${String(key)}`);
    if (d) return d;
  }
  return undefined;
}

const SCALARS = [
  '~', 'null', 'Null', 'NULL', 'nULL', '', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '-0', '+0', '+12', '-12', '0123', '0o17', '0o18', '0O17', '0x1F', '0X1F', '0xg', '0b101', '1_000', '99999999999999999999', '007',
  '1.', '.5', '-.5', '+.5', '1.50', '1e3', '1E-3', '1.5e+3', '.5e2', '1e', 'e3', '.', '-', '+', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', 'nan', 'inf',
  '1_000.5', '1:30', '190:20:30', '2027-03-10', '2027-03-10 09:00', '2027-03-10T09:00:00Z', "'12'", '"12"', '"true"', "'~'",
  '"\\u00e9\\t\\x41\\\\ \\""', "'it''s'", 'héllo 🌍', 'a # not a comment', 'a#b', 'http://x.example/?a=1&b=2', '@handle', '`tick`', 'a: b',
];

const DOCUMENTS = [
  'text: |\n  line one\n\n  line three\n',
  'text: |-\n  stripped\n\n',
  'text: |+\n  kept\n\n\nafter: 1\n',
  'text: >\n  folded\n  lines\n\n  para\n    more indented\n  back\n',
  'text: >-\n  folded\n  strip\n',
  'text: |2\n   two extra\n  base\n',
  'text: plain\n  continued\n  again\n',
  'text: "double\n  quoted \\\n  joined\n\n  para"\n',
  "text: 'single\n  quoted\n\n  para'\n",
  'a: {x: 1, y: [a, b, {c: d}], z: {}}\nb: []\n',
  'list:\n- a\n-\n- - nested\n  - more\n- k: v\n  k2: v2\n',
  '---\ntext: started\n...\n',
  '# only a comment first\ntext: a # trailing\n# end\n',
  'text: a\r\nat: 2027-03-10 09:00\r\nchannels:\r\n  - x\r\n',
  'text: "tab\there"\nother:\tvalue\n',
  'key with spaces: 1\n"quoted key": 2\n\'single\': 3\n',
  '1: a\ntrue: b\n1.5: c\n.inf: d\n-0: e\n',
  '__proto__: {polluted: true}\nx: 1\n',
  'constructor: 1\ntoString: 2\nhasOwnProperty: 3\n',
  'text: emoji 👩‍👩‍👧 and ZWJ\n',
  'a:\n  b:\n    c:\n      d: deep\n',
  'thread:\n  - text: one\n    media: [a.png]\n  - text: two\n',
  'x: [1, "2", \'3\', 0x10, 0o7, .5, ~, true]\n',
  'x: { a: 1, a2: [ ] }\n',
  'x: -\n',
  'x: - a\n',
  'x: ? a\n',
  'x: a: b\n',
  'x: [a, b\n',
  'x: "unclosed\n',
  'a: 1\na: 2\n',
  'c: { "1": a, 1: b }\n',
  'a: &anchor 1\nb: *anchor\n',
  'a: !!str 12\n',
  '%YAML 1.2\n---\na: 1\n',
  '? complex\n: key\n',
  '[a, b]: c\n',
  '~: null key\n',
  'null: key\n',
  '"null": quoted\n',
  'text: one\n---\ntext: two\n',
  '- a list\n- at top\n',
  'just a string\n',
  '',
  '\n\n# nothing\n',
  'text: a\n\ttabbed: b\n',
  'text:\n   - a\n  - b\n',
  'a:\n  - b\n c: d\n',
  'text: "\\q bad escape"\n',
  'text: \'\'\n',
  'text: "a\\\n  b"\n',
  'text: >+\n  keep\n\n',
  'a: b # comment\n#c: d\n',
  'a: 1 #c\nb: 2#notcomment\n',
  'text: |\n  # not a comment\n',
  'at: 2027-01-01 09:00\nat2: 09:00\nat3: 9:00\n',
];

describe('fastParse: the same values as the yaml library, or none', () => {
  it('plain scalars resolve as the YAML 1.2 core schema does', () => {
    for (const s of SCALARS) {
      agree(`x: ${s}\n`);
      agree(`x: [${s}]\n`);
      agree(`- k: ${s}\n`.replace(/^- /, 'y:\n  - '));
    }
    // The common ones are read by the fast path (it would be no faster otherwise).
    for (const s of ['~', 'true', '12', '0x1F', '0o17', '1.5', '1e3', '.inf', '2027-03-10 09:00', "'12'", 'héllo 🌍']) expect(agree(`x: ${s}\n`).taken, s).toBe(true);
  });

  it('block scalars, quoting, flow collections, comments, CRLF and odd keys', () => {
    const taken = DOCUMENTS.filter((d) => agree(d).taken);
    // What the fast path must leave to the yaml library (its errors, duplicate keys, aliases, tags, directives, complex keys, null keys).
    for (const d of ['a: 1\na: 2\n', 'a: &anchor 1\nb: *anchor\n', 'a: !!str 12\n', '%YAML 1.2\n---\na: 1\n', '? complex\n: key\n', '[a, b]: c\n', '~: null key\n', 'null: key\n', 'x: [a, b\n', 'x: "unclosed\n', 'text: one\n---\ntext: two\n', '- a list\n- at top\n', '', 'just a string\n']) {
      expect(fastParse(d), d).toBeUndefined();
    }
    expect(taken.length).toBeGreaterThan(30);
  });

  it('reads every file of the example calendar, with the same values', () => {
    const root = join(import.meta.dirname, '../../examples/calendar');
    const files = ['socialcal.yaml', ...['campaigns', 'posts'].flatMap((d) => readdirSync(join(root, d), { recursive: true }).map((f) => join(d, String(f))).filter((f) => f.endsWith('.yaml')))];
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) expect(agree(readFileSync(join(root, f), 'utf8')).taken, f).toBe(true);
  });

  it('agrees with the yaml library on every file of 200 fuzz cases (broken and hostile YAML)', () => {
    let taken = 0;
    let declined = 0;
    for (let i = 0; i < 200; i++) {
      for (const [path, content] of fuzzCase(11, i).files) {
        if (!Buffer.isBuffer(content) || !/\.ya?ml$/.test(path)) continue;
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(content);
        } catch {
          continue;
        }
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (agree(text).taken) taken++;
        else declined++;
      }
    }
    expect(taken).toBeGreaterThan(1000);
    expect(declined).toBeGreaterThan(50);
  }, 120_000);
});

describe('readYamlFile with the fast path', () => {
  const read = (text: string) => {
    const problems: Problem[] = [];
    const yaml = readYamlFile('posts/x.yaml', new TextEncoder().encode(text), problems);
    return { yaml, problems };
  };

  it('locates a field of a file the fast path read', () => {
    const { yaml, problems } = read('# c\nat: 2027-03-10 09:00\nthread:\n  - text: a\n  - text: b\n');
    expect(problems).toEqual([]);
    expect(yaml!.value).toEqual({ at: '2027-03-10 09:00', thread: [{ text: 'a' }, { text: 'b' }] });
    expect(yaml!.source.locate(['thread', 1, 'text'])).toMatchObject({ line: 5, column: 11 });
  });

  it('still reports duplicate keys, aliases over the limit and syntax errors where they are', () => {
    expect(read('text: a\ntext: b\n').problems.map((p) => [p.code, p.line])).toEqual([['yaml-duplicate-key', 2]]);
    const laughs = `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10).fill(i ? '*' + 'b'.repeat(i) : '*a').join(', ')}]`).join('\n')}\n`;
    expect(read(laughs).problems.map((p) => p.code)).toEqual(['yaml-alias-limit']);
    expect(read('text: [a, b\n').problems.map((p) => p.code)).toContain('yaml-syntax');
    expect(read('- a\n').problems.map((p) => p.code)).toEqual(['yaml-not-map']);
    expect(read('').problems.map((p) => p.code)).toEqual(['file-empty']);
  });
});
