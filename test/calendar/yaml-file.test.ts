import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/calendar/problems.js';
import { readYamlFile } from '../../src/calendar/yaml-file.js';

// Duplicate keys are found in one pass: a map of 40,000 keys is read at once, and a repeat
// anywhere in it is reported where it is written.

function read(text: string): { value?: unknown; problems: Problem[] } {
  const problems: Problem[] = [];
  const yaml = readYamlFile('posts/x.yaml', new TextEncoder().encode(text), problems);
  return { value: yaml?.value, problems };
}

const KEYS = 40_000;
const bigMap = (extra = '') => `notes:\n${Array.from({ length: KEYS }, (_, i) => `  k${i}: ${i}\n`).join('')}${extra}`;

describe('readYamlFile: duplicate keys', () => {
  it('finds the one duplicate among 40,000 keys and locates it at the repeat', () => {
    const { value, problems } = read(bigMap('  k17: again\n'));
    expect(value).toBeUndefined();
    expect(problems.map((p) => [p.code, p.line, p.column, p.message])).toEqual([['yaml-duplicate-key', KEYS + 2, 3, 'key "k17" appears more than once']]);
  });

  it('reports every duplicate, in nested maps and lists too, and tells 1 from "1"', () => {
    const text = 'a: 1\nb:\n  - x: 1\n    y: 2\n    x: 3\nc: { "1": a, 1: b }\na: 2\n';
    expect(read(text).problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [5, 5, 'key "x" appears more than once'],
      [7, 1, 'key "a" appears more than once'],
    ]);
  });

  it('treats a quoted and a plain key with the same text as the same key', () => {
    expect(read('text: a\n"text": b\n').problems.map((p) => [p.line, p.message])).toEqual([[2, 'key "text" appears more than once']]);
  });
});
