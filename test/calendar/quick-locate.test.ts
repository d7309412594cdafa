import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { FieldPath } from '../../src/calendar/model.js';
import { quickLocate } from '../../src/calendar/quick-locate.js';
import { parsedSourceMap } from '../../src/calendar/yaml-file.js';
import { fuzzCase } from '../fuzz/corpus.js';

// The line scan must give the yaml library's position for a field, or nothing. Held against
// the yaml library over every top-level field (key and value) and list item of the example
// calendar, the fuzz corpus and a table of awkward files.

/** Checks every path the scan could answer in `text`; returns how many it answered. */
function agree(text: string): number {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return 0;
  const reference = parsedSourceMap('f.yaml', text);
  const paths: FieldPath[] = [];
  for (const pair of doc.contents.items) {
    const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
    paths.push([key]);
    const length = isSeq(pair.value) ? pair.value.items.length : 0;
    for (let i = 0; i <= length; i++) paths.push([key, i]);
  }
  paths.push(['missing'], ['missing', 0], ['text', 'nested']);
  let answered = 0;
  for (const path of paths) {
    for (const key of [false, true]) {
      const quick = quickLocate(text, path, key);
      if (!quick) continue;
      answered++;
      const { line, column } = reference.locate(path, { key });
      expect(quick, `${JSON.stringify(path)}${key ? ' (key)' : ''} in:\n${text.slice(0, 400)}`).toEqual({ line, column });
    }
  }
  return answered;
}

const FILES = [
  'at: 2027-03-10 09:00\ntags: [a, b, c]\ntext: hi\n',
  '# comment\n\nat:   2027-03-10 09:00   # c\ntags: [ a ,b,  c, ]\n',
  'tags: []\npillar: x\n',
  'tags: [a, "b", c]\n',
  'tags: [a, [b], c]\n',
  'tags: [a, b: c]\n',
  'tags:\n  - a\n  - b\ntext: x\n',
  'tags:\n- a\n- b\n',
  'text: |\n  tags: [not, a, key]\n  at: no\npillar: p\n',
  'text: "multi\n  line"\ntags: [x]\n',
  'text: plain\n  continued\ntags: [x]\n',
  'text:\tx\ntags:\t[a,\tb]\n',
  'text: a\r\ntags: [a, b]\r\npillar: p\r\n',
  '---\ntext: a\ntags: [a]\n',
  '{ text: a, tags: [a] }\n',
  'text: &x a\ntags: !!seq [a]\n',
  'text: a\ntext2: b\n',
  'text: a\ntext:b\n',
  '"text": a\ntags: [a]\n',
  'text: >\n  folded\ntags: [z]\n',
  'text: [a, b\n  , c]\n',
  'thread:\n  - text: a\ntags: [t]\n',
  'text: {a: 1}\ntags: [a, b]\n',
  'tags: [a,b]#c\n',
  'tags: [a, b] # c\n',
  'tags: [ , a]\n',
  'thread:\n  # a comment first\n\n  - text: a\n',
  'thread: # comment\n  - text: a\n',
  'thread:\n  - &a x\n  - *a\n',
  'thread:\n  - |\n    block\n',
  'thread:\n  -\n  - b\n',
  'a:\n  "q": 1\n',
  'a:\n  ? x\n  : y\n',
  'a:\n  [x]: y\n',
  'a:\nb: 1\n',
  'a:\n',
  'a:\n\n',
  'a:\n  b:\n    - c\n',
  'a:\n    - deep\n',
  'a:\n  b: 1\n  c: 2\nd: 3\n',
  'a:\r\n  - x\r\n',
];

describe('quickLocate: the yaml library\'s positions, or none', () => {
  it('a table of awkward files', () => {
    const answered = FILES.map(agree);
    expect(answered[0]).toBeGreaterThan(6);
    expect(answered.reduce((a, b) => a + b)).toBeGreaterThan(40);
  });

  it('every top-level field and list item of the example calendar', () => {
    const root = join(import.meta.dirname, '../../examples/calendar');
    const files = ['socialcal.yaml', ...['campaigns', 'posts'].flatMap((d) => readdirSync(join(root, d), { recursive: true }).map((f) => join(d, String(f))).filter((f) => f.endsWith('.yaml')))];
    const answered = files.reduce((n, f) => n + agree(readFileSync(join(root, f), 'utf8')), 0);
    expect(answered).toBeGreaterThan(300);
  });

  it('every top-level field and list item of 200 fuzz cases', () => {
    let answered = 0;
    for (let i = 0; i < 200; i++) {
      for (const [path, content] of fuzzCase(11, i).files) {
        if (Buffer.isBuffer(content) && /\.ya?ml$/.test(path)) answered += agree(content.toString('utf8'));
      }
    }
    expect(answered).toBeGreaterThan(10_000);
  }, 120_000);
});
