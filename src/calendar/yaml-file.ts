import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { FieldPath, Location, SourceMap } from './model.js';
import { makeProblem, type Problem } from './problems.js';
import { fastParse } from './yaml-fast.js';
import { quickLocate } from './quick-locate.js';
import { MAX_FILE_BYTES } from './repo-path.js';

export { MAX_FILE_BYTES };

// Reads one YAML file with source positions kept, so every later problem can be located.

export const MAX_ALIAS_COUNT = 100;

export interface YamlFile {
  value: unknown;
  source: SourceMap;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses `bytes` as YAML 1.2 (core schema). Returns the value, or undefined with problems. */
export function readYamlFile(file: string, bytes: Uint8Array, problems: Problem[]): YamlFile | undefined {
  const start: Location = { file, line: 1, column: 1 };
  if (bytes.length > MAX_FILE_BYTES) {
    problems.push(makeProblem('file-too-large', start, [], { size: bytes.length, limit: MAX_FILE_BYTES }));
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    problems.push(makeProblem('file-encoding', { ...start, line: firstBadLine(bytes) }, []));
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const fast = fastParse(text);
  if (fast) return { value: fast, source: lazySourceMap(file, text) };
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = { file, ...linePos(text, errorOffset(text, error.code, error.pos[0])) };
      problems.push(makeProblem('yaml-syntax', at, [], { detail: firstLine(error.message) }));
    }
    return undefined;
  }
  const duplicates = duplicateKeys(doc);
  if (duplicates.length > 0) {
    for (const d of duplicates) problems.push(makeProblem('yaml-duplicate-key', { file, ...linePos(text, d.offset) }, [], { key: d.key }));
    return undefined;
  }
  if (doc.contents === null) {
    problems.push(makeProblem('file-empty', start, []));
    return undefined;
  }
  const source = lazySourceMap(file, text);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      problems.push(makeProblem('yaml-alias-limit', start, [], { limit: MAX_ALIAS_COUNT }));
      return undefined;
    }
    throw error;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = Array.isArray(value) ? 'a list' : value === null ? 'nothing' : `a ${typeof value}`;
    problems.push(makeProblem('yaml-not-map', source.locate([]), [], { found }));
    return undefined;
  }
  return { value, source };
}

// The yaml library's own duplicate-key check compares every key with every other key of a map
// (40,000 keys took 66 s); duplicateKeys does the same job in one pass.
const YAML_OPTIONS = { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false } as const;

/** Every key that repeats an earlier key of the same map, at the repeat. Linear in the document. */
function duplicateKeys(doc: Document): { key: string; offset: number }[] {
  const out: { key: string; offset: number }[] = [];
  // A plain walk over maps and lists (what the library's generic `visit` did, several times faster).
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        // Scalar keys compare by value (`1` and `"1"` differ, as in the yaml library); other keys by their source.
        const key = isScalar(pair.key) ? `${typeof pair.key.value}:${String(pair.key.value)}` : `node:${String(pair.key)}`;
        if (seen.has(key)) {
          out.push({ key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key), offset: rangeStart(pair.key as Node) ?? 0 });
        } else seen.add(key);
        if (!isScalar(pair.key)) walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (!isPair(item)) walk(item);
        else {
          if (!isScalar(item.key)) walk(item.key);
          walk(item.value);
        }
      }
    }
  };
  walk(doc.contents);
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Positions are needed only for files with problems, so the parsed document is not kept:
 * a calendar of thousands of files would hold every syntax tree in memory. A top-level field
 * is found by a line scan (quickLocate); anything else parses the text again, once, with a
 * line counter. `text` may be a function that reads it
 * then (a cached file is not read at all unless a position in it is needed).
 */
export function lazySourceMap(file: string, text: string | (() => string)): SourceMap {
  let source: string | undefined;
  let parsed: SourceMap | undefined;
  return {
    file,
    locate(path: FieldPath, opts?: { key?: boolean }): Location {
      if (!parsed) {
        source ??= typeof text === 'string' ? text : text();
        // Most findings point at a top-level field: a line scan finds it without parsing the file.
        const quick = quickLocate(source, path, opts?.key ?? false);
        if (quick) return { file, ...quick };
        parsed = parsedSourceMap(file, source);
      }
      return parsed.locate(path, opts);
    },
  };
}

/** Positions from the yaml library's syntax tree of `text` (parsed once, now). */
export function parsedSourceMap(file: string, text: string): SourceMap {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines });
  return {
    file,
    locate(path: FieldPath, opts?: { key?: boolean }): Location {
      const pos = lines.linePos(findOffset(doc.contents as Node | null, path, opts?.key ?? false));
      return { file, line: pos.line, column: pos.col };
    },
  };
}

function linePos(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the node at `path`, or of its nearest existing parent. */
function findOffset(root: Node | null, path: FieldPath, wantKey: boolean): number {
  let node: unknown = root;
  let offset = rangeStart(root) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyOf(p.key) === String(step));
      if (!pair) return offset;
      if (last && wantKey) return rangeStart(pair.key as Node) ?? offset;
      node = pair.value;
      offset = rangeStart(node as Node) ?? rangeStart(pair.key as Node) ?? offset;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(item as Node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: Node | null | undefined): number | undefined {
  return node && 'range' in node && node.range ? node.range[0] : undefined;
}

/** An unclosed quote is noticed at the end of the file; point at where it opens instead. */
function errorOffset(text: string, code: string, offset: number): number {
  if (code !== 'MISSING_CHAR') return offset;
  const before = text.slice(0, offset);
  const quote = Math.max(before.lastIndexOf('"'), before.lastIndexOf("'"));
  return quote === -1 ? offset : quote;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    try {
      utf8.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (newline === -1) break;
    start = newline + 1;
    line++;
  }
  return 1;
}
